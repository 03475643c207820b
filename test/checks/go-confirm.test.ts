// go-confirm with the unit-test fakes: what it runs (go mod init, then go get in the throw-away module, with a fresh
// module cache), how it reads the version go resolved for a package path, and how it cross-checks the other checks.
// The real go against the fake GitLab: test/conformance/go-confirm.test.ts.
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {goConfirmCheck} from '../../source/checks/go-confirm.js';
import type {ExecOptions} from '../../source/system/types.js';
import {fakeSystem, runCheck, upstreamOf} from '../helpers/fake-system.js';

const module = 'gitlab.example.com/group/project/pkg';
const goEnv = {settings: {GOFLAGS: {value: '-mod=mod', source: 'environment'}}, goVersion: {text: 'go1.22.2', major: 1, minor: 22}};

function system(get: {code?: number; stderr?: string}) {
	const seen: Array<{args: string[]; options: ExecOptions}> = [];
	const fake = fakeSystem({
		env: {HOME: '/home/u', GOPRIVATE: 'gitlab.example.com'},
		files: {'/tmp/gitlab-go-check-confirm-fake/go.mod': 'module gitlab-go-check.invalid/confirm\n\ngo 1.22\n\nrequire gitlab.example.com/group/project v1.2.0 // indirect\n'},
		commands: {go: args => (args[0] === 'get' ? {code: get.code ?? 0, stderr: get.stderr ?? 'go: downloading gitlab.example.com/group/project v1.2.0\ngo: added gitlab.example.com/group/project v1.2.0\n'} : {})},
	});
	const run = fake.exec.run.bind(fake.exec);
	fake.exec.run = async (command, args, options) => {
		seen.push({args, options});
		return run(command, args, options);
	};
	return {fake, seen};
}

test('go get of a package path in a throw-away module: the module and version go resolved, the user\'s settings, a fresh writable cache', async () => {
	const {fake, seen} = system({});
	const {outcome} = await runCheck(goConfirmCheck as never, fake, upstreamOf({'go-env': goEnv}, {netrc: 'pass'}), {module});
	assert.equal(outcome.status, 'pass', outcome.summary);
	assert.match(outcome.summary, /go get resolved gitlab\.example\.com\/group\/project@v1\.2\.0/);
	assert.deepEqual(seen.map(call => call.args), [['mod', 'init', 'gitlab-go-check.invalid/confirm'], ['get', `${module}@latest`]]);
	const env = seen[1]!.options.env!;
	assert.equal(env['GOPRIVATE'], 'gitlab.example.com', 'the user\'s environment');
	assert.equal(env['GOFLAGS'], '-mod=mod -modcacherw', 'the user\'s GOFLAGS, plus a removable cache');
	assert.equal(env['GOMODCACHE'], '/tmp/gitlab-go-check-modcache-fake');
	assert.equal(seen[1]!.options.cwd, '/tmp/gitlab-go-check-confirm-fake');
});

test('go fails where no check failed: go-confirm fails, says the model missed it, explains go\'s error, asks for the case', async () => {
	const stderr = "go: downloading x\ngo: module gitlab.example.com/group/project/pkg: git ls-remote -q origin in /x: exit status 128:\n\tfatal: could not read Username for 'https://gitlab.example.com': terminal prompts disabled\n";
	const {fake} = system({code: 1, stderr});
	const {outcome} = await runCheck(goConfirmCheck as never, fake, upstreamOf({'go-env': goEnv}, {netrc: 'pass', 'git-access': 'pass'}), {module});
	assert.equal(outcome.status, 'fail');
	assert.equal(outcome.reason, 'model-missed:git-no-credentials');
	assert.match(outcome.summary, /no check predicted it: git had no credentials for gitlab\.example\.com/);
	assert.ok(outcome.details?.some(detail => /file it as a bug/.test(detail)));
	assert.ok(!(outcome.evidence?.['goError'] as string).includes('go: downloading'), 'progress lines are no error');
});

test('go fails as a failing check predicted: go-confirm fails too; go succeeds although a check failed: it warns', async () => {
	const {fake} = system({code: 1, stderr: 'go: -insecure flag is no longer supported; use GOINSECURE instead\n'});
	const failed = await runCheck(goConfirmCheck as never, fake, upstreamOf({'go-env': goEnv}, {'go-env': 'fail'}), {module});
	assert.equal(failed.outcome.status, 'fail');
	assert.equal(failed.outcome.reason, 'go-fails:go-insecure-flag');
	const {fake: works} = system({});
	const disagree = await runCheck(goConfirmCheck as never, works, upstreamOf({'go-env': goEnv}, {token: 'fail'}), {module});
	assert.equal(disagree.outcome.status, 'warn');
	assert.match(disagree.outcome.summary, /the real go succeeds here .* although token failed/);
});

test('no go installed: skip, nothing to confirm with', async () => {
	const {outcome} = await runCheck(goConfirmCheck as never, fakeSystem({}), upstreamOf({}), {module});
	assert.equal(outcome.status, 'skip');
});
