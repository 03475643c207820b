// The go env file and where each Go setting comes from (docs/go.md §4), as
// cmd/go/internal/cfg (EnvFile, readEnvFile, Getenv) and os.UserConfigDir do it; and GOFLAGS as each release splits
// it (docs/go.md §11; for the removed -insecure flag, docs/go.md §3.5).

import type {Environment, Platform} from '../system/types.js';
import {getEnv} from './environment.js';
import {goQuote} from './go-strings.js';

function isAbsolute(path: string, platform: Platform): boolean {
	if (platform === 'win32') return /^[A-Za-z]:[\\/]/.test(path) || /^[\\/]{2}[^\\/]/.test(path);
	return path.startsWith('/');
}

/** filepath.Clean for slash paths: no repeated or trailing separators, "." and ".." resolved lexically. */
function cleanSlashPath(path: string, separator: '/' | '\\'): string {
	if (path === '') return '.';
	const rooted = path.startsWith(separator);
	const out: string[] = [];
	for (const part of path.split(separator)) {
		if (part === '' || part === '.') continue;
		if (part === '..') {
			if (out.length > 0 && out[out.length - 1] !== '..') out.pop();
			else if (!rooted) out.push('..');
			continue;
		}
		out.push(part);
	}
	const joined = out.join(separator);
	if (rooted) return separator + joined;
	return joined === '' ? '.' : joined;
}

/** filepath.Join(dir, "go/env") for the platform. */
function joinGoEnv(dir: string, platform: Platform): string {
	if (platform !== 'win32') return cleanSlashPath(`${dir}/go/env`, '/');
	const path = `${dir}\\go\\env`.replace(/\//g, '\\');
	const unc = /^\\\\[^\\]+\\[^\\]+/.exec(path);
	const drive = /^[A-Za-z]:/.exec(path);
	const volume = unc ? unc[0] : drive ? drive[0] : '';
	return volume + cleanSlashPath(path.slice(volume.length), '\\');
}

/** os.UserConfigDir for the platform; `problem` is Go's error text when it fails. */
export function userConfigDir(env: Environment, platform: Platform): {dir?: string; problem?: string} {
	if (platform === 'win32') {
		const appData = getEnv(env, 'AppData', platform) ?? '';
		return appData === '' ? {problem: '%AppData% is not defined'} : {dir: appData};
	}
	const home = env['HOME'] ?? '';
	if (platform === 'darwin') {
		return home === '' ? {problem: '$HOME is not defined'} : {dir: `${home}/Library/Application Support`};
	}
	const xdg = env['XDG_CONFIG_HOME'] ?? '';
	if (xdg === '') {
		return home === '' ? {problem: 'neither $XDG_CONFIG_HOME nor $HOME are defined'} : {dir: `${home}/.config`};
	}
	// Current Go refuses a relative XDG_CONFIG_HOME outright; it does not fall back to $HOME/.config.
	// (golang/go#68470, 2024; older Go used the relative path against the current directory).
	if (!xdg.startsWith('/')) return {problem: 'path in $XDG_CONFIG_HOME is relative'};
	return {dir: xdg};
}

/**
 * Where Go's user env file is (cfg.EnvFile). GOENV from the process environment wins (`off` turns
 * the file off); otherwise os.UserConfigDir()/go/env. When UserConfigDir fails (for example a
 * relative XDG_CONFIG_HOME) Go reads no user file at all, and `go env -w` fails.
 */
export function goEnvFileLocation(env: Environment, platform: Platform): {path?: string; source: 'GOENV' | 'default' | 'off'; problem?: string} {
	const goenv = getEnv(env, 'GOENV', platform) ?? '';
	if (goenv === 'off') return {source: 'off'};
	if (goenv !== '') {
		if (!isAbsolute(goenv, platform)) {
			return {path: goenv, source: 'GOENV', problem: `GOENV=${goenv} is a relative path: Go reads it relative to the directory the go command runs in, so the settings change from directory to directory`};
		}
		return {path: goenv, source: 'GOENV'};
	}
	const {dir, problem} = userConfigDir(env, platform);
	if (dir === undefined) {
		const older = problem === 'path in $XDG_CONFIG_HOME is relative'
			? ` (Go releases before the golang/go#68470 fix used ${env['XDG_CONFIG_HOME']}/go/env relative to the current directory instead)`
			: '';
		return {source: 'default', problem: `Go finds no go env file (os.UserConfigDir: ${problem}); settings written with "go env -w" are not read${older}`};
	}
	return {path: joinGoEnv(dir, platform), source: 'default'};
}

export type IgnoredLine = {line: number; text: string; reason: string};
export type SuspiciousLine = {line: number; key: string; reason: string};

/**
 * Parses a go env file as cfg.readEnvFile does: split on "\n" only; a line is used when it has "="
 * and its first byte is A–Z; key is everything before the first "=", value everything after, with
 * no trimming and no unquoting. A BOM is not stripped (so a first line after a BOM is ignored) and
 * a "\r" from CRLF line ends stays in the value. In the user file a later line wins; in
 * $GOROOT/go.env the first one does (`kind: 'GOROOT'`).
 *
 * `ignoredLines` lists non-blank lines Go skips; `suspicious` lists used lines that probably do not
 * mean what the author thinks (quotes kept literally, a "\r", blanks around the key, a repeated key).
 */
export function parseGoEnvFile(text: string, kind: 'user' | 'GOROOT' = 'user'): {values: Record<string, string>; ignoredLines: IgnoredLine[]; suspicious: SuspiciousLine[]} {
	const values: Record<string, string> = Object.create(null) as Record<string, string>;
	const seenOn = new Map<string, number>();
	const ignoredLines: IgnoredLine[] = [];
	const suspicious: SuspiciousLine[] = [];
	const lines = text.split('\n');
	// Text after the last "\n" is a line; an empty remainder is not (Go's loop stops there).
	if (lines[lines.length - 1] === '') lines.pop();
	lines.forEach((lineText, index) => {
		const line = index + 1;
		const eq = lineText.indexOf('=');
		const first = lineText.charCodeAt(0);
		if (eq < 0 || !(first >= 0x41 && first <= 0x5a)) {
			const reason = ignoreReason(lineText, eq, line);
			if (reason !== undefined) ignoredLines.push({line, text: lineText, reason});
			return;
		}
		const key = lineText.slice(0, eq);
		const value = lineText.slice(eq + 1);
		const earlier = seenOn.get(key);
		if (earlier !== undefined) {
			if (kind === 'GOROOT') {
				suspicious.push({line, key, reason: `${key} is already set on line ${earlier}; Go uses the first one in $GOROOT/go.env`});
				return;
			}
			suspicious.push({line, key, reason: `${key} is also set on line ${earlier}; Go uses this later line`});
		}
		seenOn.set(key, line);
		values[key] = value;
		if (value.endsWith('\r')) suspicious.push({line, key, reason: 'the line ends in "\\r" (Windows line ending); Go keeps it as part of the value'});
		if (/\s/.test(key)) suspicious.push({line, key, reason: `the key ${JSON.stringify(key)} contains blanks; Go looks the setting up by its exact name, so it never uses this line`});
		if (/^(["']).*\1\r?$/.test(value)) suspicious.push({line, key, reason: 'the value is in quotes; Go does not remove them, they become part of the value'});
	});
	return {values: {...values}, ignoredLines, suspicious};
}

function ignoreReason(lineText: string, eq: number, line: number): string | undefined {
	if (lineText.trim() === '') return undefined; // blank lines are normal
	if (line === 1 && lineText.startsWith('\ufeff')) return 'starts with a byte-order mark, which Go does not strip, so the first setting is lost';
	if (lineText.startsWith('#')) return 'comment';
	if (eq < 0) return 'no "=" in the line';
	return 'does not start with an upper-case letter A–Z';
}

export type SettingSource = 'environment' | 'go env file' | 'GOROOT/go.env' | 'default';
export type ResolvedSetting = {
	value: string;
	source: SettingSource;
	/** Set for GONOPROXY / GONOSUMDB when they are empty and take GOPRIVATE's value, as `go env` shows. */
	derivedFrom?: 'GOPRIVATE';
};

/** The keys the tool reports. */
export const goSettingKeys: readonly string[] = [
	'GOPROXY', 'GOPRIVATE', 'GONOPROXY', 'GONOSUMDB', 'GOSUMDB', 'GOINSECURE', 'GOFLAGS', 'GOAUTH', 'GOVCS',
	'GOPATH', 'GOMODCACHE', 'GOROOT', 'GOENV', 'GO111MODULE', 'GOTOOLCHAIN',
];

const BUILT_IN_DEFAULTS: Readonly<Record<string, string>> = {
	GOPROXY: 'https://proxy.golang.org,direct',
	GOSUMDB: 'sum.golang.org',
	GOAUTH: 'netrc',
};

// Settings Go reads only from the process environment, never from a go env file.
const ENVIRONMENT_ONLY = new Set(['GOENV', 'GODEBUG']);

export type SettingLayers = {
	env: Environment;
	userFile?: Record<string, string>;
	gorootFile?: Record<string, string>;
	/** Needed for Windows' case-insensitive environment and for the GOPATH/GOENV defaults. */
	platform?: Platform;
	/**
	 * Go 1.21+ keeps the GOPROXY/GOSUMDB defaults only in $GOROOT/go.env: with this set, a missing
	 * entry there gives an empty value (as a repackaged Go without go.env sees), not the old default.
	 */
	defaultsOnlyInGorootFile?: boolean;
};

/**
 * One setting as Go resolves it (cfg.Getenv): the process environment if NON-EMPTY, else the user
 * go env file (a line `K=` there counts, and hides $GOROOT/go.env), else $GOROOT/go.env, else the
 * built-in default.
 */
export function resolveGoSetting(key: string, layers: SettingLayers): ResolvedSetting {
	const raw = resolveRaw(key, layers);
	if ((key === 'GONOPROXY' || key === 'GONOSUMDB') && raw.value === '') {
		const privateSetting = resolveRaw('GOPRIVATE', layers);
		if (privateSetting.value !== '') return {...privateSetting, derivedFrom: 'GOPRIVATE'};
	}
	return raw;
}

function has(file: Record<string, string> | undefined, key: string): file is Record<string, string> {
	return file !== undefined && Object.prototype.hasOwnProperty.call(file, key);
}

function resolveRaw(key: string, layers: SettingLayers): ResolvedSetting {
	const fromEnv = getEnv(layers.env, key, layers.platform) ?? '';
	if (fromEnv !== '') return {value: fromEnv, source: 'environment'};
	const fallback: ResolvedSetting = {value: builtInDefault(key, layers), source: 'default'};
	if (!ENVIRONMENT_ONLY.has(key)) {
		const file: ResolvedSetting | undefined = has(layers.userFile, key)
			? {value: layers.userFile[key] ?? '', source: 'go env file'}
			: has(layers.gorootFile, key) ? {value: layers.gorootFile[key] ?? '', source: 'GOROOT/go.env'} : undefined;
		// An empty value still counts (it hides $GOROOT/go.env), but where Go has a built-in default
		// in code (envOr), an empty value falls back to it.
		if (file !== undefined) return file.value === '' && fallback.value !== '' ? fallback : file;
	}
	return fallback;
}

function builtInDefault(key: string, layers: SettingLayers): string {
	if (key === 'GOPROXY' || key === 'GOSUMDB') {
		if (layers.defaultsOnlyInGorootFile === true) return '';
		return BUILT_IN_DEFAULTS[key] ?? '';
	}
	if (key === 'GOAUTH') return BUILT_IN_DEFAULTS.GOAUTH ?? '';
	const platform = layers.platform;
	if (platform === undefined) return '';
	if (key === 'GOENV') return goEnvFileLocation(layers.env, platform).path ?? '';
	if (key === 'GOPATH') {
		// go/build's default: $HOME/go (%USERPROFILE%\go), unless that is GOROOT.
		const home = getEnv(layers.env, platform === 'win32' ? 'USERPROFILE' : 'HOME', platform) ?? '';
		if (home === '') return '';
		const gopath = platform === 'win32' ? `${home}\\go` : `${home}/go`;
		const goroot = resolveRaw('GOROOT', layers).value;
		return goroot !== '' && goroot === gopath ? '' : gopath;
	}
	if (key === 'GOMODCACHE') {
		const gopath = resolveRaw('GOPATH', layers).value;
		const separator = platform === 'win32' ? ';' : ':';
		const first = gopath.split(separator)[0] ?? '';
		if (first === '') return '';
		return platform === 'win32' ? `${first}\\pkg\\mod` : `${first}/pkg/mod`;
	}
	return '';
}

/**
 * GOFLAGS split as Go does (docs/go.md §11): current Go quotes (blanks separate, '…' or "…"
 * quote a whole field, no escapes); older Go (1.19 checked) only splits on blanks — pass
 * `{quoted: false}` for that. `error` is Go's fatal message for a malformed value.
 */
export function splitGoflags(value: string, options: {quoted?: boolean} = {}): {flags: string[]; error?: string} {
	const flags: string[] = [];
	let s = value;
	const isSpace = (c: string | undefined) => c === ' ' || c === '\t' || c === '\n' || c === '\r';
	while (s.length > 0) {
		while (s.length > 0 && isSpace(s[0])) s = s.slice(1);
		if (s.length === 0) break;
		const quote = s[0];
		if (options.quoted !== false && (quote === '"' || quote === "'")) {
			const end = s.indexOf(quote, 1);
			if (end < 0) return {flags, error: `go: parsing $GOFLAGS: unterminated ${quote} string`};
			flags.push(s.slice(1, end));
			s = s.slice(end + 1);
			continue;
		}
		let i = 0;
		while (i < s.length && !isSpace(s[i])) i++;
		flags.push(s.slice(0, i));
		s = s.slice(i);
	}
	for (const flag of flags) {
		if (!flag.startsWith('-') || flag === '-' || flag === '--' || flag.startsWith('---') || flag.startsWith('-=') || flag.startsWith('--=')) {
			return {flags, error: `go: parsing $GOFLAGS: non-flag ${goQuote(flag)}`};
		}
	}
	return {flags};
}

const TRUE_WORDS = new Set(['1', 't', 'T', 'TRUE', 'true', 'True']);
const FALSE_WORDS = new Set(['0', 'f', 'F', 'FALSE', 'false', 'False']);

/**
 * The fatal error `go get` (Go 1.17+) gives for the removed -insecure flag when GOFLAGS turns it on
 * (`-insecure`, `--insecure`, `-insecure=true`, `=1`, `=T`…; the last setting wins), or for a
 * GOFLAGS value Go cannot parse at all. undefined when GOFLAGS is fine for `go get`.
 */
export function insecureFlagError(goflags: string, platform?: Platform, options: {quoted?: boolean} = {}): string | undefined {
	const {flags, error} = splitGoflags(goflags, options);
	if (error !== undefined) return error;
	const where = platform === 'win32' ? '%GOFLAGS%' : '$GOFLAGS';
	let insecure = false;
	for (const flag of flags) {
		const eq = flag.indexOf('=');
		let name = eq > 0 ? flag.slice(0, eq) : flag;
		if (name.startsWith('--')) name = name.slice(1);
		if (name !== '-insecure') continue;
		if (eq < 0) {
			insecure = true;
			continue;
		}
		const value = flag.slice(eq + 1);
		if (TRUE_WORDS.has(value)) insecure = true;
		else if (FALSE_WORDS.has(value)) insecure = false;
		else return `go: invalid boolean value ${goQuote(value)} for flag ${name} (from ${where}): parse error`;
	}
	return insecure ? 'go: -insecure flag is no longer supported; use GOINSECURE instead' : undefined;
}
