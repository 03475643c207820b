// The Go-like git repository the git steps share: one per module and Go release, git's configuration listed once
// and read with `git config --get`'s rules, and the work started before go-import answers.
import {test} from 'node:test';
import assert from 'node:assert/strict';
import type {GoEnvData} from '../../source/engine/check-data.js';
import {gitAccessCheck} from '../../source/checks/git-access.js';
import {gitAuthCheck} from '../../source/checks/git-auth.js';
import {gitRouteCheck} from '../../source/checks/git-route.js';
import {configValue, type GitConfig} from '../../source/checks/go-like-git.js';
import {Redactor} from '../../source/engine/redact.js';
import {runGraph, runSteps, stepKey} from '../../source/engine/scheduler.js';
import {resolveTarget} from '../../source/engine/target.js';
import {defineCheck, type AnyCheck} from '../../source/engine/types.js';
import type {ExecResult} from '../../source/system/types.js';
import {fakeSystem, runOptions} from '../helpers/fake-system.js';

const host = 'gitlab.example.com';
const home = '/home/u';
const record = (scope: string, key: string, value?: string) => ({scope, origin: `file:${home}/.gitconfig`, key, value});

test('configValue answers as git config --get: the last value wins, section and variable in any case, the subsection as written', () => {
	const config: GitConfig = {
		records: [
			record('system', 'core.askpass', '/usr/bin/first'),
			record('global', 'core.askpass', '/usr/bin/last'),
			record('global', 'credential.https://Gitlab.example.com.helper', 'store'),
			record('global', 'ssh.variant'),
		],
	};
	assert.equal(configValue(config, 'core.askPass'), '/usr/bin/last');
	assert.equal(configValue(config, 'CORE.ASKPASS'), '/usr/bin/last');
	assert.equal(configValue(config, 'credential.https://Gitlab.example.com.HELPER'), 'store');
	assert.equal(configValue(config, 'credential.https://gitlab.example.com.helper'), undefined, 'the subsection is case-sensitive');
	assert.equal(configValue(config, 'ssh.variant'), '', 'a key without "= value" reads as empty');
	assert.equal(configValue(config, 'core.sshCommand'), undefined);
});

/** go-env's answer for a Go release, as the git steps read it. */
function goEnvFor(minor: number) {
	return defineCheck({
		id: 'go-env',
		title: 'go env',
		needs: [],
		local: true,
		async run() {
			return {status: 'pass', summary: `go1.${minor}`, data: {settings: {}, goVersion: {text: `go1.${minor}.0`, major: 1, minor}} satisfies GoEnvData};
		},
	});
}

const helperAndAskpass = `global\0file:${home}/.gitconfig\0credential.helper\nstore\0global\0file:${home}/.gitconfig\0core.askpass\n/usr/bin/askpass\0`;

/** A git whose config holds `listing` (by default a credential helper and core.askPass), and `files`. */
function gitSystem(listing = helperAndAskpass, files: Record<string, string> = {}) {
	let made = 0;
	const system = fakeSystem({
		env: {HOME: home},
		files,
		commands: {
			curl: {stdout: 'curl 7.88.1 (x86_64-pc-linux-gnu) libcurl/7.88.1\n'},
			git: (args: string[]): Partial<ExecResult> => {
				if (args[0] === 'init') return {code: 0};
				if (args[0] === 'remote') return {code: 0};
				if (args[0] === 'config' && args.includes('--list')) return {code: 0, stdout: listing};
				if (args[0] === 'credential') return {code: 0, stdout: `protocol=https\nhost=${host}\nusername=alice\npassword=glpat-helper0000000000000\n`};
				if (args[0] === 'ls-remote') return {code: 0, stdout: '0123456789012345678901234567890123456789\tHEAD\n'};
				return {code: 129, stderr: `unexpected git ${args.join(' ')}`};
			},
		},
	});
	// A directory of its own for each repository, as the real system makes them; origin's URL is the one added there.
	system.makeTempDir = async prefix => `/tmp/${prefix}${++made}`;
	const origins = new Map<string | undefined, string>();
	const run = system.exec.run;
	system.exec = {
		run: async (command, args, options) => {
			const result = await run(command, args, options);
			if (command === 'git' && args[0] === 'remote' && result.code === 0) origins.set(options.cwd, args[4]!);
			if (command === 'git' && args[0] === 'ls-remote' && args[1] === '--get-url') return {...result, code: 0, stdout: `${origins.get(options.cwd)}\n`};
			// As git lists it: the repository's own config holds what `remote add` wrote.
			if (command === 'git' && args[0] === 'config' && args.includes('--list') && origins.has(options.cwd)) {
				return {...result, stdout: `${result.stdout}local\0file:config\0remote.origin.url\n${origins.get(options.cwd)}\0`};
			}
			return result;
		},
	};
	return system;
}

/** The refusal as git's own run wrapper gives it: only `remote add` run without GIT_DIR meets it. */
function refusingBare(system: ReturnType<typeof fakeSystem>) {
	const run = system.exec.run;
	system.exec = {
		run: async (command, args, options) => {
			if (command === 'git' && args[0] === 'remote' && !options.env?.['GIT_DIR']) {
				await run(command, args, options);
				return {code: 128, stdout: '', stderr: "fatal: cannot use bare repository '/tmp/x' (safe.bareRepository is 'explicit')\n", timedOut: false};
			}
			return run(command, args, options);
		},
	};
	return system;
}

async function runGitSteps(system: ReturnType<typeof fakeSystem>, minor: number) {
	const checks: AnyCheck[] = [goEnvFor(minor), gitRouteCheck, gitAuthCheck, gitAccessCheck];
	const context = {options: runOptions({module: `${host}/group/project`, offline: false}), system, secrets: new Redactor()};
	return runGraph({checks, context});
}

const gitCalls = (system: ReturnType<typeof fakeSystem>, words: string) => system.calls.filter(call => call.startsWith(`git ${words}`)).length;

for (const minor of [19, 21, 24]) {
	test(`Go 1.${minor}: git-route, git-auth and git-access share one repository and one listing of git's config`, async () => {
		const system = gitSystem();
		const results = await runGitSteps(system, minor);
		for (const id of ['git-route', 'git-auth', 'git-access'] as const) assert.equal(results.get(id)?.result.status, 'pass', `${id}: ${results.get(id)?.result.summary}`);
		assert.equal(gitCalls(system, 'init --bare'), 1);
		assert.equal(gitCalls(system, 'remote add'), 1);
		assert.equal(gitCalls(system, 'config'), 1, system.calls.join('\n'));
		// No insteadOf rule in the listing: git's --get-url answer is origin's URL, known without asking.
		assert.equal(gitCalls(system, 'ls-remote --get-url'), 0);
		assert.equal(gitCalls(system, 'ls-remote -q'), 1);
		// What the one listing gave each step: the helper git-auth asked, core.askPass as `git config --get` reads it.
		assert.equal(gitCalls(system, 'credential fill'), 1);
		assert.equal((results.get('git-auth')?.data as {askpass?: string}).askpass, 'core.askPass=/usr/bin/askpass');
		// The repository this Go release makes: GIT_DIR from 1.21 on (docs/go.md §6.1), for every command.
		const lsRemote = system.execs.find(exec => exec.call === 'git ls-remote -q origin');
		assert.equal(lsRemote?.options.env?.['GIT_DIR'] !== undefined, minor >= 21);
		const listing = system.execs.find(exec => exec.call.startsWith('git config'));
		assert.equal(listing?.options.env?.['GIT_DIR'] !== undefined, minor >= 21);
	});
}

test('Go 1.19 with safe.bareRepository=explicit: git-access reports the refusal; git-route and git-auth still read git in a repository with GIT_DIR', async () => {
	const system = refusingBare(gitSystem());
	const results = await runGitSteps(system, 19);
	assert.equal(results.get('git-route')?.result.status, 'pass', results.get('git-route')?.result.summary);
	assert.equal(results.get('git-auth')?.result.status, 'pass', results.get('git-auth')?.result.summary);
	assert.equal(results.get('git-access')?.result.status, 'fail');
	assert.match(results.get('git-access')?.result.summary ?? '', /safe\.bareRepository is 'explicit'/);
	assert.equal(gitCalls(system, 'init --bare'), 2, 'the release\'s own repository, and one with GIT_DIR for the steps that only read');
	assert.equal(gitCalls(system, 'ls-remote -q'), 0, 'go 1.19 never gets as far as ls-remote');
});

test('repository mode: curl --version, the .netrc files and git\'s configuration are read once for the whole run, the repository made once per module', async () => {
	const system = gitSystem(helperAndAskpass, {[`${home}/.netrc`]: `machine ${host} login alice password glpat-netrc0000000000000\n`});
	const modules = ['group/project', 'group/other', 'group/third'].map(path => resolveTarget(`${host}/${path}`));
	const checks: AnyCheck[] = [goEnvFor(24), gitRouteCheck, gitAuthCheck, gitAccessCheck];
	const context = {options: runOptions({module: modules[0]!.module, offline: false}), system, secrets: new Redactor()};
	const finished = await runSteps({checks, targets: modules, context});
	for (const target of modules) assert.equal(finished.get(stepKey('git-access', target.module))?.result.status, 'pass', JSON.stringify(finished.get(stepKey('git-access', target.module))?.result));
	assert.equal(system.calls.filter(call => call === 'curl --version').length, 1);
	assert.equal(gitCalls(system, 'init --bare'), 3);
	assert.equal(gitCalls(system, 'config'), 1, 'one listing; the other repositories differ only in origin and path');
});

test('repository mode: a conditional include (it may depend on the repository) makes every repository list its own configuration', async () => {
	const system = gitSystem(`${helperAndAskpass}global\0file:${home}/.gitconfig\0includeif.hasconfig:remote.*.url:https://${host}/**.path\n${home}/.gitconfig-work\0`);
	const modules = ['group/project', 'group/other', 'group/third'].map(path => resolveTarget(`${host}/${path}`));
	const context = {options: runOptions({module: modules[0]!.module, offline: false}), system, secrets: new Redactor()};
	await runSteps({checks: [goEnvFor(24), gitRouteCheck, gitAuthCheck, gitAccessCheck], targets: modules, context});
	assert.equal(gitCalls(system, 'config'), 3);
});

test('git-route prepares the repository for the URL it expects while go-import is still asking GitLab', async () => {
	const system = gitSystem();
	const {before, results} = await gitBeforeGoImport(system);
	// No insteadOf rule in the listing: origin's URL is what git would say (no --get-url process).
	assert.deepEqual(before, [
		'git init --bare -q',
		`git remote add origin -- https://${host}/group/project.git`,
		'git config -z --show-scope --show-origin --list',
	]);
	assert.equal(results.get('git-route')?.result.status, 'pass');
	assert.equal(gitCalls(system, 'init --bare'), 1, 'go-import named the URL expected: no second repository');
});

/** A go-import that answers `repoRoot` once `answer()` is called, noting the git commands run before. */
function heldGoImport(system: ReturnType<typeof fakeSystem>, repoRoot: string) {
	const held = {answer: () => {}, gitBefore: [] as string[]};
	const check = defineCheck({
		id: 'go-import',
		title: 'go-get discovery',
		needs: [],
		local: false,
		async run() {
			await new Promise<void>(resolve => (held.answer = resolve));
			held.gitBefore = system.calls.filter(call => call.startsWith('git '));
			return {status: 'pass', summary: 'found', data: {match: {prefix: repoRoot.replace(/^https:\/\/|\.git$/g, ''), vcs: 'git', repoRoot, page: ''}, credentialsSent: true}};
		},
	});
	return {check, held};
}

async function untilCalled(system: ReturnType<typeof fakeSystem>, count: (calls: string[]) => boolean) {
	for (let i = 0; i < 100 && !count(system.calls); i++) await new Promise(resolve => setImmediate(resolve));
}

test('nothing in git config can ask the user: git-access\'s ls-remote starts before go-import answers, and is taken when go-import names that URL', async () => {
	// A helper for another service (a system config's gcloud helper) never runs for this host.
	const system = gitSystem(`system\0file:/etc/gitconfig\0credential.https://source.developers.google.com.helper\ngcloud.sh\0`);
	const {check, held} = heldGoImport(system, `https://${host}/group/project.git`);
	const context = {options: runOptions({module: `${host}/group/project`, offline: false}), system, secrets: new Redactor()};
	const running = runGraph({checks: [goEnvFor(24), check, gitRouteCheck, gitAuthCheck, gitAccessCheck], context});
	await untilCalled(system, calls => calls.includes('git ls-remote -q origin'));
	held.answer();
	const results = await running;
	assert.ok(held.gitBefore.includes('git ls-remote -q origin'), held.gitBefore.join('\n'));
	assert.equal(results.get('git-access')?.result.status, 'pass');
	assert.equal(gitCalls(system, 'ls-remote -q'), 1, 'git-access took the early answer');
});

test('a subgroup path: the early work covers the longest path and the first two elements; go-import names the second, so its answer is used and the other is not', async () => {
	const system = gitSystem('');
	const {check, held} = heldGoImport(system, `https://${host}/group/sub.git`);
	const context = {options: runOptions({module: `${host}/group/sub/project`, offline: false}), system, secrets: new Redactor()};
	const running = runGraph({checks: [goEnvFor(24), check, gitRouteCheck, gitAuthCheck, gitAccessCheck], context});
	await untilCalled(system, calls => calls.filter(call => call === 'git ls-remote -q origin').length === 2);
	held.answer();
	const results = await running;
	assert.equal(gitCalls(system, 'init --bare'), 2);
	assert.equal(gitCalls(system, 'ls-remote -q'), 2, 'one early ls-remote per expected URL, none again');
	assert.equal((results.get('git-route')?.data as {originalUrl?: string}).originalUrl, `https://${host}/group/sub.git`);
	const subRepo = system.execs.find(exec => exec.call === `git remote add origin -- https://${host}/group/sub.git`)?.options.cwd;
	const lsRemotes = system.execs.filter(exec => exec.call === 'git ls-remote -q origin').map(exec => exec.options.cwd);
	assert.ok(subRepo !== undefined && lsRemotes.includes(subRepo));
	assert.equal(results.get('git-access')?.result.status, 'pass');
});

/** The git steps with go-import held until git's config was read: the git commands run before it answered. */
async function gitBeforeGoImport(system: ReturnType<typeof fakeSystem>): Promise<{before: string[]; results: Awaited<ReturnType<typeof runGraph>>}> {
	const {check, held} = heldGoImport(system, `https://${host}/group/project.git`);
	const context = {options: runOptions({module: `${host}/group/project`, offline: false}), system, secrets: new Redactor()};
	const running = runGraph({checks: [goEnvFor(24), check, gitRouteCheck, gitAuthCheck, gitAccessCheck], context});
	await untilCalled(system, calls => calls.includes('git config -z --show-scope --show-origin --list'));
	// What the early work would start next has its turn before go-import answers.
	for (let i = 0; i < 20; i++) await new Promise(resolve => setImmediate(resolve));
	held.answer();
	const results = await running;
	return {before: held.gitBefore, results};
}

test('a credential helper or an askpass program could ask the user: no ls-remote before go-import names the URL', async () => {
	for (const listing of [helperAndAskpass, `global\0file:${home}/.gitconfig\0credential.https://${host}.helper\ncache\0`]) {
		const system = gitSystem(listing);
		const {before} = await gitBeforeGoImport(system);
		assert.ok(before.includes('git config -z --show-scope --show-origin --list'), before.join('\n'));
		assert.ok(!before.includes('git ls-remote -q origin'), before.join('\n'));
		assert.equal(gitCalls(system, 'ls-remote -q'), 1);
	}
	const {before} = await gitBeforeGoImport({...gitSystem(''), env: {HOME: home, GIT_ASKPASS: '/usr/bin/ksshaskpass'}});
	assert.ok(!before.includes('git ls-remote -q origin'), before.join('\n'));
});

test('go-import names another URL than expected: git-route makes that repository and reads git there', async () => {
	const system = gitSystem();
	const goImport = defineCheck({
		id: 'go-import',
		title: 'go-get discovery',
		needs: [],
		local: false,
		async run() {
			await new Promise(resolve => setTimeout(resolve, 5));
			return {status: 'pass', summary: 'found', data: {match: {prefix: `${host}/group`, vcs: 'git', repoRoot: `https://${host}/group/sub.git`, page: ''}, credentialsSent: false}};
		},
	});
	const checks: AnyCheck[] = [goEnvFor(24), goImport, gitRouteCheck, gitAuthCheck, gitAccessCheck];
	const context = {options: runOptions({module: `${host}/group/sub/project`, offline: false}), system, secrets: new Redactor()};
	const results = await runGraph({checks, context});
	assert.equal((results.get('git-route')?.data as {originalUrl?: string}).originalUrl, `https://${host}/group/sub.git`);
	assert.ok(system.calls.includes(`git remote add origin -- https://${host}/group/sub.git`));
	const access = system.execs.find(exec => exec.call === 'git ls-remote -q origin');
	assert.equal(results.get('git-access')?.result.status, 'pass', JSON.stringify(results.get('git-access')?.result));
	const subRepo = system.execs.find(exec => exec.call === `git remote add origin -- https://${host}/group/sub.git`);
	assert.equal(access?.options.cwd, subRepo?.options.cwd, 'git-access asks in the repository of the URL go-import named');
});

test('an insteadOf rule in git\'s config: git itself is asked which URL it uses (ls-remote --get-url origin)', async () => {
	const rule = `global\0file:${home}/.gitconfig\0url.https://mirror.example.com/.insteadof\nhttps://elsewhere.example.com/\0`;
	const system = gitSystem(`${helperAndAskpass}${rule}`);
	await runGitSteps(system, 24);
	assert.equal(gitCalls(system, 'ls-remote --get-url'), 1, system.calls.join('\n'));
});

test('a module\'s repository is removed once its git-access is done with it, not at the run\'s end; the end removes the rest', async () => {
	const system = gitSystem();
	const removed: string[] = [];
	system.removeDir = async dir => void removed.push(dir);
	let removedBeforeLaterStep: string[] = [];
	const later = defineCheck({
		id: 'go-confirm',
		title: 'a step after git-access',
		needs: [],
		after: ['git-access'],
		local: false,
		async run() {
			await new Promise(resolve => setTimeout(resolve, 0));
			removedBeforeLaterStep = [...removed];
			return {status: 'pass', summary: 'done'};
		},
	});
	const context = {options: runOptions({module: `${host}/group/project`, offline: false}), system, secrets: new Redactor()};
	const results = await runGraph({checks: [goEnvFor(24), gitRouteCheck, gitAuthCheck, gitAccessCheck, later], context});
	assert.equal(results.get('git-access')?.result.status, 'pass', results.get('git-access')?.result.summary);
	const used = system.execs.find(exec => exec.call === `git remote add origin -- https://${host}/group/project.git`)?.options.cwd;
	assert.ok(used !== undefined);
	assert.deepEqual(removedBeforeLaterStep, [used], 'the used repository went as soon as git-access was done');
	const made = [...new Set(system.execs.filter(exec => exec.call === 'git init --bare -q').map(exec => exec.options.cwd))];
	assert.deepEqual([...removed].sort(), [...made].sort(), 'every repository is gone when the run ends');
});
