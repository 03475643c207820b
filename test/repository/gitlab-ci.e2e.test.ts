// A GitLab-CI-like job against the fake GitLab: no .netrc at first, the tool's fix writes the gitlab-ci-token entry
// from $CI_JOB_TOKEN (run here as a job script would run it), then the tool and the real go both succeed. The
// single-quoted variant of the same line (the literal text $CI_JOB_TOKEN) is recognised.
import {after, before, describe, test} from 'node:test';
import assert from 'node:assert/strict';
import {mkdirSync, readFileSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {getTestPki, goAvailable, makeIsolatedEnv, runGoModDownload, startConnectProxy, startFakeGitlab, type ConnectProxy, type FakeGitlab} from '../fake-gitlab/index.js';
import {runCommand} from '../fake-gitlab/proc.js';
import {runCli} from '../helpers/run-cli.js';

const jobToken = 'glcbt-64_jobJOBjobJOBjob01';

describe('a GitLab CI job with a job token', {skip: goAvailable() ? false : 'go is not installed', timeout: 240_000}, () => {
	let gl: FakeGitlab;
	let proxy: ConnectProxy;
	let isolated: ReturnType<typeof makeIsolatedEnv>;
	let env: Record<string, string>;
	let repo: string;
	before(async () => {
		const pki = await getTestPki();
		gl = await startFakeGitlab({pki, projects: [{path: 'group/lib', members: {alice: 'reporter'}}], users: [{username: 'alice'}], tokens: [{token: jobToken, username: 'alice', kind: 'job'}]});
		proxy = await startConnectProxy({routes: gl.routes});
		isolated = makeIsolatedEnv({pki, proxy, goEnv: {GOPRIVATE: 'gitlab.test'}});
		env = {...isolated.env, CI: 'true', GITLAB_CI: 'true', CI_SERVER_HOST: 'gitlab.test', CI_JOB_TOKEN: jobToken, CI_PROJECT_PATH: 'group/app'};
		repo = join(env['HOME']!, 'app');
		mkdirSync(repo);
		writeFileSync(join(repo, 'go.mod'), 'module gitlab.test/group/app\n\ngo 1.19\n\nrequire gitlab.test/group/lib v1.0.0\n');
	});
	after(async () => {
		isolated?.cleanup();
		await proxy?.close();
		await gl?.close();
	});

	test('no .netrc: the fix is the job token entry; run as the job script runs it, go get and the tool then succeed', async () => {
		const missing = await runCli(['--dir', repo, '--json', '--timeout', '5'], {env, timeoutMs: 60_000});
		assert.equal(missing.code, 1, missing.stdout);
		assert.ok(!missing.stdout.includes(jobToken) && !missing.stderr.includes(jobToken), 'the job token never reaches the output');
		const document = JSON.parse(missing.stdout) as {hosts: Array<{checks: Array<{id: string; fixes: Array<{commands: string[]; link?: string}>}>}>};
		const netrc = document.hosts[0]!.checks.find(check => check.id === 'netrc')!;
		const fix = netrc.fixes[0]!;
		assert.match(fix.commands[0]!, /login gitlab-ci-token password %s\\n' "\$CI_SERVER_HOST" "\$CI_JOB_TOKEN"/);
		assert.equal(fix.link, undefined, 'no personal token page in a job');
		assert.equal((await runGoModDownload(env, 'gitlab.test/group/lib')).ok, false, 'go fails before the fix too');

		// The job script: the fix's commands, run by a shell with the job's variables.
		for (const command of fix.commands) {
			const ran = await runCommand('sh', ['-c', command], {env, timeoutMs: 10_000});
			assert.equal(ran.exitCode, 0, ran.stderr);
		}
		assert.match(readFileSync(join(env['HOME']!, '.netrc'), 'utf8'), new RegExp(`^machine gitlab\\.test login gitlab-ci-token password ${jobToken}\\n$`));
		const fixed = await runCli(['--dir', repo, '--timeout', '5'], {env, timeoutMs: 60_000});
		assert.equal(fixed.code, 0, fixed.stdout);
		assert.equal((await runGoModDownload(env, 'gitlab.test/group/lib')).ok, true);
	});

	test("the same line in single quotes writes the literal text $CI_JOB_TOKEN: recognised and failed, as go fails", async () => {
		const ran = await runCommand('sh', ['-c', `printf 'machine gitlab.test login gitlab-ci-token password $CI_JOB_TOKEN\\n' > ~/.netrc && chmod 600 ~/.netrc`], {env, timeoutMs: 10_000});
		assert.equal(ran.exitCode, 0, ran.stderr);
		const run = await runCli(['--dir', repo, '--timeout', '5'], {env, timeoutMs: 60_000});
		assert.equal(run.code, 1, run.stdout);
		assert.match(run.stdout, /literal text \$CI_JOB_TOKEN/);
		assert.equal((await runGoModDownload(env, 'gitlab.test/group/lib')).ok, false);
	});
});
