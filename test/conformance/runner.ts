// The scenario runner the conformance files share: one scenario is one fake GitLab (plus whatever a file starts beside
// it, e.g. a Geo secondary), a CONNECT proxy and an isolated environment; the real `go mod download -json M@latest`
// and the built CLI (`gitlab-go-check M --json`, then plain) run in it, and `judge` holds the claims every scenario
// makes: the scenario is right about Go, the verdict agrees with Go, no secret reaches any output, the exit status is
// 0 or 1 (or 3, host unreachable, when go fails too) and never a usage error, the run is bounded, and the plain output tells the same story.
// Each test file keeps its own table and its extra per-scenario claims.
import {after, before, type TestContext} from 'node:test';
import assert from 'node:assert/strict';
import {existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync} from 'node:fs';
import {dirname, join} from 'node:path';
import type {CheckId, Status, Verdict} from '../../source/engine/types.js';
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
import {classifyErrorText} from '../../source/rules/go-git-errors.js';
import {goReleases, pathWith, type GoRelease} from '../helpers/go-releases.js';
import {cliPath, runCli, type CliRun, sameWords} from '../helpers/run-cli.js';
import {BASE_PROJECTS, BASE_TOKENS, BASE_USERS, LOGINS, SECRETS} from './scenarios.js';

/** The tool must finish within this (its own network limit is --timeout 5 per operation). */
export const TOOL_BOUND_MS = 30_000;
export const GO_BOUND_MS = 60_000;
/** One scenario: go, then the two tool runs. */
export const SCENARIO_TIMEOUT_MS = GO_BOUND_MS + 2 * TOOL_BOUND_MS;
/** Two at a time per file: at 4 the tool's 5 s network limit was hit on a loaded 2-core machine. */
export const CONCURRENCY = 2;
/** Debugging: CONFORMANCE_ONLY=substring[|substring…] runs the matching scenarios; CONFORMANCE_DUMP=dir writes what each
 * saw; CONFORMANCE_RELEASES=1.24 runs one Go release only (scenarioReleases). */
const only = process.env['CONFORMANCE_ONLY'];
const dumpDir = process.env['CONFORMANCE_DUMP'];

const noGo = goAvailable() ? false : 'go is not installed: conformance scenarios need the real go; apt-get install golang-go';
const noCli = existsSync(cliPath) ? false : `${cliPath} is missing: run \`npm run build\` first`;
/** Why the scenarios cannot run here (the `skip` of their describe), or false. */
export const skipReason = noGo || noCli;

/** The isolated environment of a scenario (the CA and HTTPS_PROXY are filled in). */
export type EnvOptions = Omit<IsolatedEnvOptions, 'pki' | 'proxy'>;

/** What a scenario's environment may depend on: the project IDs the fake gave out. */
export type Instance = {projectId(path: string): number};

/** What the runner and `judge` read of a scenario; the tables' scenario types add their own claims. */
export type RunnableScenario = {
	name: string;
	/** Where the behaviour is described (reference file §section). */
	ref: string;
	/** The path given to `go mod download` and to the tool. */
	module: string;
	/** Instance options on top of the base projects, users and tokens (which these lists replace when given). */
	gitlab?: Omit<FakeGitlabOptions, 'pki'>;
	env?: EnvOptions | ((instance: Instance) => EnvOptions);
	/** The CONNECT proxy demands these credentials (407 otherwise). */
	proxyAuth?: {username: string; password: string};
	/** HTTPS_PROXY carries the proxy credentials as userinfo. */
	proxyCredentialsInUrl?: boolean;
	/** Extra CLI arguments (e.g. --geo-secondary). */
	args?: string[];
	/** What the real go does here. */
	goSucceeds: boolean;
	/** When go fails: the check that names the cause; it must fail. A list: every one of them must fail. */
	failingCheck?: CheckId | CheckId[];
	/** Hosts go reached for that the CONNECT proxy refused (public proxy, checksum database). */
	refused?: string[];
	/** A go.mod in the directory where go and the tool run (it can switch toolchains). */
	goMod?: string;
	/** What a Go release does differently here ("1.19", "1.23", "1.24"): it replaces the claims above for that release. */
	perRelease?: Partial<Record<string, ReleaseExpectation>>;
};

export type ReleaseExpectation = {goSucceeds: boolean; failingCheck?: CheckId | CheckId[]; refused?: string[]};

/**
 * The Go releases every scenario runs on: each installed /usr/lib/go-1.N (put first on PATH for both the real go and
 * the tool), or, when none is, the go first on PATH. `missing` are the wanted releases not installed here.
 */
export function scenarioReleases(): {releases: Array<GoRelease | undefined>; missing: string[]} {
	const {installed, missing} = goReleases();
	// Debugging: CONFORMANCE_RELEASES=1.24[,1.19] runs only those releases.
	const wanted = process.env['CONFORMANCE_RELEASES']?.split(',').map(release => release.trim()).filter(Boolean);
	const chosen = wanted ? installed.filter(release => wanted.includes(release.release)) : installed;
	return {releases: chosen.length > 0 ? chosen : [undefined], missing};
}

/** The scenario's claims for one release. */
export function forRelease<S extends RunnableScenario>(scenario: S, release: GoRelease | undefined): S {
	const override = release ? scenario.perRelease?.[release.release] : undefined;
	if (!override) return scenario;
	const {failingCheck: _dropped, refused: _refused, ...rest} = scenario;
	return {...rest, ...override} as S;
}

export type JsonCheck = {
	id: CheckId;
	title: string;
	status: Status;
	summary: string;
	details: string[];
	fixes: Array<{title: string; commands: string[]}>;
	evidence: Record<string, unknown>;
	blockedBy: CheckId[];
};
export type JsonDocument = {schemaVersion: number; module: string; host: string; verdict: Verdict; checks: JsonCheck[]};

export type Observed = {
	go: GoModDownloadResult;
	json: CliRun & {durationMs: number};
	plain: CliRun & {durationMs: number};
	document?: JsonDocument;
	refused: (host: string) => boolean;
	totalMs: number;
	/** The --report file the plain run wrote. */
	report?: string;
};

/** Every form a secret could leak in: as written, URL-encoded, and inside an HTTP Basic header. */
export function secretForms(secrets: string[], logins: string[]): Map<string, string> {
	const forms = new Map<string, string>();
	for (const secret of secrets) {
		forms.set(secret, secret);
		forms.set(encodeURIComponent(secret), secret);
		for (const login of logins) forms.set(Buffer.from(`${login}:${secret}`).toString('base64'), secret);
	}
	return forms;
}

const leakForms = secretForms(SECRETS, LOGINS);

function leaks(text: string): string[] {
	const found = new Set<string>();
	for (const [form, secret] of leakForms) if (text.includes(form)) found.add(`${secret} (as ${form === secret ? 'written' : form})`);
	return [...found];
}

export function asList(ids: CheckId | CheckId[] | undefined): CheckId[] {
	return ids === undefined ? [] : Array.isArray(ids) ? ids : [ids];
}

/** Only the scenarios CONFORMANCE_ONLY names (all when it is unset). */
export function selected<S extends {name: string}>(scenarios: S[]): S[] {
	return scenarios.filter(s => !only || only.split('|').some(part => s.name.includes(part)));
}

/** One line per check, for failure messages: what the tool said. */
function describeChecks(document: JsonDocument | undefined): string {
	if (!document) return '(no JSON)';
	return document.checks
		.map(check => `  ${check.id}: ${check.status}${check.blockedBy.length ? ` (blocked by ${check.blockedBy.join(', ')})` : ''} — ${check.summary}`)
		.join('\n');
}

function goSays(go: GoModDownloadResult): string {
	return go.ok ? 'go succeeded' : `go failed${go.timedOut ? ' (timed out)' : ''}: ${(go.error ?? go.stderr).trim().split('\n').slice(0, 12).join('\n    ')}`;
}

async function timed<T>(work: () => Promise<T>): Promise<T & {durationMs: number}> {
	const started = Date.now();
	const value = await work();
	return {...value, durationMs: Date.now() - started};
}

/** Starts further hosts beside the scenario's GitLab (its Geo secondary, a module proxy); the CONNECT proxy routes to them too. */
export type Alongside = (primary: FakeGitlab, pki: TestPki) => Promise<{routes: Record<string, {host: string; port: number}>; close(): Promise<void>}> | undefined;

/** Starts the scenario's fake GitLab (and what runs beside it), its CONNECT proxy and isolated environment (with
 * `release`'s go first on PATH), runs `work` in them, and tears everything down. */
export async function inScenario<T>(
	pki: TestPki,
	scenario: RunnableScenario,
	work: (env: Record<string, string>, proxy: {wasRefused(host: string): boolean}, home: string) => Promise<T>,
	alongside?: Alongside,
	release?: GoRelease,
): Promise<T> {
	const {projects = BASE_PROJECTS, users = BASE_USERS, tokens = BASE_TOKENS, ...instance} = scenario.gitlab ?? {};
	const gl = await startFakeGitlab({pki, projects, users, tokens, ...instance});
	let beside: Awaited<ReturnType<Alongside>> | undefined;
	try {
		beside = await alongside?.(gl, pki);
		const proxy = await startConnectProxy({routes: {...gl.routes, ...(beside?.routes ?? {})}, requireAuth: scenario.proxyAuth});
		try {
			let proxyUrl = proxy.url;
			if (scenario.proxyAuth && scenario.proxyCredentialsInUrl) {
				const url = new URL(proxy.url);
				url.username = encodeURIComponent(scenario.proxyAuth.username);
				url.password = encodeURIComponent(scenario.proxyAuth.password);
				proxyUrl = url.href.replace(/\/$/, '');
			}
			const projectId = (path: string) => {
				const project = gl.model.projects.find(candidate => candidate.path === path);
				if (!project) throw new Error(`no project ${path}`);
				return project.id;
			};
			const env = typeof scenario.env === 'function' ? scenario.env({projectId}) : scenario.env;
			const releaseEnv = release ? {env: {...env?.env, PATH: pathWith(release, env?.env?.['PATH'])}} : {};
			const isolated = makeIsolatedEnv({pki, proxy: proxyUrl, ...env, ...releaseEnv});
			try {
				return await work(isolated.env, proxy, isolated.home);
			} finally {
				isolated.cleanup();
			}
		} finally {
			await proxy.close();
		}
	} finally {
		await beside?.close();
		await gl.close();
	}
}

export async function runScenario(pki: TestPki, scenario: RunnableScenario, alongside?: Alongside, release?: GoRelease): Promise<Observed> {
	const started = Date.now();
	return inScenario(
		pki,
		scenario,
		async (env, proxy, home) => {
			// go and the tool run in the same directory: empty, or holding the scenario's go.mod.
			const cwd = mkdtempSync(join(home, 'work-'));
			if (scenario.goMod !== undefined) writeFileSync(join(cwd, 'go.mod'), scenario.goMod);
			const go = await runGoModDownload(env, scenario.module, {timeoutMs: GO_BOUND_MS, cwd});
			const args = [scenario.module, '--timeout', '5', ...(scenario.args ?? [])];
			const reportPath = join(home, 'support-report.md');
			// The two runs only read the environment, so they may overlap. The plain output is compared as text; the plain
			// run also writes the support report.
			const [json, plain] = await Promise.all([
				timed(() => runCli([...args, '--json'], {env, timeoutMs: TOOL_BOUND_MS, cwd})),
				timed(() => runCli([...args, '--report', reportPath], {env: {...env, NO_COLOR: '1'}, timeoutMs: TOOL_BOUND_MS, cwd})),
			]);
			const report = existsSync(reportPath) ? readFileSync(reportPath, 'utf8') : undefined;
			let document: JsonDocument | undefined;
			try {
				document = JSON.parse(json.stdout) as JsonDocument;
			} catch {
				document = undefined;
			}
			return {go, json, plain, document, refused: host => proxy.wasRefused(host), totalMs: Date.now() - started, ...(report !== undefined ? {report} : {})};
		},
		alongside,
		release,
	);
}

export type Judged = {
	document: JsonDocument;
	byId: Map<CheckId, JsonCheck>;
	/** For failure messages: what go said and what the tool said. */
	context: () => string;
};

/** The claims every scenario makes; returns what the file's own claims need. */
export function judge(t: TestContext, scenario: RunnableScenario, observed: Observed): Judged {
	const {go, json, plain, document} = observed;
	const context = () => `${goSays(go)}\n  tool (exit ${json.code}, verdict ${document?.verdict}):\n${describeChecks(document)}`;

	// 4. Bounded (the test's timeout), and never a usage error or crash.
	// 3 (cannot check now: the host cannot be reached) says go get fails too, so it is right only when go fails.
	const allowed = scenario.goSucceeds ? [0, 1] : [0, 1, 3];
	assert.ok(allowed.includes(json.code ?? -1), `--json exit status ${json.code} (${allowed.join(' or ')} expected)\n${json.stderr}`);
	assert.ok(allowed.includes(plain.code ?? -1), `plain exit status ${plain.code} (${allowed.join(' or ')} expected)\n${plain.stderr}`);
	assert.ok(document, `--json printed no JSON document:\n${json.stdout.slice(0, 500)}\n${json.stderr}`);
	assert.equal(document.schemaVersion, 2);
	assert.equal(document.module, scenario.module);

	// 1. The scenario is right about Go.
	assert.equal(go.ok, scenario.goSucceeds, `the scenario says go ${scenario.goSucceeds ? 'succeeds' : 'fails'}, but ${goSays(go)}`);
	for (const host of scenario.refused ?? []) assert.ok(observed.refused(host), `go never reached for ${host} (the proxy refused nothing there)`);

	// 3. No secret in any output.
	for (const [name, text] of [
		['--json stdout', json.stdout],
		['--json stderr', json.stderr],
		['plain stdout', plain.stdout],
		['plain stderr', plain.stderr],
		['the report', observed.report ?? ''],
	] as const) {
		assert.deepEqual(leaks(text), [], `a secret reached ${name}`);
	}

	// 2. The verdict agrees with Go.
	const byId = new Map(document.checks.map(check => [check.id, check]));
	if (scenario.goSucceeds) {
		const failing = document.checks.filter(check => check.status === 'fail');
		assert.deepEqual(
			failing.map(check => check.id),
			[],
			`go succeeded but the tool fails it:\n${failing.map(check => `${check.id}: ${JSON.stringify(check, null, 2)}`).join('\n')}\n${context()}`,
		);
		assert.notEqual(document.verdict, 'fail');
		assert.equal(json.code, 0);
		assert.equal(plain.code, 0);
	} else {
		const expected = asList(scenario.failingCheck);
		assert.ok(expected.length > 0, 'a scenario where go fails must name its failingCheck');
		const missing = expected.filter(id => !byId.has(id));
		if (missing.length > 0) {
			// The check that judges this is not registered yet: the run cannot be judged, but is still shown.
			t.todo(`${missing.join(', ')} not registered in source/checks/index.ts yet`);
		}
		for (const id of expected) {
			const check = byId.get(id);
			assert.equal(check?.status, 'fail', `go failed, so ${id} must fail; it is ${check ? check.status : 'absent'}\n${check ? JSON.stringify(check, null, 2) : ''}\n${context()}`);
		}
		assert.equal(document.verdict, 'fail');
		assert.equal(json.code, 1);
		assert.equal(plain.code, 1);

		// 5. The one error table (explain's, the checks') reads what the real go printed and names a check the suite blames.
		const goText = go.error ?? go.stderr;
		const diagnoses = classifyErrorText(goText, {module: scenario.module});
		assert.ok(diagnoses.length > 0, `the error table does not recognise what go printed:\n${goText}`);
		assert.ok(
			diagnoses.some(diagnosis => diagnosis.checks.some(id => expected.includes(id))),
			`the error table blames ${diagnoses.map(d => `${d.reason} → ${d.checks.join(', ')}`).join('; ')}, the suite ${expected.join(', ')}:\n${goText}`,
		);
	}

	// 6. go-confirm, the real go run by the tool itself, agrees with the real go run here.
	const confirm = byId.get('go-confirm');
	assert.equal(confirm?.status, go.ok ? 'pass' : 'fail', `go ${go.ok ? 'succeeded' : 'failed'}, go-confirm says ${confirm?.status}: ${confirm?.summary}\n${context()}`);

	// 7. The report's opening paragraph, the one a support engineer pastes back, names the check the suite blames.
	assert.ok(observed.report, `the plain run wrote no report:\n${plain.stderr}`);
	const paragraph = reportSummary(observed.report);
	if (scenario.goSucceeds) assert.match(paragraph, /^No step fails/, `go succeeded, the report says: ${paragraph}`);
	else {
		const blamed = asList(scenario.failingCheck);
		assert.ok(blamed.some(id => paragraph.includes(`\`${id}\``)), `the report's summary names none of ${blamed.join(', ')}: ${paragraph}`);
	}

	// The plain run tells the same story: every failing check's summary is there. It is a run of its own, and curl
	// says how long it tried ("Failed to connect to … after 2 ms"): that number may differ between the two runs.
	const untimed = (text: string) => sameWords(text).replace(/\bafter \d+ ms\b/g, 'after N ms');
	for (const check of document.checks.filter(c => c.status === 'fail')) {
		assert.ok(untimed(plain.stdout).includes(untimed(check.summary)), `plain output lacks the summary of failing ${check.id}: ${check.summary}`);
	}
	return {document, byId, context};
}

/** The paragraph at the top of a support report (after the note on secrets, before the summary table). */
export function reportSummary(report: string): string {
	const lines = report.split('\n');
	const start = lines.findIndex(line => line.startsWith('> Secrets are masked'));
	const end = lines.findIndex(line => line === '## Summary');
	return lines.slice(start + 1, end).join(' ').trim();
}

/** Source files changed after the last build: the CLI under test is not the code in the tree. */
function staleSources(): string[] {
	const built = statSync(cliPath).mtimeMs;
	const root = join(dirname(cliPath), '..', 'source');
	const newer: string[] = [];
	const walk = (dir: string) => {
		for (const name of readdirSync(dir)) {
			const full = join(dir, name);
			const stat = statSync(full);
			if (stat.isDirectory()) walk(full);
			else if (stat.mtimeMs > built) newer.push(full.slice(root.length + 1));
		}
	};
	walk(root);
	return newer;
}

function dump(scenario: RunnableScenario, observed: Observed): void {
	if (!dumpDir) return;
	mkdirSync(dumpDir, {recursive: true});
	const slug = scenario.name.replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '').toLowerCase();
	writeFileSync(join(dumpDir, `${slug}.json`), JSON.stringify({scenario, go: observed.go, tool: observed.document ?? observed.json.stdout, plain: observed.plain.stdout, stderr: observed.json.stderr}, null, 2));
	writeFileSync(join(dumpDir, `${slug}.txt`), observed.plain.stdout);
}

export type Suite = {
	/** Runs the scenario, records its timing (and dump), and judges it by the claims every scenario makes. */
	run(
		t: TestContext,
		scenario: RunnableScenario,
		options?: {alongside?: Alongside; note?: (document: JsonDocument | undefined) => string; release?: GoRelease},
	): Promise<Judged & {observed: Observed}>;
};

/** Call inside the describe: sets up the test PKI (warning when dist/ is stale) and prints the timings at the end. */
export function scenarioSuite(label: string): Suite {
	let pki: TestPki;
	const started = Date.now();
	const timings: Array<{name: string; line: string}> = [];
	const agreement = new Map<string, {agreed: number; disagreed: number}>();
	before(async () => {
		pki = await getTestPki();
		const stale = staleSources();
		if (stale.length > 0) {
			process.stderr.write(`\nWARNING: dist/ is older than ${stale.join(', ')}: these scenarios test the last build; run \`npm run build\` first\n`);
		}
	});
	after(() => {
		if (timings.length === 0) return;
		const width = Math.max(...timings.map(row => row.name.length));
		const lines = timings.map(row => `${row.name.padEnd(width)} ${row.line}`);
		process.stderr.write(`\n${label} timings (${timings.length} scenarios, ${Date.now() - started} ms wall):\n${lines.join('\n')}\n`);
		const perRelease = [...agreement].map(([release, count]) => `${release}: ${count.agreed}/${count.agreed + count.disagreed} agree`);
		process.stderr.write(`${label} agreement per Go release: ${perRelease.join('; ')}\n`);
	});
	return {
		async run(t, scenario, options = {}) {
			scenario = forRelease(scenario, options.release);
			const observed = await runScenario(pki, scenario, options.alongside, options.release);
			const {go, json, plain, document} = observed;
			const failing = document?.checks.filter(c => c.status === 'fail').map(c => c.id).join(', ') ?? '';
			const note = options.note ? ` · ${options.note(document)}` : '';
			timings.push({
				name: options.release ? `[go ${options.release.release}] ${scenario.name}` : scenario.name,
				line: `go ${go.ok ? 'ok  ' : 'fail'} ${String(go.durationMs).padStart(6)} ms · tool ${String(json.durationMs).padStart(6)} ms · plain ${String(plain.durationMs).padStart(6)} ms · total ${String(observed.totalMs).padStart(6)} ms · ${document?.verdict ?? '?'}${failing ? ` (${failing})` : ''}${note}`,
			});
			dump(scenario, observed);
			const release = options.release ? `go ${options.release.version}` : 'go on PATH';
			const count = agreement.get(release) ?? {agreed: 0, disagreed: 0};
			agreement.set(release, count);
			try {
				const judged = judge(t, scenario, observed);
				count.agreed++;
				return {...judged, observed};
			} catch (error) {
				count.disagreed++;
				throw error;
			}
		},
	};
}
