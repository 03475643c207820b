import {test} from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {getEnv} from '../../source/rules/environment.js';
import {
	goEnvFileLocation,
	goSettingKeys,
	insecureFlagError,
	parseGoEnvFile,
	resolveGoSetting,
	splitGoflags,
} from '../../source/rules/go-env-file.js';
import type {Environment, Platform} from '../../source/system/types.js';

type LocationRow = {env: Environment; platform: Platform; path?: string; source: 'GOENV' | 'default' | 'off'; problem?: RegExp; why: string};

// docs/go.md §4 [docs/sources.md §G25][docs/sources.md §G43]: cfg.EnvFile and os.UserConfigDir.
const locationTable: LocationRow[] = [
	{env: {HOME: '/home/dev'}, platform: 'linux', path: '/home/dev/.config/go/env', source: 'default', why: 'docs/go.md §4 Linux: $HOME/.config/go/env'},
	{env: {HOME: '/home/dev/'}, platform: 'linux', path: '/home/dev/.config/go/env', source: 'default', why: 'filepath.Join cleans a trailing slash'},
	{env: {HOME: '/home/dev', XDG_CONFIG_HOME: '/xdg'}, platform: 'linux', path: '/xdg/go/env', source: 'default', why: 'docs/go.md §4 absolute XDG_CONFIG_HOME wins'},
	{env: {HOME: '/home/dev', XDG_CONFIG_HOME: ''}, platform: 'linux', path: '/home/dev/.config/go/env', source: 'default', why: 'empty XDG_CONFIG_HOME is unset'},
	{env: {HOME: '/home/dev', XDG_CONFIG_HOME: 'cfg'}, platform: 'linux', source: 'default', problem: /XDG_CONFIG_HOME is relative.*cfg\/go\/env/, why: 'docs/go.md §4 relative XDG_CONFIG_HOME: current Go reads no file (no $HOME fallback) [docs/sources.md §G43]'},
	{env: {}, platform: 'linux', source: 'default', problem: /neither \$XDG_CONFIG_HOME nor \$HOME are defined/, why: 'nothing to build the path from'},
	{env: {HOME: '/home/dev'}, platform: 'other', path: '/home/dev/.config/go/env', source: 'default', why: 'docs/go.md §4 BSDs follow the Unix rule'},
	{env: {HOME: '/Users/dev', XDG_CONFIG_HOME: '/xdg'}, platform: 'darwin', path: '/Users/dev/Library/Application Support/go/env', source: 'default', why: 'docs/go.md §4 macOS ignores XDG_CONFIG_HOME'},
	{env: {}, platform: 'darwin', source: 'default', problem: /\$HOME is not defined/, why: 'macOS without HOME'},
	{env: {APPDATA: 'C:\\Users\\dev\\AppData\\Roaming'}, platform: 'win32', path: 'C:\\Users\\dev\\AppData\\Roaming\\go\\env', source: 'default', why: 'docs/go.md §4 Windows %AppData% (names are case-insensitive)'},
	{env: {}, platform: 'win32', source: 'default', problem: /%AppData% is not defined/, why: 'Windows without AppData'},
	{env: {GOENV: 'off', HOME: '/home/dev'}, platform: 'linux', source: 'off', why: 'docs/go.md §4 GOENV=off disables the user file'},
	{env: {GOENV: '/etc/go/env', HOME: '/home/dev'}, platform: 'linux', path: '/etc/go/env', source: 'GOENV', why: 'docs/go.md §4 GOENV names the file'},
	{env: {GOENV: 'go.env'}, platform: 'linux', path: 'go.env', source: 'GOENV', problem: /relative/, why: 'a relative GOENV depends on the working directory'},
	{env: {goenv: 'D:\\go\\env'}, platform: 'win32', path: 'D:\\go\\env', source: 'GOENV', why: 'GOENV looked up case-insensitively on Windows'},
	{env: {goenv: '/x/env', HOME: '/home/dev'}, platform: 'linux', path: '/home/dev/.config/go/env', source: 'default', why: 'but case-sensitively elsewhere'},
];

test('goEnvFileLocation finds the file as cfg.EnvFile does (docs/go.md §4)', () => {
	for (const row of locationTable) {
		const got = goEnvFileLocation(row.env, row.platform);
		assert.equal(got.path, row.path, `${row.why}: path`);
		assert.equal(got.source, row.source, `${row.why}: source`);
		if (row.problem) assert.match(got.problem ?? '', row.problem, `${row.why}: problem`);
		else assert.equal(got.problem, undefined, `${row.why}: problem`);
	}
});

type ParseRow = {text: string; values: Record<string, string>; ignored?: Array<[number, string]>; suspicious?: Array<[number, RegExp]>; kind?: 'user' | 'GOROOT'; why: string};

// cfg.readEnvFile [docs/sources.md §G25]; the BOM, CRLF, quote and blank-key rows were checked with `go env` (Go 1.19).
const parseTable: ParseRow[] = [
	{text: 'GOPRIVATE=gitlab.example.com\nGOPROXY=https://proxy.golang.org,direct\n', values: {GOPRIVATE: 'gitlab.example.com', GOPROXY: 'https://proxy.golang.org,direct'}, why: 'docs/go.md §4 KEY=VALUE lines'},
	{text: 'GOFLAGS=-ldflags=-s -mod=mod', values: {GOFLAGS: '-ldflags=-s -mod=mod'}, why: 'value runs to the end of the line; last line without newline'},
	{text: 'GOPRIVATE=\n', values: {GOPRIVATE: ''}, why: 'an empty value is still a value'},
	{text: 'GOPROXY=https://p.example\r\nGOPRIVATE=x\r\n', values: {GOPROXY: 'https://p.example\r', GOPRIVATE: 'x\r'},
		suspicious: [[1, /\\r/], [2, /\\r/]], why: 'docs/go.md §4 CRLF: Go splits on \\n only, the \\r stays in the value'},
	{text: '\ufeffGOPRIVATE=a.example.com\nGOPROXY=direct\n', values: {GOPROXY: 'direct'}, ignored: [[1, 'byte-order mark']], why: 'a BOM is not stripped: the first line is ignored'},
	{text: '# comment\n\n   \nnot a setting\ngoflags=x\n=x\n', values: {}, ignored: [[1, 'comment'], [4, 'no "="'], [5, 'upper-case'], [6, 'upper-case']], why: 'docs/go.md §4 lines without = or not starting with A-Z are ignored; blank lines are not reported'},
	{text: 'GONOSUMDB="q.example.com"\n', values: {GONOSUMDB: '"q.example.com"'}, suspicious: [[1, /quotes/]], why: 'quotes are not removed'},
	{text: 'GOPROXY =direct\n', values: {'GOPROXY ': 'direct'}, suspicious: [[1, /blanks/]], why: 'a blank before = is part of the key'},
	{text: 'GOPROXY=a\nGOPROXY=b\n', values: {GOPROXY: 'b'}, suspicious: [[2, /later line/]], why: 'user file: the later line wins'},
	{text: 'GOPROXY=a\nGOPROXY=b\n', values: {GOPROXY: 'a'}, suspicious: [[2, /first one/]], kind: 'GOROOT', why: '$GOROOT/go.env: the first line wins'},
	{text: '# This file contains the initial defaults for go command configuration.\n# Use the Go module mirror and checksum database by default.\nGOPROXY=https://proxy.golang.org,direct\nGOSUMDB=sum.golang.org\n\n# Automatically download newer toolchains as directed by go.mod files.\nGOTOOLCHAIN=auto\n',
		values: {GOPROXY: 'https://proxy.golang.org,direct', GOSUMDB: 'sum.golang.org', GOTOOLCHAIN: 'auto'}, ignored: [[1, 'comment'], [2, 'comment'], [6, 'comment']], kind: 'GOROOT', why: 'docs/go.md §4 the shipped go.env [docs/sources.md §G26]'},
];

test('parseGoEnvFile reads as cfg.readEnvFile does (docs/go.md §4)', () => {
	for (const row of parseTable) {
		const got = parseGoEnvFile(row.text, row.kind);
		assert.deepEqual(got.values, row.values, `${row.why}: values`);
		assert.deepEqual(got.ignoredLines.map(l => l.line), (row.ignored ?? []).map(([line]) => line), `${row.why}: ignored lines`);
		(row.ignored ?? []).forEach(([, reason], i) => assert.ok(got.ignoredLines[i]!.reason.includes(reason), `${row.why}: ${got.ignoredLines[i]!.reason}`));
		assert.deepEqual(got.suspicious.map(l => l.line), (row.suspicious ?? []).map(([line]) => line), `${row.why}: suspicious lines`);
		(row.suspicious ?? []).forEach(([, reason], i) => assert.match(got.suspicious[i]!.reason, reason, row.why));
	}
});

type ResolveRow = {key: string; env: Environment; user?: Record<string, string>; goroot?: Record<string, string>; platform?: Platform; onlyGoEnv?: boolean; value: string; source: string; derived?: true; why: string};

const resolveTable: ResolveRow[] = [
	{key: 'GOPRIVATE', env: {GOPRIVATE: 'a.example.com'}, user: {GOPRIVATE: 'b.example.com'}, value: 'a.example.com', source: 'environment', why: 'docs/go.md §4 a non-empty environment value wins'},
	{key: 'GOPRIVATE', env: {GOPRIVATE: ''}, user: {GOPRIVATE: 'b.example.com'}, value: 'b.example.com', source: 'go env file', why: 'docs/go.md §4 an empty environment value does not override the file'},
	{key: 'GOPROXY', env: {}, user: {}, goroot: {GOPROXY: 'https://proxy.golang.org,direct'}, value: 'https://proxy.golang.org,direct', source: 'GOROOT/go.env', why: 'docs/go.md §4 $GOROOT/go.env below the user file [docs/sources.md §G26]'},
	{key: 'GOPROXY', env: {}, user: {GOPROXY: 'direct'}, goroot: {GOPROXY: 'https://proxy.golang.org,direct'}, value: 'direct', source: 'go env file', why: 'docs/go.md §4 user file above go.env'},
	{key: 'GOPROXY', env: {}, user: {GOPROXY: ''}, goroot: {GOPROXY: 'https://proxy.golang.org,direct'}, onlyGoEnv: true, value: '', source: 'go env file', why: 'Go 1.21+: "GOPROXY=" in the user file hides go.env, leaving it empty [docs/sources.md §G25]'},
	{key: 'GOPROXY', env: {}, user: {GOPROXY: ''}, value: 'https://proxy.golang.org,direct', source: 'default', why: 'before Go 1.21 an empty value fell back to the built-in default'},
	{key: 'GOPROXY', env: {}, value: 'https://proxy.golang.org,direct', source: 'default', why: 'built-in default'},
	{key: 'GOPROXY', env: {}, goroot: {}, onlyGoEnv: true, value: '', source: 'default', why: 'Go 1.21+ with a go.env lacking GOPROXY: empty [docs/sources.md §G26]'},
	{key: 'GOSUMDB', env: {}, value: 'sum.golang.org', source: 'default', why: 'built-in default'},
	{key: 'GOAUTH', env: {}, user: {GOAUTH: ''}, value: 'netrc', source: 'default', why: 'docs/go.md §2 empty GOAUTH means netrc [docs/sources.md §G25]'},
	{key: 'GOINSECURE', env: {}, value: '', source: 'default', why: 'others default to empty'},
	{key: 'GONOPROXY', env: {}, user: {GOPRIVATE: 'gitlab.example.com'}, value: 'gitlab.example.com', source: 'go env file', derived: true, why: 'docs/go.md §3.2 an empty GONOPROXY shows GOPRIVATE [docs/sources.md §G25]'},
	{key: 'GONOSUMDB', env: {GONOSUMDB: 'none', GOPRIVATE: 'x.example.com'}, value: 'none', source: 'environment', why: 'docs/go.md §3.2 a set GONOSUMDB is not replaced'},
	{key: 'GOENV', env: {}, user: {GOENV: '/elsewhere'}, platform: 'linux', value: '', source: 'default', why: 'docs/go.md §4 GOENV is only read from the environment (no HOME: no path)'},
	{key: 'GOENV', env: {HOME: '/home/dev'}, platform: 'linux', value: '/home/dev/.config/go/env', source: 'default', why: 'GOENV reports the file location, as go env does'},
	{key: 'GOPROXY', env: {goproxy: 'direct'}, platform: 'win32', value: 'direct', source: 'environment', why: 'Windows environment names are case-insensitive'},
	{key: 'GOPROXY', env: {goproxy: 'direct'}, platform: 'linux', value: 'https://proxy.golang.org,direct', source: 'default', why: 'Unix environment names are case-sensitive'},
	{key: 'GOPATH', env: {HOME: '/home/dev'}, platform: 'linux', value: '/home/dev/go', source: 'default', why: 'go/build default GOPATH'},
	{key: 'GOMODCACHE', env: {GOPATH: '/gp1:/gp2'}, platform: 'linux', value: '/gp1/pkg/mod', source: 'default', why: 'GOMODCACHE defaults under the first GOPATH entry'},
	{key: 'GOMODCACHE', env: {USERPROFILE: 'C:\\Users\\dev'}, platform: 'win32', value: 'C:\\Users\\dev\\go\\pkg\\mod', source: 'default', why: 'Windows GOPATH default'},
];

test('resolveGoSetting applies the precedence of docs/go.md §4', () => {
	for (const row of resolveTable) {
		const layers: Parameters<typeof resolveGoSetting>[1] = {env: row.env};
		if (row.user) layers.userFile = row.user;
		if (row.goroot) layers.gorootFile = row.goroot;
		if (row.platform) layers.platform = row.platform;
		if (row.onlyGoEnv) layers.defaultsOnlyInGorootFile = true;
		const got = resolveGoSetting(row.key, layers);
		assert.equal(got.value, row.value, `${row.why}: value`);
		assert.equal(got.source, row.source, `${row.why}: source`);
		assert.equal(got.derivedFrom, row.derived ? 'GOPRIVATE' : undefined, `${row.why}: derivedFrom`);
	}
});

test('goSettingKeys lists what the tool reports', () => {
	assert.deepEqual([...goSettingKeys].sort(), ['GO111MODULE', 'GOAUTH', 'GOENV', 'GOFLAGS', 'GOINSECURE', 'GOMODCACHE', 'GONOPROXY', 'GONOSUMDB', 'GOPATH', 'GOPRIVATE', 'GOPROXY', 'GOROOT', 'GOSUMDB', 'GOTOOLCHAIN', 'GOVCS']);
});

test('getEnv: exact on Unix, case-insensitive on Windows', () => {
	assert.equal(getEnv({AppData: 'x'}, 'APPDATA', 'win32'), 'x');
	assert.equal(getEnv({AppData: 'x'}, 'APPDATA', 'linux'), undefined);
});

// docs/go.md §3.5 [docs/sources.md §G37][docs/sources.md §G38]: messages checked with Go 1.19 `go get` (GOFLAGS=…).
const insecureTable: Array<{goflags: string; want: string | undefined; why: string}> = [
	{goflags: '', want: undefined, why: 'nothing set'},
	{goflags: '-mod=mod', want: undefined, why: 'other flags'},
	{goflags: '-insecure', want: 'go: -insecure flag is no longer supported; use GOINSECURE instead', why: 'docs/go.md §3.5 the flag alone'},
	{goflags: '--insecure', want: 'go: -insecure flag is no longer supported; use GOINSECURE instead', why: 'double dash'},
	{goflags: '-mod=mod -insecure=true', want: 'go: -insecure flag is no longer supported; use GOINSECURE instead', why: 'explicit true'},
	{goflags: '-insecure=1', want: 'go: -insecure flag is no longer supported; use GOINSECURE instead', why: 'strconv.ParseBool accepts 1'},
	{goflags: '-insecure=T', want: 'go: -insecure flag is no longer supported; use GOINSECURE instead', why: 'strconv.ParseBool accepts T'},
	{goflags: '-insecure=false', want: undefined, why: 'explicit false'},
	{goflags: '-insecure -insecure=false', want: undefined, why: 'the last setting wins'},
	{goflags: '-insecure=yes', want: 'go: invalid boolean value "yes" for flag -insecure (from $GOFLAGS): parse error', why: 'not a Go boolean'},
	{goflags: 'insecure', want: 'go: parsing $GOFLAGS: non-flag "insecure"', why: 'a word without a dash is fatal'},
	{goflags: '-insecurely', want: undefined, why: 'another flag name'},
	{goflags: "'-insecure", want: "go: parsing $GOFLAGS: unterminated ' string", why: 'current Go splits with quotes (quoted.Split)'},
	{goflags: '"-insecure"', want: 'go: -insecure flag is no longer supported; use GOINSECURE instead', why: 'a quoted field'},
];

test('insecureFlagError gives go get\'s fatal message (docs/go.md §3.5)', () => {
	for (const row of insecureTable) assert.equal(insecureFlagError(row.goflags), row.want, row.why);
	assert.equal(insecureFlagError('-insecure=yes', 'win32'), 'go: invalid boolean value "yes" for flag -insecure (from %GOFLAGS%): parse error', 'Windows names %GOFLAGS%');
});

test('splitGoflags: quoted (current Go) and plain (Go 1.19) splitting', () => {
	assert.deepEqual(splitGoflags(`-a '-b c' "-d 'e'"\t-f`), {flags: ['-a', '-b c', "-d 'e'", '-f']});
	assert.deepEqual(splitGoflags(`-ldflags='-s -w'`), {flags: ["-ldflags='-s", "-w'"]}, 'quotes only count at the start of a field (#51194)');
	assert.deepEqual(splitGoflags(`'-insecure'`, {quoted: false}), {flags: ["'-insecure'"], error: 'go: parsing $GOFLAGS: non-flag "\'-insecure\'"'});
});

const keyArb = fc.stringMatching(/^[A-Z][A-Z0-9_]{0,8}$/);
const valueArb = fc.string().map(s => s.replace(/[\n]/g, ''));

test('fuzz: parseGoEnvFile never throws; every used key starts with A-Z; line numbers are real', () => {
	const lineChars = fc.constantFrom('G', 'O', 'a', '=', '#', ' ', '\r', '\n', '\ufeff', '"', 'P');
	const texts = fc.oneof(fc.string(), fc.array(lineChars, {maxLength: 40}).map(a => a.join('')));
	fc.assert(fc.property(texts, fc.constantFrom<'user' | 'GOROOT'>('user', 'GOROOT'), (text, kind) => {
		const parsed = parseGoEnvFile(text, kind);
		const lineCount = text.split('\n').length;
		for (const key of Object.keys(parsed.values)) assert.match(key, /^[A-Z]/);
		for (const l of [...parsed.ignoredLines, ...parsed.suspicious]) assert.ok(l.line >= 1 && l.line <= lineCount);
	}), {numRuns: 5000});
});

test('fuzz: writing KEY=VALUE lines and parsing them gives the values back (last wins)', () => {
	fc.assert(fc.property(fc.array(fc.tuple(keyArb, valueArb), {maxLength: 8}), fc.boolean(), (pairs, trailingNewline) => {
		const text = pairs.map(([k, v]) => `${k}=${v}`).join('\n') + (trailingNewline ? '\n' : '');
		const expected: Record<string, string> = {};
		for (const [k, v] of pairs) expected[k] = v;
		assert.deepEqual(parseGoEnvFile(text).values, expected);
	}), {numRuns: 3000});
});

test('fuzz: resolveGoSetting and goEnvFileLocation never throw; a non-empty environment value always wins', () => {
	const record = fc.dictionary(fc.oneof(keyArb, fc.constantFrom('GOPROXY', 'GOPRIVATE', 'GONOPROXY', 'HOME', 'XDG_CONFIG_HOME', 'GOENV', 'AppData', 'APPDATA', 'USERPROFILE', 'GOPATH', 'GOROOT')), fc.string());
	const platforms = fc.constantFrom<Platform>('linux', 'darwin', 'win32', 'other');
	fc.assert(fc.property(record, fc.option(record, {nil: undefined}), fc.option(record, {nil: undefined}), platforms, fc.boolean(), (env, userFile, gorootFile, platform, onlyGoEnv) => {
		goEnvFileLocation(env, platform);
		for (const key of goSettingKeys) {
			const layers: Parameters<typeof resolveGoSetting>[1] = {env, platform, defaultsOnlyInGorootFile: onlyGoEnv};
			if (userFile) layers.userFile = userFile;
			if (gorootFile) layers.gorootFile = gorootFile;
			const got = resolveGoSetting(key, layers);
			const fromEnv = env[key];
			if (fromEnv !== undefined && fromEnv !== '' && platform !== 'win32') assert.deepEqual(got, {value: fromEnv, source: 'environment'});
		}
	}), {numRuns: 2000});
});

test('fuzz: insecureFlagError never throws and only ever returns Go-prefixed messages', () => {
	const flagChars = fc.constantFrom('-', 'insecure', '=', 'true', 'false', ' ', "'", '"', 'x', '1');
	fc.assert(fc.property(fc.oneof(fc.string(), fc.array(flagChars, {maxLength: 10}).map(a => a.join(''))), value => {
		const message = insecureFlagError(value);
		if (message !== undefined) assert.match(message, /^go: /);
	}), {numRuns: 5000});
});
