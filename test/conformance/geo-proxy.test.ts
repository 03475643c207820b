// Conformance for the geo-secondary and go-proxy checks: in each scenario the real `go mod download -json M@latest` and
// the built CLI (`gitlab-go-check M --json`, then plain) run in the same isolated environment against a fake GitLab
// (plus, for Geo, a fake secondary that replicates it), and the tool must agree with what Go did: when Go fails the named
// check fails, when Go succeeds no check fails, and no secret reaches any output. References:
// /work/shared/reference/gitlab-behaviour.md §3 (Geo), §4 (Go proxy); go-behaviour.md §3.3–3.4;
// seed-use-project-as-go-package.md ("Fetch Go modules from Geo secondary sites").
import {after, before, describe, test} from 'node:test';
import assert from 'node:assert/strict';
import {existsSync, mkdirSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import type {CheckId, Status} from '../../source/engine/types.js';
import {
	getTestPki,
	goAvailable,
	makeIsolatedEnv,
	runGoModDownload,
	startConnectProxy,
	startFakeGitlab,
	type FakeGitlab,
	type FakeGitlabOptions,
	type GoModDownloadResult,
	type IsolatedEnvOptions,
	type TestPki,
} from '../fake-gitlab/index.js';
import {cliPath, runCli, type CliRun} from '../helpers/run-cli.js';
import {ALICE_JOB, ALICE_READ_API, BASE_PROJECTS, BASE_TOKENS, BASE_USERS, CAROL_GUEST, HOST, LOGINS, SECRETS, UNKNOWN_TOKEN} from './scenarios.js';

const GEO = 'geo.gitlab.test';
const TOOL_BOUND_MS = 30_000;
const GO_BOUND_MS = 60_000;
/** Debugging: CONFORMANCE_ONLY=substring runs the matching scenarios; CONFORMANCE_DUMP=dir writes what each saw. */
const only = process.env['CONFORMANCE_ONLY'];
const dumpDir = process.env['CONFORMANCE_DUMP'];

const noGo = goAvailable() ? false : 'go is not installed: conformance scenarios need the real go; apt-get install golang-go';
const noCli = existsSync(cliPath) ? false : `${cliPath} is missing: run \`npm run build\` first`;

/** What a scenario's environment may depend on: the project IDs the fake gave out. */
type Instance = {projectId(path: string): number};

type Scenario = {
	name: string;
	ref: string;
	module: string;
	gitlab?: Omit<FakeGitlabOptions, 'pki'>;
	/** A Geo secondary of the instance (host geo.gitlab.test). */
	secondary?: Pick<FakeGitlabOptions, 'outdatedRepos' | 'geoRedirectMode'>;
	env: (instance: Instance) => Omit<IsolatedEnvOptions, 'pki' | 'proxy'>;
	/** Extra CLI arguments (--geo-secondary). */
	args?: string[];
	goSucceeds: boolean;
	/** When go fails: the checks that must fail. */
	failingCheck?: CheckId[];
	/** The status each named check must have (the judgement under test). */
	expect: Partial<Record<CheckId, Status>>;
	/** Words the named check's summary must contain (the explanation under test). */
	says?: Partial<Record<CheckId, RegExp>>;
};

const line = (login: string, secret: string, machine: string) => `machine ${machine} login ${login} password ${secret}\n`;
const BOTH = line('alice', ALICE_READ_API, HOST) + line('alice', ALICE_READ_API, GEO);
const TO_GEO = [{base: `https://${GEO}/`, insteadOf: `https://${HOST}/`}];
const PRIVATE = {GOPRIVATE: HOST};
const SUBGROUP = `${HOST}/group/sub/project`;
const TOP = `${HOST}/group/project`;
const proxyUrl = (id: number) => `https://${HOST}/api/v4/projects/${id}/packages/go`;

const scenarios: Scenario[] = [
	// Geo (gitlab-behaviour.md §3; seed "Use HTTP to access the Geo secondary").
	{
		name: 'geo: healthy secondary (insteadOf to the secondary, .netrc for both hosts)',
		ref: 'seed-use-project-as-go-package.md "Use HTTP to access the Geo secondary"; gitlab-behaviour.md §3.2',
		module: SUBGROUP,
		secondary: {},
		env: () => ({goEnv: PRIVATE, netrc: BOTH, insteadOf: TO_GEO}),
		goSucceeds: true,
		expect: {'geo-secondary': 'pass'},
		says: {'geo-secondary': /git reaches the Geo secondary geo\.gitlab\.test over HTTPS/},
	},
	{
		name: 'geo: no .netrc entry for the secondary',
		ref: 'gitlab-behaviour.md §3.2 (.netrc needs entries for both hosts); git-behaviour.md §5.3 (terminal prompts disabled)',
		module: SUBGROUP,
		secondary: {},
		env: () => ({goEnv: PRIVATE, netrc: line('alice', ALICE_READ_API, HOST), insteadOf: TO_GEO}),
		goSucceeds: false,
		failingCheck: ['geo-secondary'],
		expect: {'geo-secondary': 'fail'},
		says: {'geo-secondary': /no credentials for the Geo secondary geo\.gitlab\.test/},
	},
	{
		name: 'geo: credentials embedded in the insteadOf URL, secondary redirects an out-of-date repository to the primary',
		ref: 'gitlab-behaviour.md §3.2 (URL credentials lost on the secondary→primary redirect, issue 412077)',
		module: TOP,
		secondary: {outdatedRepos: ['group/project'], geoRedirectMode: 'redirect-to-primary'},
		env: () => ({goEnv: PRIVATE, netrc: line('alice', ALICE_READ_API, HOST), insteadOf: [{base: `https://alice:${ALICE_READ_API}@${GEO}/`, insteadOf: `https://${HOST}/`}]}),
		goSucceeds: false,
		failingCheck: ['geo-secondary'],
		expect: {'geo-secondary': 'fail'},
		says: {'geo-secondary': /dropped the credentials embedded in the URL/},
	},
	{
		name: 'geo: credentials embedded in the insteadOf URL, repository up to date (works; warn)',
		ref: 'gitlab-behaviour.md §3.2 (embedded credentials are lost only when the secondary redirects)',
		module: TOP,
		secondary: {outdatedRepos: [], geoRedirectMode: 'redirect-to-primary'},
		env: () => ({goEnv: PRIVATE, netrc: line('alice', ALICE_READ_API, HOST), insteadOf: [{base: `https://alice:${ALICE_READ_API}@${GEO}/`, insteadOf: `https://${HOST}/`}]}),
		goSucceeds: true,
		expect: {'geo-secondary': 'warn'},
		says: {'geo-secondary': /credentials embedded in the URL/},
	},
	{
		name: 'geo: CI job token in .netrc for both hosts',
		ref: 'gitlab-behaviour.md §3.2 ("You cannot use CI/CD job tokens to fetch Go modules with HTTP" from a secondary)',
		module: SUBGROUP,
		secondary: {},
		env: () => ({goEnv: PRIVATE, netrc: line('gitlab-ci-token', ALICE_JOB, HOST) + line('gitlab-ci-token', ALICE_JOB, GEO), insteadOf: TO_GEO}),
		goSucceeds: false,
		failingCheck: ['geo-secondary'],
		expect: {'geo-secondary': 'fail'},
		says: {'geo-secondary': /job token/},
	},
	{
		name: 'geo: repository out of date on the secondary (redirect to /-/from_secondary/; works, warn)',
		ref: 'gitlab-behaviour.md §3.1 (302 to /-/from_secondary/<id>/… for an unsynced repository)',
		module: SUBGROUP,
		secondary: {outdatedRepos: ['group/sub/project']},
		env: () => ({goEnv: PRIVATE, netrc: BOTH, insteadOf: TO_GEO}),
		goSucceeds: true,
		expect: {'geo-secondary': 'warn'},
		says: {'geo-secondary': /not up to date/},
	},
	{
		name: 'geo: out of date, secondary redirects to the primary host, .netrc for both hosts (works, warn)',
		ref: 'gitlab-behaviour.md §3.1; git-behaviour.md §3 (libcurl reads .netrc for the host it is redirected to)',
		module: TOP,
		secondary: {outdatedRepos: ['group/project'], geoRedirectMode: 'redirect-to-primary'},
		env: () => ({goEnv: PRIVATE, netrc: BOTH, insteadOf: TO_GEO}),
		goSucceeds: true,
		expect: {'geo-secondary': 'warn'},
		says: {'geo-secondary': /redirected git to the primary gitlab\.test/},
	},
	{
		name: 'geo: --geo-secondary given but no insteadOf rule (go uses the primary; warn)',
		ref: 'DESIGN.md (--geo-secondary); seed "Use HTTP to access the Geo secondary" step 1',
		module: SUBGROUP,
		secondary: {},
		env: () => ({goEnv: PRIVATE, netrc: BOTH}),
		args: ['--geo-secondary', GEO],
		goSucceeds: true,
		expect: {'geo-secondary': 'warn'},
		says: {'geo-secondary': /no insteadOf rule sends git to geo\.gitlab\.test/},
	},
	{
		name: 'geo: no secondary at all (skip)',
		ref: 'DESIGN.md (a check the situation does not call for reports skip)',
		module: SUBGROUP,
		env: () => ({goEnv: PRIVATE, netrc: line('alice', ALICE_READ_API, HOST)}),
		goSucceeds: true,
		expect: {'geo-secondary': 'skip', 'go-proxy': 'skip'},
	},

	// GitLab's Go proxy (gitlab-behaviour.md §4; go-behaviour.md §3.3, §3.4).
	{
		name: 'go proxy: feature flag on, read_api token, GONOSUMDB',
		ref: 'gitlab-behaviour.md §4 (client config: GOPROXY, .netrc, GONOSUMDB)',
		module: SUBGROUP,
		gitlab: {goProxyEnabled: true},
		env: ({projectId}) => ({goEnv: {GOPROXY: proxyUrl(projectId('group/sub/project')), GONOSUMDB: HOST}, netrc: line('alice', ALICE_READ_API, HOST)}),
		goSucceeds: true,
		expect: {'go-proxy': 'pass'},
		says: {'go-proxy': /lists 1 version of/},
	},
	{
		name: 'go proxy: feature flag off (the default), proxy is the only GOPROXY entry',
		ref: 'gitlab-behaviour.md §4 (go_proxy default_enabled: false → 404); go-behaviour.md §3.3 (last entry: no fallback)',
		module: SUBGROUP,
		env: ({projectId}) => ({goEnv: {GOPROXY: proxyUrl(projectId('group/sub/project')), GONOSUMDB: HOST}, netrc: line('alice', ALICE_READ_API, HOST)}),
		goSucceeds: false,
		failingCheck: ['go-proxy'],
		expect: {'go-proxy': 'fail'},
		says: {'go-proxy': /go_proxy feature flag is off/},
	},
	{
		name: 'go proxy: feature flag off, ",direct" after it (Go falls back to git; warn)',
		ref: 'go-behaviour.md §3.3 ("," falls back on 404/410)',
		module: SUBGROUP,
		env: ({projectId}) => ({goEnv: {GOPROXY: `${proxyUrl(projectId('group/sub/project'))},direct`, GONOSUMDB: HOST}, netrc: line('alice', ALICE_READ_API, HOST)}),
		goSucceeds: true,
		expect: {'go-proxy': 'warn'},
		says: {'go-proxy': /falls back to fetching with git/},
	},
	{
		name: 'go proxy: token GitLab does not know, ",direct" after it (401 stops Go)',
		ref: 'gitlab-behaviour.md §4 (401); go-behaviour.md §3.3 ("," falls back only on 404/410)',
		module: SUBGROUP,
		gitlab: {goProxyEnabled: true},
		env: ({projectId}) => ({goEnv: {GOPROXY: `${proxyUrl(projectId('group/sub/project'))},direct`, GONOSUMDB: HOST}, netrc: line('alice', UNKNOWN_TOKEN, HOST)}),
		goSucceeds: false,
		failingCheck: ['go-proxy'],
		expect: {'go-proxy': 'fail'},
		says: {'go-proxy': /401 Unauthorized/},
	},
	{
		name: 'go proxy: CI job token in .netrc (works for discovery and git, not for the proxy)',
		ref: 'gitlab-behaviour.md §4 (job token via Basic not accepted by the Go proxy), §6 #9',
		module: SUBGROUP,
		gitlab: {goProxyEnabled: true},
		env: ({projectId}) => ({goEnv: {GOPROXY: proxyUrl(projectId('group/sub/project')), GONOSUMDB: HOST}, netrc: line('gitlab-ci-token', ALICE_JOB, HOST)}),
		goSucceeds: false,
		failingCheck: ['go-proxy'],
		expect: {'go-proxy': 'fail'},
		says: {'go-proxy': /CI job token/},
	},
	{
		name: 'go proxy: guest user (403: cannot read packages)',
		ref: 'gitlab-behaviour.md §4 (authenticated without read_package → 403)',
		module: SUBGROUP,
		gitlab: {goProxyEnabled: true},
		env: ({projectId}) => ({goEnv: {GOPROXY: proxyUrl(projectId('group/sub/project')), GONOSUMDB: HOST}, netrc: line('carol', CAROL_GUEST, HOST)}),
		goSucceeds: false,
		failingCheck: ['go-proxy'],
		expect: {'go-proxy': 'fail'},
		says: {'go-proxy': /403 Forbidden/},
	},
	{
		name: 'go proxy: project ID of another project',
		ref: 'gitlab-behaviour.md §4 (unknown module → 404 {"message":"404 Not Found"})',
		module: SUBGROUP,
		gitlab: {goProxyEnabled: true},
		env: ({projectId}) => ({goEnv: {GOPROXY: proxyUrl(projectId('group/project')), GONOSUMDB: HOST}, netrc: line('alice', ALICE_READ_API, HOST)}),
		goSucceeds: false,
		failingCheck: ['go-proxy'],
		expect: {'go-proxy': 'fail'},
		says: {'go-proxy': /is group\/project, not the project of/},
	},
	{
		name: 'go proxy: GONOSUMDB missing (checksum database lookup fails)',
		ref: 'go-behaviour.md §3.4; gitlab-behaviour.md §4 (docs: GONOSUMDB)',
		module: SUBGROUP,
		gitlab: {goProxyEnabled: true},
		env: ({projectId}) => ({goEnv: {GOPROXY: proxyUrl(projectId('group/sub/project'))}, netrc: line('alice', ALICE_READ_API, HOST)}),
		goSucceeds: false,
		failingCheck: ['go-proxy'],
		expect: {'go-proxy': 'fail'},
		says: {'go-proxy': /checksum database/},
	},
	{
		name: 'go proxy: GOPRIVATE covers the module, so Go never asks the proxy (skip)',
		ref: 'go-behaviour.md §3.2–3.3 (GONOPROXY defaults to GOPRIVATE; noproxy entry first)',
		module: SUBGROUP,
		env: ({projectId}) => ({goEnv: {GOPROXY: proxyUrl(projectId('group/sub/project')), GOPRIVATE: HOST}, netrc: line('alice', ALICE_READ_API, HOST)}),
		goSucceeds: true,
		expect: {'go-proxy': 'skip'},
		says: {'go-proxy': /GOPRIVATE covers/},
	},
];

type JsonCheck = {id: CheckId; status: Status; summary: string; details: string[]; fixes: Array<{title: string; commands: string[]}>; blockedBy: CheckId[]};
type JsonDocument = {schemaVersion: number; module: string; verdict: Status; checks: JsonCheck[]};

function leakForms(): Map<string, string> {
	const forms = new Map<string, string>();
	for (const secret of SECRETS) {
		forms.set(secret, secret);
		forms.set(encodeURIComponent(secret), secret);
		for (const login of LOGINS) forms.set(Buffer.from(`${login}:${secret}`).toString('base64'), secret);
	}
	return forms;
}
const forms = leakForms();
function leaks(text: string): string[] {
	return [...forms].filter(([form]) => text.includes(form)).map(([form, secret]) => `${secret}${form === secret ? '' : ` as ${form}`}`);
}

type Observed = {go: GoModDownloadResult; json: CliRun & {durationMs: number}; plain: CliRun & {durationMs: number}; document?: JsonDocument; totalMs: number};

async function timed<T>(work: () => Promise<T>): Promise<T & {durationMs: number}> {
	const started = Date.now();
	const value = await work();
	return {...value, durationMs: Date.now() - started};
}

async function runScenario(pki: TestPki, scenario: Scenario): Promise<Observed> {
	const started = Date.now();
	const {projects = BASE_PROJECTS, users = BASE_USERS, tokens = BASE_TOKENS, ...instance} = scenario.gitlab ?? {};
	const gl = await startFakeGitlab({pki, projects, users, tokens, ...instance});
	let geo: FakeGitlab | undefined;
	try {
		if (scenario.secondary) geo = await startFakeGitlab({pki, role: 'secondary', primary: gl, host: GEO, ...scenario.secondary});
		const proxy = await startConnectProxy({routes: {...gl.routes, ...(geo?.routes ?? {})}});
		try {
			const projectId = (path: string) => {
				const project = gl.model.projects.find(candidate => candidate.path === path);
				if (!project) throw new Error(`no project ${path}`);
				return project.id;
			};
			const isolated = makeIsolatedEnv({pki, proxy, ...scenario.env({projectId})});
			try {
				const go = await runGoModDownload(isolated.env, scenario.module, {timeoutMs: GO_BOUND_MS});
				const args = [scenario.module, '--timeout', '5', ...(scenario.args ?? [])];
				const [json, plain] = await Promise.all([
					timed(() => runCli([...args, '--json'], {env: isolated.env, timeoutMs: TOOL_BOUND_MS})),
					timed(() => runCli(args, {env: {...isolated.env, NO_COLOR: '1'}, timeoutMs: TOOL_BOUND_MS})),
				]);
				let document: JsonDocument | undefined;
				try {
					document = JSON.parse(json.stdout) as JsonDocument;
				} catch {
					document = undefined;
				}
				return {go, json, plain, document, totalMs: Date.now() - started};
			} finally {
				isolated.cleanup();
			}
		} finally {
			await proxy.close();
		}
	} finally {
		await geo?.close();
		await gl.close();
	}
}

function describeChecks(document: JsonDocument | undefined): string {
	return document ? document.checks.map(check => `  ${check.id}: ${check.status} — ${check.summary}`).join('\n') : '(no JSON)';
}

const timings: string[] = [];

describe('conformance: geo-secondary and go-proxy agree with the real go', {skip: noGo || noCli, concurrency: 2}, () => {
	let pki: TestPki;
	before(async () => {
		pki = await getTestPki();
	});
	after(() => {
		if (timings.length > 0) process.stderr.write(`\ngeo/proxy conformance timings:\n${timings.join('\n')}\n`);
	});

	for (const scenario of scenarios.filter(s => !only || s.name.includes(only))) {
		test(`${scenario.name} (go ${scenario.goSucceeds ? 'succeeds' : 'fails'}) [${scenario.ref}]`, {timeout: GO_BOUND_MS + 2 * TOOL_BOUND_MS + 10_000}, async () => {
			const observed = await runScenario(pki, scenario);
			const {go, json, plain, document} = observed;
			if (dumpDir) {
				mkdirSync(dumpDir, {recursive: true});
				const slug = scenario.name.replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '').toLowerCase();
				writeFileSync(join(dumpDir, `${slug}.json`), JSON.stringify({go, tool: document ?? json.stdout, plain: plain.stdout, stderr: json.stderr}, null, 2));
				writeFileSync(join(dumpDir, `${slug}.txt`), plain.stdout);
			}
			const goSays = go.ok ? 'go succeeded' : `go failed: ${(go.error ?? go.stderr).trim().split('\n').slice(0, 8).join('\n    ')}`;
			const context = () => `${goSays}\n  tool (exit ${json.code}):\n${describeChecks(document)}`;
			timings.push(
				`${scenario.name.padEnd(100)} go ${go.ok ? 'ok  ' : 'fail'} ${String(go.durationMs).padStart(6)} ms · tool ${String(json.durationMs).padStart(6)} ms · plain ${String(plain.durationMs).padStart(6)} ms · total ${String(observed.totalMs).padStart(6)} ms · ${Object.keys(scenario.expect).map(id => `${id} ${document?.checks.find(check => check.id === id)?.status ?? '?'}`).join(', ')}`,
			);

			assert.ok(json.code === 0 || json.code === 1, `--json exit status ${json.code}\n${json.stderr}`);
			assert.ok(plain.code === 0 || plain.code === 1, `plain exit status ${plain.code}\n${plain.stderr}`);
			assert.ok(document, `--json printed no JSON document:\n${json.stdout.slice(0, 500)}\n${json.stderr}`);
			assert.equal(go.ok, scenario.goSucceeds, `the scenario says go ${scenario.goSucceeds ? 'succeeds' : 'fails'}, but ${goSays}`);
			for (const [name, text] of [['--json stdout', json.stdout], ['--json stderr', json.stderr], ['plain stdout', plain.stdout], ['plain stderr', plain.stderr]] as const) {
				assert.deepEqual(leaks(text), [], `a secret reached ${name}`);
			}

			const byId = new Map(document.checks.map(check => [check.id, check]));
			if (scenario.goSucceeds) {
				const failing = document.checks.filter(check => check.status === 'fail');
				assert.deepEqual(failing.map(check => check.id), [], `go succeeded but the tool fails it\n${context()}`);
				assert.equal(json.code, 0);
				assert.equal(plain.code, 0);
			} else {
				for (const id of scenario.failingCheck ?? []) assert.equal(byId.get(id)?.status, 'fail', `go failed, so ${id} must fail\n${context()}`);
				assert.equal(document.verdict, 'fail');
				assert.equal(json.code, 1);
				assert.equal(plain.code, 1);
			}
			for (const [id, status] of Object.entries(scenario.expect) as Array<[CheckId, Status]>) {
				const check = byId.get(id);
				assert.equal(check?.status, status, `${id} should be ${status}\n${JSON.stringify(check, null, 2)}\n${context()}`);
				// Plain mode tells the same story: the summary is printed.
				assert.ok(plain.stdout.includes(check.summary), `plain output lacks the ${id} summary: ${check.summary}\n${plain.stdout}`);
				if (status === 'fail' || status === 'warn') assert.ok(check.fixes.length > 0 || check.details.length > 0, `${id} ${status} explains nothing`);
				if (status === 'fail') assert.ok(check.fixes.length > 0, `${id} fails without a fix`);
			}
			for (const [id, pattern] of Object.entries(scenario.says ?? {}) as Array<[CheckId, RegExp]>) {
				assert.match(byId.get(id)?.summary ?? '', pattern, `${id} summary\n${context()}`);
			}
		});
	}
});
