// go-confirm with the unit-test fakes: what it runs (go mod init, then go get in the throw-away module, with a fresh
// module cache), how it reads the version go resolved for a package path, and how it cross-checks the other checks.
// The real go against the fake GitLab: test/conformance/go-confirm.test.ts.
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {goConfirmCheck} from '../../source/checks/go-confirm.js';
import type {ExecOptions} from '../../source/system/types.js';
import type {GoConfirmData} from '../../source/engine/check-data.js';
import {createRunMemo, type CheckId, type CheckResult} from '../../source/engine/types.js';
import {resolveTarget} from '../../source/engine/target.js';
import {reconcileWithGo, verdictOf} from '../../source/engine/diagnose.js';
import {contextFor, fakeSystem, runCheck, upstreamOf} from '../helpers/fake-system.js';

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

test('go fails as a failing check predicted: go-confirm fails too; go succeeds although a check failed for no known risk: the disagreement is shown', async () => {
	const {fake} = system({code: 1, stderr: 'go: -insecure flag is no longer supported; use GOINSECURE instead\n'});
	const failed = await runCheck(goConfirmCheck as never, fake, upstreamOf({'go-env': goEnv}, {'go-env': 'fail'}), {module});
	assert.equal(failed.outcome.status, 'fail');
	assert.equal(failed.outcome.reason, 'go-fails:go-insecure-flag');
	const {fake: works} = system({});
	const disagree = await runCheck(goConfirmCheck as never, works, upstreamOf({'go-env': goEnv}, {token: 'fail'}, {token: 'token-no-read-api'}), {module});
	assert.equal(disagree.outcome.status, 'warn');
	assert.equal(disagree.outcome.reason, 'go-disagrees-with-checks');
	assert.match(disagree.outcome.summary, /the real go succeeds here .* although token failed: the model and go disagree/);
	assert.deepEqual((disagree.outcome.data as GoConfirmData).disagreements, [{id: 'token', reason: 'token-no-read-api'}]);
	assert.deepEqual((disagree.outcome.data as GoConfirmData).risks, []);
});

test('go succeeds although a check failed with a real risk: go-confirm passes and says why go still works; a disagreeing one beside it is named', async () => {
	const {fake} = system({});
	const risk = await runCheck(goConfirmCheck as never, fake, upstreamOf({'go-env': goEnv}, {'private-module': 'fail'}, {'private-module': 'private-module-public-proxy'}), {module});
	assert.equal(risk.outcome.status, 'pass');
	assert.match(risk.outcome.summary, /private-module still fails as a real risk/);
	assert.ok(risk.outcome.details?.some(detail => /private-module stays failed, a real risk: go works because the public proxy answered "not found" and go fell back to git/.test(detail)), String(risk.outcome.details));
	const {fake: again} = system({});
	const both = await runCheck(goConfirmCheck as never, again, upstreamOf({'go-env': goEnv}, {netrc: 'fail', https: 'fail'}, {netrc: 'netrc-missing-entry', https: 'https-tls-unknown-authority'}), {module});
	assert.equal(both.outcome.status, 'warn');
	assert.match(both.outcome.summary, /although https failed/);
	assert.ok(both.outcome.details?.some(detail => /^netrc stays failed, a real risk: .*credential helper/.test(detail)));
});

test('the engine keeps a real risk failed and turns a disagreement into a warning that says so; the verdict follows', () => {
	const result = (id: CheckId, status: CheckResult['status'], reason?: string): CheckResult => ({id, title: id, status, summary: '', details: [], evidence: {}, fixes: [], blockedBy: [], durationMs: 0, ...(reason ? {reason} : {})});
	const checks = [result('netrc', 'fail', 'netrc-missing-entry'), result('https', 'fail', 'https-tls-unknown-authority'), result('go-confirm', 'warn', 'go-disagrees-with-checks')];
	const confirm: GoConfirmData = {target: `${module}@latest`, ok: true, version: 'gitlab.example.com/group/project@v1.2.0', diagnoses: [], timedOut: false, risks: [{id: 'netrc', reason: 'netrc-missing-entry', why: 'x'}], disagreements: [{id: 'https', reason: 'https-tls-unknown-authority'}]};
	const reconciled = reconcileWithGo(checks, confirm);
	assert.deepEqual(reconciled.map(check => check.status), ['fail', 'warn', 'warn']);
	assert.equal(reconciled[1]!.reason, 'https-tls-unknown-authority', 'the check keeps its code');
	assert.match(reconciled[1]!.details[0]!, /The real go succeeds here .*the check and go disagree/);
	assert.deepEqual(reconcileWithGo(checks, {...confirm, ok: false}).map(check => check.status), ['fail', 'fail', 'warn'], 'go failing changes nothing');
	assert.equal(verdictOf(reconcileWithGo(checks.slice(1), confirm).map(check => check.status)), 'warn');
});

test('no go installed: skip, nothing to confirm with', async () => {
	const {outcome} = await runCheck(goConfirmCheck as never, fakeSystem({}), upstreamOf({}), {module});
	assert.equal(outcome.status, 'skip');
});

test('several modules (repository mode): go runs only for failures, once for modules failing alike on a host, again when that run succeeds', async () => {
	const downloads: string[] = [];
	let works = false;
	const fake = fakeSystem({
		env: {HOME: '/home/u'},
		commands: {
			go: args => {
				if (args[0] !== 'mod' || args[1] !== 'download') return {};
				downloads.push(args.at(-1)!);
				return works
					? {code: 0, stdout: JSON.stringify({Path: args.at(-1)!.split('@')[0], Version: 'v1.0.0'})}
					: {code: 1, stdout: JSON.stringify({Path: 'x', Error: "x@v1.0.0: invalid version: git ls-remote -q origin in /tmp/gitlab-go-check-modcache-fake/cache/vcs/1: exit status 128:\n\tfatal: could not read Username for 'https://gitlab.example.com': terminal prompts disabled"})};
			},
		},
	});
	const perRun = createRunMemo();
	const confirmFor = (path: string, upstream: ReturnType<typeof upstreamOf>, memo = perRun) => {
		const context = {...contextFor(fake, {module: path, confirm: 'failures'}), target: resolveTarget(path, 'v1.0.0', {moduleRoot: true}), perRun: memo};
		return goConfirmCheck.run(context, upstream as never, new AbortController().signal);
	};
	const noCredentials = () => upstreamOf({'go-env': goEnv}, {'git-access': 'fail'}, {'git-access': 'git-no-credentials'});

	const healthy = await confirmFor('gitlab.example.com/group/a', upstreamOf({'go-env': goEnv}, {'git-access': 'pass'}));
	assert.equal(healthy.status, 'skip');
	assert.deepEqual(downloads, [], 'nothing failed: go is not run');

	const [first, second] = await Promise.all([confirmFor('gitlab.example.com/group/b', noCredentials()), confirmFor('gitlab.example.com/group/c', noCredentials())]);
	assert.deepEqual(downloads, ['gitlab.example.com/group/b@v1.0.0'], 'one go mod download (what building the repository runs) for the shared failure');
	assert.equal(first.status, 'fail');
	assert.equal(first.reason, 'go-fails:git-no-credentials');
	assert.ok(!String(first.evidence?.['goError']).includes('/tmp/gitlab-go-check-modcache-fake'), 'the throw-away cache is named, not shown');
	assert.equal(second.status, 'fail');
	assert.equal(second.reason, 'go-fails:git-no-credentials');
	assert.match(second.summary, /asked for gitlab\.example\.com\/group\/b@v1\.0\.0, which fails the same checks/);
	assert.equal((second.data as GoConfirmData).target, 'gitlab.example.com/group/c@v1.0.0');

	// The stand-in's go succeeds: each module alike gets its own run, and the disagreement is its own.
	works = true;
	downloads.length = 0;
	const fresh = createRunMemo();
	const [one, other] = await Promise.all([confirmFor('gitlab.example.com/group/d', noCredentials(), fresh), confirmFor('gitlab.example.com/group/e', noCredentials(), fresh)]);
	assert.deepEqual(downloads.sort(), ['gitlab.example.com/group/d@v1.0.0', 'gitlab.example.com/group/e@v1.0.0']);
	assert.deepEqual([one.status, other.status], ['warn', 'warn']);
	assert.match(other.summary, /resolved gitlab\.example\.com\/group\/e@v1\.0\.0/);
});

test('the throw-away module gets the go and toolchain lines of the go.mod, as go finds them, and the version it requires', async () => {
	const seen: string[][] = [];
	const fake = fakeSystem({
		env: {HOME: '/home/u'},
		files: {'go.mod': 'module example.com/app\n\n  go 1.22 // indented, as go still reads it\ntoolchain go1.23.4\n\nrequire gitlab.example.com/group/project v1.2.0\n'},
		commands: {go: args => (seen.push(args), {})},
	});
	const {outcome} = await runCheck(goConfirmCheck as never, fake, upstreamOf({'go-env': goEnv}), {module});
	assert.equal(outcome.status, 'pass', outcome.summary);
	assert.deepEqual(seen.slice(1), [['mod', 'edit', '-go=1.22', '-toolchain=go1.23.4'], ['get', 'gitlab.example.com/group/project@v1.2.0']]);
	assert.match(String(outcome.evidence?.['asked']), /\(go\.mod line 6\)/);
});
