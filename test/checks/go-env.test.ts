import type {GoEnvData} from '../../source/engine/check-data.js';
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {goEnvCheck, parseGoVersion} from '../../source/checks/go-env.js';
import {goSettingKeys} from '../../source/rules/go-env-file.js';
import {fakeSystem, runCheck} from '../helpers/fake-system.js';

const goInstalled = (reported: Record<string, string> = {}) => ({
	'go version': {stdout: 'go version go1.22.3 linux/amd64\n'},
	go: (args: string[]) =>
		args[0] === 'env' ? {stdout: args.slice(1).map(key => reported[key] ?? '').join('\n') + '\n'} : {code: 1, stderr: 'unknown'},
});

test('parseGoVersion reads `go version` output', () => {
	assert.deepEqual(parseGoVersion('go version go1.19.8 linux/amd64'), {text: 'go1.19.8', major: 1, minor: 19});
	assert.deepEqual(parseGoVersion('go version go1.24rc1 linux/amd64'), {text: 'go1.24rc1', major: 1, minor: 24});
	assert.equal(parseGoVersion('nonsense'), undefined);
});

test('go 1.16 and later name their version in go env GOVERSION: go version is not asked; an older go (empty GOVERSION) is', async () => {
	for (const [goversion, asked] of [['go1.19.8', false], ['', true]] as const) {
		const system = fakeSystem({env: {HOME: '/home/u'}, commands: goInstalled({GOROOT: '/usr/lib/go', GOVERSION: goversion})});
		const {outcome} = await runCheck(goEnvCheck, system);
		assert.equal((outcome.data as GoEnvData).goVersion?.text, goversion || 'go1.22.3');
		assert.equal(system.calls.includes('go version'), asked, system.calls.join('; '));
	}
});

test('go env failing: go version is asked and says why, as before', async () => {
	const system = fakeSystem({env: {HOME: '/home/u'}, commands: {'go version': {code: 2, stderr: 'go: cannot find GOROOT directory\n'}, go: () => ({code: 2, stderr: 'go: cannot find GOROOT directory\n'})}});
	const {outcome} = await runCheck(goEnvCheck, system);
	assert.match(JSON.stringify(outcome), /go version failed: go: cannot find GOROOT directory/);
});

test('a non-empty environment variable beats the go env file; an empty one does not (docs/go.md §4)', async () => {
	const system = fakeSystem({
		env: {HOME: '/home/u', GOPRIVATE: 'env.example.com', GONOSUMDB: ''},
		files: {'/home/u/.config/go/env': 'GOPRIVATE=file.example.com\nGONOSUMDB=file.example.com\n'},
	});
	const {outcome} = await runCheck(goEnvCheck, system);
	const settings = (outcome.data as GoEnvData).settings;
	assert.deepEqual(settings['GOPRIVATE'], {value: 'env.example.com', source: 'environment'});
	assert.deepEqual(settings['GONOSUMDB'], {value: 'file.example.com', source: 'go env file'});
	assert.deepEqual(settings['GOPROXY'], {value: 'https://proxy.golang.org,direct', source: 'default'});
});

test('GOENV=off: the user env file is not read (docs/go.md §4)', async () => {
	const system = fakeSystem({env: {HOME: '/home/u', GOENV: 'off'}, files: {'/home/u/.config/go/env': 'GOPRIVATE=file.example.com\n'}});
	const {outcome} = await runCheck(goEnvCheck, system);
	assert.equal((outcome.data as GoEnvData).settings['GOPRIVATE']?.value, '');
});

test('GOFLAGS=-insecure fails with Go\'s own message (docs/go.md §3.5)', async () => {
	const system = fakeSystem({env: {HOME: '/home/u', GOFLAGS: '-mod=mod -insecure'}});
	const {outcome} = await runCheck(goEnvCheck, system);
	assert.equal(outcome.status, 'fail');
	assert.match(outcome.summary, /-insecure flag is no longer supported; use GOINSECURE instead/);
	assert.deepEqual(outcome.fixes?.[0]?.commands, [`export GOFLAGS='-mod=mod'   # in your shell profile: the environment beats go env -w`]);
});

test('a malformed go env file warns and names the line', async () => {
	const system = fakeSystem({env: {HOME: '/home/u'}, files: {'/home/u/.config/go/env': 'GOPRIVATE=a.example.com\nthis is junk\n'}, commands: goInstalled()});
	const {outcome} = await runCheck(goEnvCheck, system);
	assert.equal(outcome.status, 'warn');
	assert.match([outcome.summary, ...(outcome.details ?? [])].join('\n'), /line 2/);
});

test('an unreadable go env file (a directory) warns instead of crashing', async () => {
	const system = fakeSystem({env: {HOME: '/home/u'}, files: {'/home/u/.config/go/env': {directory: true}}, commands: goInstalled()});
	const {outcome} = await runCheck(goEnvCheck, system);
	assert.equal(outcome.status, 'warn');
	assert.match(outcome.summary, /directory/);
});

test('go not installed: a warning that says so, settings still resolved from files and environment', async () => {
	const system = fakeSystem({env: {HOME: '/home/u', GOPRIVATE: 'x.example.com'}});
	const {outcome} = await runCheck(goEnvCheck, system);
	assert.equal(outcome.status, 'warn');
	assert.match(outcome.summary, /go not installed/);
	assert.equal((outcome.data as GoEnvData).goVersion, undefined);
});

test('go installed: version recorded, asked once for all settings with `go env VAR…`, $GOROOT/go.env read', async () => {
	const system = fakeSystem({
		env: {HOME: '/home/u'},
		files: {'/usr/lib/go/go.env': 'GOPROXY=https://goproxy.example.com,direct\n'},
		commands: goInstalled({GOROOT: '/usr/lib/go', GOPROXY: 'https://goproxy.example.com,direct', GOSUMDB: 'sum.golang.org'}),
	});
	const {outcome} = await runCheck(goEnvCheck, system);
	assert.equal(outcome.status, 'pass', outcome.summary);
	const data = outcome.data as GoEnvData;
	assert.equal(data.goVersion?.text, 'go1.22.3');
	assert.deepEqual(data.settings['GOPROXY'], {value: 'https://goproxy.example.com,direct', source: 'GOROOT/go.env'});
	assert.deepEqual(system.calls.filter(call => call.startsWith('go env')), [`go env ${[...goSettingKeys, 'GOHOSTOS', 'GOHOSTARCH', 'GOWORK', 'GOVERSION'].join(' ')}`]);
	// Asking must never switch toolchains (and so never download one).
	for (const run of system.execs.filter(run => run.call.startsWith('go '))) assert.equal(run.options.env?.['GOTOOLCHAIN'], 'local', run.call);
});
