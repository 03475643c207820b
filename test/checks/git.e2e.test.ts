// git-route, git-auth and git-access end to end: the real git (and ssh) against the fake GitLab, reached through the
// CONNECT proxy on loopback, in a throwaway HOME and git config. The checks run through the engine with the upstream
// checks they need.
import type {GitAccessData, GitAuthData, GitRouteData} from '../../source/engine/check-data.js';
import {after, before, describe, test, type TestContext} from 'node:test';
import assert from 'node:assert/strict';
import {writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {gitAccessCheck} from '../../source/checks/git-access.js';
import {gitAuthCheck} from '../../source/checks/git-auth.js';
import {gitRouteCheck} from '../../source/checks/git-route.js';
import {goEnvCheck} from '../../source/checks/go-env.js';
import {goImportCheck} from '../../source/checks/go-import.js';
import {httpsCheck} from '../../source/checks/https.js';
import {modulePathCheck} from '../../source/checks/module-path.js';
import {netrcCheck} from '../../source/checks/netrc.js';
import {Redactor} from '../../source/engine/redact.js';
import {runGraph, type Finished} from '../../source/engine/scheduler.js';
import type {CheckId} from '../../source/engine/types.js';
import {createNodeSystem} from '../../source/system/node-system.js';
import {
	getTestPki,
	gitAvailable,
	makeIsolatedEnv,
	runCommand,
	startConnectProxy,
	startFakeGitlab,
	type ConnectProxy,
	type FakeGitlab,
	type IsolatedEnvOptions,
	type TestPki,
} from '../fake-gitlab/index.js';

const skipGit = gitAvailable() ? false : 'git is not installed (not on PATH): the git end-to-end checks are skipped';

const ALICE = 'glpat-alice0readapi0000001';
const BOB = 'glpat-bob00noaccess0000002';
const WRONG = 'glpat-wrong0token00000003';
const MODULE = 'gitlab.test/group/sub/project';
const REPO_URL = 'https://gitlab.test/group/sub/project.git';

let pki: TestPki;
let gl: FakeGitlab;
let proxy: ConnectProxy;

before(async () => {
	if (skipGit) return;
	pki = await getTestPki();
	gl = await startFakeGitlab({
		pki,
		projects: [{path: 'group/sub/project', visibility: 'private', members: {alice: 'reporter'}}],
		users: [{username: 'alice'}, {username: 'bob'}],
		tokens: [
			{token: ALICE, username: 'alice', scopes: ['read_api']},
			{token: BOB, username: 'bob', scopes: ['api']},
		],
	});
	proxy = await startConnectProxy({routes: gl.routes});
});

after(async () => {
	await proxy?.close();
	await gl?.close();
});

type Run = {
	results: Map<CheckId, Finished>;
	route: Finished;
	auth: Finished;
	access: Finished;
	/** Everything the renderers would print, redacted as they redact it. */
	printed: string;
	home: string;
	env: Record<string, string>;
};

async function diagnose(t: TestContext, options: IsolatedEnvOptions, setup?: (home: string) => void): Promise<Run> {
	const made = makeIsolatedEnv({pki, proxy, goEnv: {GOPRIVATE: 'gitlab.test'}, ...options});
	t.after(() => made.cleanup());
	setup?.(made.home);
	return runChecks(made.env, made.home);
}

async function runChecks(env: Record<string, string>, home: string): Promise<Run> {
	const system = createNodeSystem(env);
	const secrets = new Redactor();
	const context = {options: {module: MODULE, offline: false, timeoutMs: 8000, verbose: true}, system, secrets};
	const checks = [goEnvCheck, modulePathCheck, netrcCheck, httpsCheck, goImportCheck, gitRouteCheck, gitAuthCheck, gitAccessCheck];
	const results = await runGraph({checks, context});
	const printed = secrets.redact(JSON.stringify([...results.values()].map(entry => entry.result)));
	return {results, route: results.get('git-route')!, auth: results.get('git-auth')!, access: results.get('git-access')!, printed, home, env};
}

/** Runs a fix's commands as the user would paste them, in the same throwaway environment. */
async function applyFix(run: Run, commands: string[]): Promise<void> {
	for (const command of commands) {
		const result = await runCommand('sh', ['-c', command], {env: run.env, cwd: run.home, timeoutMs: 10_000});
		assert.ok(result.ok, `${command}: ${result.stderr}`);
	}
}

const text = (entry: Finished) => [entry.result.summary, ...entry.result.details].join('\n');
const routeData = (run: Run) => run.route.data as GitRouteData;
const authData = (run: Run) => run.auth.data as GitAuthData;
const accessData = (run: Run) => run.access.data as GitAccessData;

describe('git checks against the fake GitLab with the real git', {skip: skipGit}, () => {
	test('healthy: HTTPS with a .netrc token → route as given, auth from .netrc, ls-remote lists the v1.0.0 tag', async t => {
		const run = await diagnose(t, {netrc: `machine gitlab.test login alice password ${ALICE}\n`});
		assert.equal(run.route.result.status, 'pass', text(run.route));
		assert.equal(routeData(run).url, REPO_URL);
		assert.equal(routeData(run).rule, undefined);
		assert.equal(run.auth.result.status, 'pass', text(run.auth));
		assert.equal(authData(run).method, 'netrc');
		assert.equal(authData(run).user, 'alice');
		assert.equal(run.access.result.status, 'pass', text(run.access));
		assert.deepEqual(accessData(run).versionTags, ['v1.0.0']);
		assert.match(run.access.result.summary, /1 v\* tag/);
		assert.ok(!run.printed.includes(ALICE), 'the token never prints');
		assert.ok(gl.requests.some(request => /info\/refs\?service=git-upload-pack/.test(request.path)), 'git reached the fake GitLab');
	});

	test('no credentials: git-auth warns, git-access fails with "terminal prompts disabled" (git-behaviour.md §5.3)', async t => {
		const run = await diagnose(t, {});
		assert.equal(run.auth.result.status, 'warn', text(run.auth));
		assert.equal(authData(run).method, 'none');
		assert.equal(run.access.result.status, 'fail', text(run.access));
		assert.equal(accessData(run).failure?.kind, 'no-credentials');
		assert.match(run.access.result.summary, /terminal prompts disabled/);
		const netrcFix = run.access.result.fixes.find(fix => fix.commands.some(command => command.includes('machine gitlab.test')));
		assert.ok(netrcFix);
		// The fix, with the placeholders filled in as the user would, makes git succeed.
		await applyFix(run, netrcFix.commands.map(command => command.replace('login oauth2', 'login alice').replace('YOUR_TOKEN', ALICE).replace('~/', `${run.home}/`)));
		const fixed = await runChecks(run.env, run.home);
		assert.equal(authData(fixed).method, 'netrc');
		assert.equal(fixed.access.result.status, 'pass', text(fixed.access));
	});

	test('a wrong .netrc token looks to git like none: "terminal prompts disabled", and the check says the entry was rejected (§2.2)', async t => {
		const run = await diagnose(t, {netrc: `machine gitlab.test login alice password ${WRONG}\n`});
		assert.equal(authData(run).method, 'netrc');
		assert.equal(accessData(run).failure?.kind, 'no-credentials');
		assert.match(text(run.access), /wrong \.netrc entry looks to git exactly like none/);
		assert.ok(!run.printed.includes(WRONG));
	});

	test('a wrong token from a credential helper: HTTP Basic: Access denied, naming the helper', async t => {
		const run = await diagnose(t, {gitConfig: '[credential]\n\thelper = store\n'}, home => {
			writeFileSync(join(home, '.git-credentials'), `https://alice:${WRONG}@gitlab.test\n`, {mode: 0o600});
		});
		assert.equal(authData(run).method, 'helper', text(run.auth));
		assert.equal(run.access.result.status, 'fail');
		assert.equal(accessData(run).failure?.kind, 'auth-rejected', text(run.access));
		assert.match(run.access.result.summary, /Access denied/);
		assert.match(run.access.result.summary, /store/);
		assert.ok(!run.printed.includes(WRONG));
	});

	test('a token without access to the project: authenticated 404, "not found"', async t => {
		const run = await diagnose(t, {netrc: `machine gitlab.test login bob password ${BOB}\n`});
		assert.equal(run.access.result.status, 'fail');
		assert.equal(accessData(run).failure?.kind, 'not-found', text(run.access));
		assert.match(text(run.access), /could not be found/);
	});

	test('credential helper store with ~/.git-credentials: git-auth reports the helper, git-access passes', async t => {
		const run = await diagnose(t, {gitConfig: '[credential]\n\thelper = store\n'}, home => {
			writeFileSync(join(home, '.git-credentials'), `https://alice:${ALICE}@gitlab.test\n`, {mode: 0o600});
		});
		assert.equal(run.auth.result.status, 'pass', text(run.auth));
		assert.equal(authData(run).method, 'helper');
		assert.equal(authData(run).user, 'alice');
		assert.match(authData(run).source ?? '', /store/);
		assert.equal(run.access.result.status, 'pass', text(run.access));
		assert.ok(!run.printed.includes(ALICE));
	});

	test('insteadOf to another group: git-route fails with the rule and its file:line, git-access is blocked', async t => {
		const run = await diagnose(t, {
			netrc: `machine gitlab.test login alice password ${ALICE}\n`,
			insteadOf: [{base: 'https://gitlab.test/other/', insteadOf: 'https://gitlab.test/group/'}],
		});
		assert.equal(run.route.result.status, 'fail', text(run.route));
		assert.equal(routeData(run).url, 'https://gitlab.test/other/sub/project.git');
		assert.match(run.route.result.summary, /other\/sub\/project\.git instead of \/group\/sub\/project\.git/);
		assert.match(String(run.route.result.evidence['ruleFrom']), /gitconfig:\d+ \(global config\)/);
		assert.ok(run.route.result.fixes.some(fix => fix.commands.some(command => command.includes('--unset "url.https://gitlab.test/other/.insteadOf"'))));
		assert.equal(run.access.result.status, 'skip');
		assert.deepEqual(run.access.result.blockedBy, ['git-route']);
		await applyFix(run, run.route.result.fixes.flatMap(fix => fix.commands));
		const fixed = await runChecks(run.env, run.home);
		assert.equal(fixed.route.result.status, 'pass', text(fixed.route));
		assert.equal(fixed.access.result.status, 'pass', text(fixed.access));
	});

	test('insteadOf to git@gitlab.test: → scp route; ssh cannot resolve gitlab.test (no DNS): git-auth and git-access say dns', async t => {
		const run = await diagnose(t, {insteadOf: [{base: 'git@gitlab.test:', insteadOf: 'https://gitlab.test/'}]});
		assert.equal(run.route.result.status, 'pass', text(run.route));
		assert.equal(routeData(run).url, 'git@gitlab.test:group/sub/project.git');
		assert.equal(routeData(run).kind, 'scp');
		assert.equal(routeData(run).rule?.scope, 'global');
		assert.equal(run.auth.result.status, 'fail', text(run.auth));
		assert.match(run.auth.result.summary, /cannot resolve the host name gitlab\.test/);
		assert.equal(run.access.result.status, 'fail');
		const failure = accessData(run).failure;
		assert.ok(failure?.kind === 'ssh' && failure.failure.kind === 'dns', JSON.stringify(failure));
		assert.match(String(run.access.result.evidence['environment']), /GIT_SSH_COMMAND="ssh -o ControlMaster=no -o BatchMode=yes"/);
	});

	test('insteadOf to git@gitlab.test/ (no colon): a local path, git-route fails with the corrected rule', async t => {
		const run = await diagnose(t, {insteadOf: [{base: 'git@gitlab.test/', insteadOf: 'https://gitlab.test/'}]});
		assert.equal(run.route.result.status, 'fail', text(run.route));
		assert.equal(routeData(run).kind, 'local');
		assert.match(text(run.route), /does not appear to be a git repository/);
		const commands = run.route.result.fixes.flatMap(fix => fix.commands);
		assert.ok(commands.includes('git config --global url."git@gitlab.test:".insteadOf "https://gitlab.test/"'), commands.join('\n'));
		await applyFix(run, commands);
		const fixed = await runChecks(run.env, run.home);
		assert.equal(fixed.route.result.status, 'pass', text(fixed.route));
		assert.equal(routeData(fixed).url, 'git@gitlab.test:group/sub/project.git', 'the corrected rule keeps the project path');
	});

	test('a bare insteadOf key: git dies on the config, git-route fails with the unset command', async t => {
		const run = await diagnose(t, {gitConfig: '[url "ssh://x/"]\n\tinsteadOf\n'});
		assert.equal(run.route.result.status, 'fail', text(run.route));
		assert.match(run.route.result.summary, /configuration error/);
		assert.ok(run.route.result.fixes.some(fix => fix.commands.includes('git config --global --unset "url.ssh://x/.insteadOf"')));
		await applyFix(run, run.route.result.fixes.flatMap(fix => fix.commands));
		const fixed = await runChecks(run.env, run.home);
		assert.equal(fixed.route.result.status, 'pass', text(fixed.route));
	});

	test('git does not trust the CA (Go does): git-access reports a TLS failure with the http.<url>.sslCAInfo fix scoped to the host', async t => {
		const run = await diagnose(t, {gitTrustsCa: false, netrc: `machine gitlab.test login alice password ${ALICE}\n`});
		assert.equal(run.access.result.status, 'fail');
		assert.equal(accessData(run).failure?.kind, 'tls', text(run.access));
		assert.match(text(run.access), /Go trusts this server/);
		const caFix = run.access.result.fixes.find(fix => fix.commands.some(command => command.startsWith('git config --global http.https://gitlab.test/.sslCAInfo ')));
		assert.ok(caFix);
		// The isolated env's SSL_CERT_FILE is the CA Go trusts; the fix names it, and git then trusts the server too.
		await applyFix(run, caFix.commands);
		const fixed = await runChecks(run.env, run.home);
		assert.equal(fixed.access.result.status, 'pass', text(fixed.access));
	});

	test('credentials embedded in an insteadOf URL: git-route warns, the token is masked everywhere, git uses it', async t => {
		const run = await diagnose(t, {insteadOf: [{base: `https://alice:${ALICE}@gitlab.test/`, insteadOf: 'https://gitlab.test/'}]});
		assert.equal(run.route.result.status, 'warn', text(run.route));
		assert.equal(routeData(run).embeddedCredential, true);
		assert.match(run.route.result.summary, /carries a credential/);
		assert.equal(authData(run).method, 'url');
		assert.equal(run.access.result.status, 'pass', text(run.access));
		assert.ok(!run.printed.includes(ALICE), 'the embedded token never prints');
		assert.match(run.printed, /glpat-\*\*\*\*/);
	});
});
