// go-env reports the Go that really runs (GOTOOLCHAIN, the go/toolchain lines of the governing go.mod/go.work),
// and every version-keyed rule reads that version from its data (docs: toolchain/select.go).
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {goAtLeast, goEnvCheck} from '../../source/checks/go-env.js';
import type {GoEnvData} from '../../source/engine/check-data.js';
import {plain, router} from '../helpers/fake-http.js';
import {fakeSystem, runCheck, type FakeFile} from '../helpers/fake-system.js';

const MODCACHE = '/home/u/go/pkg/mod';

function goOnPath(version: string, reported: Record<string, string> = {}) {
	const values: Record<string, string> = {GOROOT: '/usr/lib/go', GOMODCACHE: MODCACHE, GOHOSTOS: 'linux', GOHOSTARCH: 'amd64', ...reported};
	return {
		'go version': {stdout: `go version go${version} linux/amd64\n`},
		go: (args: string[]) => (args[0] === 'env' ? {stdout: args.slice(1).map(key => values[key] ?? '').join('\n') + '\n'} : {code: 1}),
	};
}

async function goEnvIn(options: {version: string; env?: Record<string, string>; files?: Record<string, FakeFile>; cwd?: string; reported?: Record<string, string>}) {
	const system = fakeSystem({
		env: {HOME: '/home/u', PATH: '/usr/bin', ...options.env},
		files: {'/usr/lib/go/go.env': 'GOPROXY=https://proxy.golang.org,direct\nGOSUMDB=sum.golang.org\nGOTOOLCHAIN=auto\n', ...options.files},
		commands: goOnPath(options.version, options.reported),
		cwd: options.cwd ?? '/home/u/work/app',
	});
	const {outcome} = await runCheck(goEnvCheck, system);
	return {outcome, data: outcome.data as GoEnvData, system};
}

test('no switch: go.mod asks for nothing newer, the go on PATH runs and is reported', async () => {
	const {outcome, data} = await goEnvIn({version: '1.24.4', files: {'/home/u/work/go.mod': 'module x\n\ngo 1.22\n'}});
	assert.equal(outcome.status, 'pass', outcome.summary);
	assert.equal(data.goVersion?.text, 'go1.24.4');
	assert.equal(data.localGoVersion, undefined);
	assert.equal(outcome.evidence?.['governingFile'], '/home/u/work/go.mod');
});

test('a toolchain line switches to a Go in the module cache: that Go is the one every rule keys on', async () => {
	const version = 'v0.0.1-go1.24.2.linux-amd64';
	const {outcome, data} = await goEnvIn({
		version: '1.23.5',
		files: {
			'/home/u/work/app/go.mod': 'module x\n\ngo 1.22\n\ntoolchain go1.24.2\n',
			[`${MODCACHE}/golang.org/toolchain@${version}`]: {directory: true},
			[`${MODCACHE}/cache/download/golang.org/toolchain/@v/${version}.ziphash`]: 'h1:x',
		},
	});
	assert.equal(outcome.status, 'pass', outcome.summary);
	assert.equal(data.goVersion?.text, 'go1.24.2');
	assert.equal(data.localGoVersion?.text, 'go1.23.5');
	assert.ok(goAtLeast(data, 24), 'GOAUTH and the 1.24 netrc rules apply');
	assert.match(outcome.summary, /go1\.24\.2 \(go on PATH is go1\.23\.5; go1\.24\.2 runs instead, from the module cache\)/);
	assert.equal(outcome.evidence?.['toolchainSource'], 'module cache');
	assert.ok(data.settings['GOAUTH'], 'GOAUTH is a setting of the Go that runs');
});

test('GOTOOLCHAIN=local from the environment beats a newer go line: no switch', async () => {
	const {data} = await goEnvIn({version: '1.23.5', env: {GOTOOLCHAIN: 'local'}, files: {'/home/u/work/app/go.mod': 'module x\ngo 1.24.0\n'}});
	assert.equal(data.goVersion?.text, 'go1.23.5');
	assert.equal(data.settings['GOAUTH'], undefined, 'go 1.23 knows no GOAUTH');
});

test('GOTOOLCHAIN=go1.99.0 in the go env file with GOPROXY=off: the switch cannot download, and go-env fails with Go\'s words', async () => {
	const {outcome, data} = await goEnvIn({version: '1.24.4', env: {GOPROXY: 'off'}, files: {'/home/u/.config/go/env': 'GOTOOLCHAIN=go1.99.0\n'}});
	assert.equal(outcome.status, 'fail');
	assert.match(outcome.summary, /^go: download go1\.99\.0 for linux\/amd64: toolchain not available \(module lookup disabled by GOPROXY=off\)/);
	assert.equal(data.goVersion?.text, 'go1.99.0');
	assert.match((outcome.details ?? []).join('\n'), /GOTOOLCHAIN=go1\.99\.0 \(go env file\) names go1\.99\.0/);
});

test('a switch that downloads through the default proxy says where from and that the checksum database verifies it', async () => {
	const {outcome} = await goEnvIn({version: '1.24.4', files: {'/home/u/work/app/go.mod': 'module x\ngo 1.25\n'}});
	assert.equal(outcome.status, 'pass', outcome.summary);
	const details = (outcome.details ?? []).join('\n');
	assert.match(details, /"go 1\.25"\) needs go1\.25\.0/);
	assert.match(details, /golang\.org\/toolchain@v0\.0\.1-go1\.25\.0\.linux-amd64 through https:\/\/proxy\.golang\.org/);
	assert.match(details, /checksum database sum\.golang\.org/);
	assert.equal(outcome.evidence?.['toolchainSource'], 'download');
});

test('GOTOOLCHAIN=path: a toolchain that is not on PATH fails as go does', async () => {
	const {outcome} = await goEnvIn({version: '1.24.4', env: {GOTOOLCHAIN: 'path'}, files: {'/home/u/work/app/go.mod': 'module x\ngo 1.25.1\n'}});
	assert.equal(outcome.status, 'fail');
	assert.equal(outcome.summary, 'go: cannot find "go1.25.1" in PATH');
});

test('GOTOOLCHAIN=path finds the toolchain binary on PATH', async () => {
	const {outcome, data} = await goEnvIn({
		version: '1.24.4',
		env: {GOTOOLCHAIN: 'path', PATH: '/usr/bin:/home/u/sdk/bin'},
		files: {'/home/u/work/app/go.mod': 'module x\ngo 1.25.1\n', '/home/u/sdk/bin/go1.25.1': {text: '#!', mode: 0o755}},
	});
	assert.equal(outcome.status, 'pass', outcome.summary);
	assert.equal(data.goVersion?.text, 'go1.25.1');
	assert.equal(outcome.evidence?.['toolchainSource'], 'path');
});

test('go.work governs before go.mod, unless GOWORK=off', async () => {
	const files = {'/home/u/work/go.work': 'go 1.99.1\nuse ./app\n', '/home/u/work/app/go.mod': 'module x\ngo 1.21\n'};
	const withWork = await goEnvIn({version: '1.24.4', env: {GOPROXY: 'off'}, files});
	assert.equal(withWork.outcome.evidence?.['governingFile'], '/home/u/work/go.work');
	assert.equal(withWork.data.goVersion?.text, 'go1.99.1');
	const off = await goEnvIn({version: '1.24.4', env: {GOPROXY: 'off', GOWORK: 'off'}, files});
	assert.equal(off.outcome.evidence?.['governingFile'], '/home/u/work/app/go.mod');
	assert.equal(off.data.goVersion?.text, 'go1.24.4');
});

test('an invalid GOTOOLCHAIN is Go\'s fatal error', async () => {
	const {outcome} = await goEnvIn({version: '1.24.4', env: {GOTOOLCHAIN: 'go1.25+foo'}});
	assert.equal(outcome.status, 'fail');
	assert.equal(outcome.summary, 'go: invalid GOTOOLCHAIN "go1.25+foo": only version suffixes are +auto and +path');
});

test('Go 1.19 ignores GOTOOLCHAIN and the toolchain line, but cannot parse them in go.mod', async () => {
	const ignored = await goEnvIn({version: '1.19.8', env: {GOTOOLCHAIN: 'go1.99.0'}, files: {'/home/u/work/app/go.mod': 'module x\ngo 1.21\n'}});
	assert.equal(ignored.outcome.status, 'pass', ignored.outcome.summary);
	assert.equal(ignored.data.goVersion?.text, 'go1.19.8');
	assert.equal(ignored.data.settings['GOTOOLCHAIN'], undefined);
	const broken = await goEnvIn({version: '1.19.8', files: {'/home/u/work/app/go.mod': 'module x\ngo 1.22.0\ntoolchain go1.22.1\n'}});
	assert.equal(broken.outcome.status, 'fail');
	assert.match(broken.outcome.summary, /errors parsing go\.mod.*invalid go version '1\.22\.0': must match format 1\.23; unknown directive: toolchain/);
});

test('online, the proxy is asked whether it has the toolchain: a company proxy that does not serve it fails the switch', async () => {
	const version = 'v0.0.1-go1.25.0.linux-amd64';
	const {http, requests} = router({
		[`https://goproxy.corp.example/golang.org/toolchain/@v/${version}.info`]: plain(404, 'not found'),
	});
	const system = fakeSystem({
		env: {HOME: '/home/u', PATH: '/usr/bin', GOPROXY: 'https://goproxy.corp.example', GOTOOLCHAIN: 'auto'},
		files: {'/home/u/work/app/go.mod': 'module x\ngo 1.25\n'},
		commands: goOnPath('1.24.4'),
		cwd: '/home/u/work/app',
		http,
	});
	const {outcome} = await runCheck(goEnvCheck, system, undefined, {offline: false});
	assert.equal(outcome.status, 'fail');
	assert.equal(outcome.summary, 'go: download go1.25.0 for linux/amd64: toolchain not available');
	assert.equal(requests.length, 1);
	assert.match((outcome.details ?? []).join('\n'), /goproxy\.corp\.example: 404, it does not serve golang\.org\/toolchain/);
});

test('online, a proxy that has the toolchain: the switch passes, and offline nothing is asked', async () => {
	const version = 'v0.0.1-go1.25.0.linux-amd64';
	const {http, requests} = router({[`https://proxy.golang.org/golang.org/toolchain/@v/${version}.info`]: plain(200, '{}')});
	const options = {env: {HOME: '/home/u', PATH: '/usr/bin', GOTOOLCHAIN: 'auto'}, files: {'/home/u/work/app/go.mod': 'module x\ngo 1.25\n'}, commands: goOnPath('1.24.4'), cwd: '/home/u/work/app', http};
	const online = await runCheck(goEnvCheck, fakeSystem(options), undefined, {offline: false});
	assert.equal(online.outcome.status, 'pass', online.outcome.summary);
	assert.equal(requests.length, 1);
	await runCheck(goEnvCheck, fakeSystem(options), undefined, {offline: true});
	assert.equal(requests.length, 1);
});

test('GOFLAGS is split as the Go that runs splits it: quoted in 1.23+, on blanks in 1.19 (confirmed with the real go of each)', async () => {
	const old = await goEnvIn({version: '1.19.8', env: {GOFLAGS: "'-insecure'"}, reported: {GOFLAGS: "'-insecure'"}});
	assert.equal(old.outcome.summary, `go: parsing $GOFLAGS: non-flag "'-insecure'"`);
	const current = await goEnvIn({version: '1.23.5', env: {GOFLAGS: "'-insecure'"}, reported: {GOFLAGS: "'-insecure'"}});
	assert.equal(current.outcome.summary, 'go: -insecure flag is no longer supported; use GOINSECURE instead');
});
