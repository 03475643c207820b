import type {GoEnvData} from '../../source/engine/check-data.js';
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {privateModuleCheck} from '../../source/checks/private-module.js';
import type {SettingSource} from '../../source/rules/go-env-file.js';
import {fakeSystem, runCheck, upstreamOf} from '../helpers/fake-system.js';

const module = 'gitlab.example.com/group/sub/project';
const defaults = {GOPROXY: 'https://proxy.golang.org,direct', GOSUMDB: 'sum.golang.org'};

async function judge(settings: Record<string, string>, source: SettingSource = 'go env file') {
	const all = {...defaults, ...settings};
	const goEnv: GoEnvData = {settings: Object.fromEntries(Object.entries(all).map(([key, value]) => [key, {value, source}]))};
	return (await runCheck(privateModuleCheck, fakeSystem(), upstreamOf({'go-env': goEnv}), {module})).outcome;
}

test('nothing set: the path goes to proxy.golang.org and sum.golang.org — fail with a GOPRIVATE fix', async () => {
	const outcome = await judge({});
	assert.equal(outcome.status, 'fail');
	assert.match(outcome.details!.join('\n'), /proxy\.golang\.org/);
	assert.match(outcome.details!.join('\n'), /sum\.golang\.org/);
	assert.deepEqual(outcome.fixes?.[0]?.commands, [`go env -w GOPRIVATE='gitlab.example.com'`]);
});

test('GOPRIVATE covering the host: pass (go-behaviour.md §3.2)', async () => {
	assert.equal((await judge({GOPRIVATE: 'gitlab.example.com'})).status, 'pass');
	assert.equal((await judge({GOPRIVATE: 'other.example.com,gitlab.example.com/group'})).status, 'pass');
});

test('GOPRIVATE with https:// never matches: fail, and the fix strips the scheme (golang/go#64223)', async () => {
	const outcome = await judge({GOPRIVATE: 'https://gitlab.example.com'});
	assert.equal(outcome.status, 'fail');
	assert.match(outcome.details!.join('\n'), /GOPRIVATE: .*https:\/\//);
	assert.doesNotMatch(outcome.fixes![0]!.commands[0]!, /https:\/\//);
	assert.match(outcome.fixes![0]!.commands[0]!, /gitlab\.example\.com/);
});

test('a space after a comma: that pattern never matches (MatchPrefixPatterns does not trim, §3.1)', async () => {
	const outcome = await judge({GOPRIVATE: 'other.example.com, gitlab.example.com'});
	assert.equal(outcome.status, 'fail');
});

test('the fix keeps the user\'s existing patterns', async () => {
	const outcome = await judge({GOPRIVATE: 'corp.example.com'});
	assert.match(outcome.fixes![0]!.commands[0]!, /corp\.example\.com/);
	assert.match(outcome.fixes![0]!.commands[0]!, /gitlab\.example\.com/);
});

test('a non-empty GONOSUMDB overrides the GOPRIVATE default: the checksum database is consulted (§3.2)', async () => {
	const outcome = await judge({GOPRIVATE: 'gitlab.example.com', GONOSUMDB: 'none'});
	assert.equal(outcome.status, 'fail');
	assert.match(outcome.summary, /checksum database/);
	assert.ok(outcome.fixes![0]!.commands.includes(`go env -w GONOSUMDB='none,gitlab.example.com'`), 'the module joins GONOSUMDB; the user\'s own patterns stay');
	assert.ok(!outcome.fixes![0]!.commands.some(command => command.includes('-u GONOSUMDB')), 'never go env -u: that drops the user\'s patterns');
});

test('GOPRIVATE from the OS environment: the fix changes the environment, since it beats go env -w (§4)', async () => {
	const outcome = await judge({GOPRIVATE: 'corp.example.com'}, 'environment');
	assert.match(outcome.fixes![0]!.commands[0]!, /^export GOPRIVATE=/);
});

test('GOPROXY=direct and GOSUMDB=off: nothing leaks, pass', async () => {
	assert.equal((await judge({GOPROXY: 'direct', GOSUMDB: 'off'})).status, 'pass');
});

test('GOPROXY=off without GONOPROXY: Go stops with "module lookup disabled by GOPROXY=off" (§3.3)', async () => {
	const outcome = await judge({GOPROXY: 'off', GOSUMDB: 'off'});
	assert.equal(outcome.status, 'fail');
	assert.match(outcome.details!.join('\n') + outcome.summary, /GOPROXY=off/);
});

test('GOVCS refusing git for the module: fail with Go\'s message, and a fix that allows git in that rule (go-behaviour.md §3.6)', async () => {
	const outcome = await judge({GOPRIVATE: 'gitlab.example.com', GOVCS: 'gitlab.example.com:off'});
	assert.equal(outcome.status, 'fail');
	assert.equal(outcome.summary, "GOVCS disallows using git for private gitlab.example.com/group/sub/project; see 'go help vcs'");
	assert.deepEqual(outcome.fixes?.[0]?.commands, [`go env -w GOVCS='gitlab.example.com:git'`]);
	assert.equal((await judge({GOPRIVATE: 'gitlab.example.com', GOVCS: 'public:off'})).status, 'pass');
});
