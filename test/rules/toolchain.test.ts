// Toolchain selection (rules/toolchain.ts) against a table, and the same table against the real go of every
// installed release: `go version` in a directory holding the go.mod/go.work, with GOPROXY=off so that a switch
// stops with Go's own "toolchain not available" instead of downloading.
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {spawnSync} from 'node:child_process';
import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {compareGoVersions, isLanguageVersion, versionFromToolchain} from '../../source/rules/gover.js';
import {goModLookup, oldGoModProblems, selectToolchain, toolchainUnavailableMessage, type ToolchainChoice} from '../../source/rules/toolchain.js';
import {goReleases} from '../helpers/go-releases.js';

type Row = {
	name: string;
	gotoolchain: string;
	goMod?: string;
	goWork?: string;
	gowork?: string;
	/** What Go 1.23/1.24 do: local, the toolchain it switches to, or the start of its fatal message. */
	expect: {local: true} | {switchTo: string; pathOnly?: boolean} | {fatal: string};
};

const rows: Row[] = [
	{name: 'auto without go.mod', gotoolchain: 'auto', expect: {local: true}},
	{name: 'auto, go 1.99 (a language version means go1.99.0)', gotoolchain: 'auto', goMod: 'module m\n\ngo 1.99\n', expect: {switchTo: 'go1.99.0'}},
	{name: 'auto, go 1.99.1', gotoolchain: 'auto', goMod: 'module m\ngo 1.99.1\n', expect: {switchTo: 'go1.99.1'}},
	{name: 'auto, toolchain line newer than the go line', gotoolchain: 'auto', goMod: 'module m\ngo 1.21\ntoolchain go1.99.2\n', expect: {switchTo: 'go1.99.2'}},
	{name: 'auto, go line newer than the toolchain line', gotoolchain: 'auto', goMod: 'module m\ngo 1.99.1\ntoolchain go1.99.0\n', expect: {switchTo: 'go1.99.1'}},
	{name: 'auto, old go and toolchain lines', gotoolchain: 'auto', goMod: 'module m\ngo 1.21\ntoolchain go1.21.3\n', expect: {local: true}},
	{name: 'auto, toolchain default', gotoolchain: 'auto', goMod: 'module m\ngo 1.21\ntoolchain default\n', expect: {local: true}},
	{name: 'auto, a comment after the go line', gotoolchain: 'auto', goMod: 'module m\ngo 1.99.4 // comment\n', expect: {switchTo: 'go1.99.4'}},
	{name: 'local ignores go.mod', gotoolchain: 'local', goMod: 'module m\ngo 1.99\n', expect: {local: true}},
	{name: 'goX.Y.Z without +auto ignores go.mod', gotoolchain: 'go1.99.3', goMod: 'module m\ngo 1.999\n', expect: {switchTo: 'go1.99.3'}},
	{name: 'goX.Y.Z+auto, go.mod asks for newer', gotoolchain: 'go1.21.0+auto', goMod: 'module m\ngo 1.99\n', expect: {switchTo: 'go1.99.0'}},
	{name: 'local+auto', gotoolchain: 'local+auto', goMod: 'module m\ngo 1.99.5\n', expect: {switchTo: 'go1.99.5'}},
	{name: 'path mode finds nothing on PATH', gotoolchain: 'path', goMod: 'module m\ngo 1.99\n', expect: {switchTo: 'go1.99.0', pathOnly: true}},
	{name: 'explicit language version', gotoolchain: 'go1.99', expect: {switchTo: 'go1.99'}},
	{name: 'invalid GOTOOLCHAIN', gotoolchain: 'banana', expect: {fatal: 'go: invalid GOTOOLCHAIN "banana"'}},
	{name: 'invalid minimum', gotoolchain: 'auto+path', expect: {fatal: 'go: invalid GOTOOLCHAIN "auto+path": invalid minimum toolchain "auto"'}},
	{name: 'invalid suffix', gotoolchain: 'go1.99.3+foo', expect: {fatal: 'go: invalid GOTOOLCHAIN "go1.99.3+foo": only version suffixes are +auto and +path'}},
	{name: 'invalid toolchain line', gotoolchain: 'auto', goMod: 'module m\ngo 1.21\ntoolchain banana\n', expect: {fatal: 'go: invalid toolchain "banana" in go.mod'}},
	{name: 'go.work governs', gotoolchain: 'auto', goMod: 'module m\ngo 1.21\n', goWork: 'go 1.99.6\n\nuse .\n', expect: {switchTo: 'go1.99.6'}},
	{name: 'GOWORK=off: go.mod governs', gotoolchain: 'auto', goMod: 'module m\ngo 1.21\n', goWork: 'go 1.99.6\n\nuse .\n', gowork: 'off', expect: {local: true}},
];

const LOCAL = '1.24.4';

function choose(row: Row, local: string): ToolchainChoice {
	const useWork = row.goWork !== undefined && row.gowork !== 'off';
	const file = useWork ? {path: 'go.work', kind: 'go.work' as const, text: row.goWork!} : row.goMod !== undefined ? {path: 'go.mod', kind: 'go.mod' as const, text: row.goMod} : undefined;
	return selectToolchain({localVersion: local, gotoolchain: row.gotoolchain, gotoolchainSource: 'environment', file, go111module: ''});
}

for (const row of rows) {
	test(`toolchain selection: ${row.name}`, () => {
		const choice = choose(row, LOCAL);
		if ('local' in row.expect) assert.equal(choice.kind, 'local', JSON.stringify(choice));
		else if ('switchTo' in row.expect) {
			assert.equal(choice.kind, 'switch', JSON.stringify(choice));
			assert.equal(choice.kind === 'switch' && choice.toolchain, row.expect.switchTo);
			assert.equal(choice.kind === 'switch' && choice.pathOnly, row.expect.pathOnly ?? false);
		} else {
			assert.equal(choice.kind, 'fatal', JSON.stringify(choice));
			assert.equal(choice.kind === 'fatal' && choice.message, row.expect.fatal);
		}
	});
}

test('Go before 1.21 runs itself whatever GOTOOLCHAIN and go.mod say', () => {
	for (const row of rows) assert.equal(choose(row, '1.19.8').kind, 'local', row.name);
});

test('gover: "1.22" < "1.22rc1" < "1.22.0"; before 1.21, "1.20" is "1.20.0"', () => {
	assert.ok(compareGoVersions('1.22', '1.22rc1') < 0);
	assert.ok(compareGoVersions('1.22rc1', '1.22.0') < 0);
	assert.equal(compareGoVersions('1.20', '1.20.0'), 0);
	assert.ok(compareGoVersions('1.9', '1.10') < 0);
	assert.ok(isLanguageVersion('1.22') && !isLanguageVersion('1.22.0') && !isLanguageVersion('1.22rc1'));
	assert.equal(versionFromToolchain('go1.22.3-custom'), '1.22.3');
	assert.equal(versionFromToolchain('1.22.3'), '');
	assert.equal(versionFromToolchain('go1.022'), '');
});

test('goModLookup reads the first `go` line as cmd/go does (not `godebug`, comments cut)', () => {
	assert.equal(goModLookup('module m\ngodebug x=1\n  go\t1.22.1 // c\ngo 1.30\n', 'go'), '1.22.1');
	assert.equal(goModLookup('module m\n', 'toolchain'), '');
});

test('go 1.19.8 cannot read a three-part go line or a toolchain line; 1.19.11 and 1.20.6 can', () => {
	const file = {path: '/w/go.mod', kind: 'go.mod' as const, text: 'module m\ngo 1.22.0\ntoolchain go1.22.1\n'};
	assert.deepEqual(oldGoModProblems('1.19.8', file), ["invalid go version '1.22.0': must match format 1.23", 'unknown directive: toolchain']);
	assert.deepEqual(oldGoModProblems('1.19.11', file), []);
	assert.deepEqual(oldGoModProblems('1.20.6', file), []);
	assert.deepEqual(oldGoModProblems('1.21.0', file), []);
	assert.deepEqual(oldGoModProblems('1.19.8', {...file, text: 'module m\ngo 1.22\n'}), []);
});

const {installed, missing} = goReleases();
for (const release of missing) test(`real go ${release}: not installed, its toolchain rows are skipped`, {skip: `go ${release} is not installed (/usr/lib/go-${release}/bin/go)`}, () => {});

for (const release of installed) {
	test(`real go ${release.version} agrees with the toolchain table`, () => {
		for (const row of rows) {
			const dir = mkdtempSync(join(tmpdir(), 'toolchain-'));
			try {
				// Telemetry off (go telemetry off writes this file): otherwise go 1.23+ leaves a child writing under HOME.
				mkdirSync(join(dir, '.config', 'go', 'telemetry'), {recursive: true});
				writeFileSync(join(dir, '.config', 'go', 'telemetry', 'mode'), 'off');
				if (row.goMod !== undefined) writeFileSync(join(dir, 'go.mod'), row.goMod);
				if (row.goWork !== undefined) writeFileSync(join(dir, 'go.work'), row.goWork);
				const env: Record<string, string> = {
					PATH: `${release.binDir}:/usr/bin:/bin`,
					HOME: dir,
					GOPATH: join(dir, 'gopath'),
					GOCACHE: join(dir, 'cache'),
					GOENV: 'off',
					GOPROXY: 'off',
					GOFLAGS: '',
					GOTOOLCHAIN: row.gotoolchain,
					...(row.gowork ? {GOWORK: row.gowork} : {}),
				};
				const run = spawnSync(`${release.binDir}/go`, ['version'], {cwd: dir, env, encoding: 'utf8', timeout: 20_000});
				const choice = choose(row, release.version);
				const said = `${run.stdout}${run.stderr}`.trim();
				if (choice.kind === 'local') {
					assert.equal(run.status, 0, `${row.name}: the tool says go${release.version} runs, go said: ${said}`);
					assert.match(run.stdout, new RegExp(`go${release.version.replace(/\./g, '\\.')} `), row.name);
				} else if (choice.kind === 'switch') {
					const expected = choice.pathOnly ? `go: cannot find "${choice.toolchain}" in PATH` : toolchainUnavailableMessage(choice.toolchain, 'linux', process.arch === 'arm64' ? 'arm64' : 'amd64');
					assert.notEqual(run.status, 0, `${row.name}: go ran locally: ${said}`);
					assert.ok(said.includes(expected), `${row.name}: expected "${expected}", go said: ${said}`);
				} else {
					assert.notEqual(run.status, 0, row.name);
					assert.ok(said.includes(choice.message), `${row.name}: expected "${choice.message}", go said: ${said}`);
				}
			} finally {
				// go may still be writing its telemetry under HOME from a child process: retry the removal.
				rmSync(dir, {recursive: true, force: true, maxRetries: 5, retryDelay: 100});
			}
		}
	});
}
