// npm run bench: prints median wall times and ratios; targets are read by people, not asserted.
// Local: --version ≤ 1.2× bare node; an offline run ≤ 1.5× bare node, measured side by side (interleaved) so that
// a busy machine slows all three alike.
// Live (issue 3): a run against the fake GitLab with 100 ms added to every response, beside its
// critical path: node's own start (bare `node -e 0`, measured above in the same run), which nothing the tool does can
// shorten, then the longest chain of dependent steps, each weighted by its own duration (a need a step starts beside
// only has to finish before it); the ratio against the steps' chain alone is printed too; and
// `go mod download` in the same scenario: target ≤ 1.1× the critical path, and faster than the real go, in both the
// healthy and the broken set-up. The run with go-confirm
// (the real go beside the checks) is printed beside the run without it (--no-confirm).
// Repository mode (issue 8): offline on a go.mod of 200 requirements, 50 private on one host (≤ 1.5× the
// single-module offline run); online, 50 private modules on one fake-GitLab host with 100 ms added per response
// (≤ 2× the single-module live run), with the requests the fake GitLab received; and a pre-commit-style hook run
// (offline, --quiet, from the repository) beside bare `node -e 0`.
// BENCH_RUNS (default 21) and BENCH_LIVE_RUNS (3) set the runs; BENCH_ONLY=local stops after the offline parts.
import {spawnSync, spawn} from 'node:child_process';
import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join, resolve} from 'node:path';
import {performance} from 'node:perf_hooks';
import {allChecks} from '../source/checks/index.js';
import type {CheckId} from '../source/engine/types.js';
import {getTestPki, makeIsolatedEnv, runGoModDownload, goAvailable, startConnectProxy, startFakeGitlab} from '../test/fake-gitlab/index.js';

const runs = Number(process.env['BENCH_RUNS'] ?? 21);
const liveRuns = Number(process.env['BENCH_LIVE_RUNS'] ?? 3);
const module = process.env['BENCH_MODULE'] ?? 'gitlab.example.com/group/sub/project';
// BENCH_ONLY=local stops after the local and offline repository parts (no fake GitLab, no live runs).
const localOnly = process.env['BENCH_ONLY'] === 'local';

function median(values: number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	const middle = Math.floor(sorted.length / 2);
	return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

type Timed = {args: string[]; options?: {cwd?: string; env?: NodeJS.ProcessEnv}};

/** Median wall times of several commands, run in turn in each round (side by side), so load from elsewhere on the
 * machine falls on all of them alike and their ratios stay meaningful. */
function timeSideBySide(commands: Timed[]): number[] {
	const samples = commands.map(() => [] as number[]);
	for (const {args, options} of commands) spawnSync(process.execPath, args, options); // warm the file cache
	for (let index = 0; index < runs; index++) {
		commands.forEach(({args, options = {}}, which) => {
			const started = performance.now();
			const result = spawnSync(process.execPath, args, {...options, stdio: ['ignore', 'ignore', 'pipe']});
			samples[which]!.push(performance.now() - started);
			if (result.status !== 0 && result.status !== 1) throw new Error(`${args.join(' ')} exited ${result.status}: ${result.stderr}`);
		});
	}
	return samples.map(median);
}

const row = (name: string, ms: number, base: number, baseName: string, target?: string) =>
	`${name.padEnd(52)} ${ms.toFixed(0).padStart(6)} ms  ${(ms / base).toFixed(2).padStart(5)}× ${baseName}${target ? `  (target ${target})` : ''}`;

// --- local ---
const [bare, version, offline] = timeSideBySide([{args: ['-e', '0']}, {args: ['dist/cli.js', '--version']}, {args: ['dist/cli.js', module, '--offline', '--json']}]) as [number, number, number];
console.log(`local: median of ${runs} runs each, side by side`);
console.log(row('node -e 0', bare, bare, 'node'));
console.log(row('gitlab-go-check --version', version, bare, 'node', '≤ 1.2×'));
console.log(row(`gitlab-go-check MODULE --offline --json`, offline, bare, 'node', '≤ 1.5×'));

// --- repository mode, offline ---
const cli = resolve('dist/cli.js');
const scratch = mkdtempSync(join(tmpdir(), 'ggc-bench-'));
const repo = join(scratch, 'app');
mkdirSync(repo);
const publicRequires = Array.from({length: 150}, (_, index) => `\tgithub.com/org${index % 30}/lib${index} v1.${index}.0`);
const privateRequires = Array.from({length: 50}, (_, index) => `\tgitlab.example.com/group/sub/lib${index} v0.${index}.0`);
writeFileSync(join(repo, 'go.mod'), `module gitlab.example.com/me/app\n\ngo 1.21\n\nrequire (\n${[...publicRequires, ...privateRequires].join('\n')}\n)\n`);
const benchEnv = {...process.env, GOPRIVATE: 'gitlab.example.com', CI: '', GITLAB_CI: ''};
const [repoOffline, singleOffline, hook] = timeSideBySide([
	{args: [cli, '--offline', '--json', '--dir', repo], options: {env: benchEnv}},
	{args: [cli, module, '--offline', '--json'], options: {env: benchEnv}},
	{args: [cli, '--offline', '--quiet'], options: {cwd: repo, env: benchEnv}},
]) as [number, number, number];
console.log(`\nrepository mode, offline: go.mod with 200 requirements, 50 private on one host; median of ${runs} runs`);
console.log(row('gitlab-go-check MODULE --offline --json', singleOffline, singleOffline, 'single'));
console.log(row('gitlab-go-check --offline --json --dir REPO', repoOffline, singleOffline, 'single', '≤ 1.5×'));
console.log(row('pre-commit hook run (--offline --quiet, in REPO)', hook, bare, 'node'));
console.log(row('node -e 0', bare, bare, 'node'));
rmSync(scratch, {recursive: true, force: true, maxRetries: 5, retryDelay: 100});
if (localOnly) process.exit(0);

// --- live ---
type JsonCheck = {id: CheckId; status: string; durationMs: number};

/** The longest chain through needs/after edges, each step weighted by its own duration in that run. */
function criticalPath(checks: JsonCheck[]): {ms: number; chain: CheckId[]} {
	const byId = new Map(checks.map(check => [check.id, check]));
	const memo = new Map<CheckId, {ms: number; chain: CheckId[]}>();
	const longest = (id: CheckId): {ms: number; chain: CheckId[]} => {
		const known = memo.get(id);
		if (known) return known;
		const definition = allChecks.find(check => check.id === id)!;
		// A need the step starts beside only has to finish first: finish-to-finish, not finish-to-start.
		const beside = new Set(definition.startsBeside ?? []);
		let best = {ms: 0, chain: [] as CheckId[]};
		let besideBest = {ms: 0, chain: [] as CheckId[]};
		for (const upstream of [...definition.needs, ...(definition.after ?? [])]) {
			if (!byId.has(upstream)) continue;
			const candidate = longest(upstream);
			if (beside.has(upstream)) {
				if (candidate.ms > besideBest.ms) besideBest = candidate;
			} else if (candidate.ms > best.ms) best = candidate;
		}
		const own = {ms: best.ms + (byId.get(id)?.durationMs ?? 0), chain: [...best.chain, id]};
		const result = besideBest.ms > own.ms ? {ms: besideBest.ms, chain: [...besideBest.chain, id]} : own;
		memo.set(id, result);
		return result;
	};
	return checks.map(check => longest(check.id)).reduce((a, b) => (b.ms > a.ms ? b : a));
}

function runTool(env: Record<string, string>, target: string, extra: string[] = []): Promise<{ms: number; checks: JsonCheck[]}> {
	return new Promise((resolve, reject) => {
		const started = performance.now();
		const child = spawn(process.execPath, ['dist/cli.js', target, '--json', '--timeout', '10', ...extra], {env, stdio: ['ignore', 'pipe', 'ignore']});
		let stdout = '';
		child.stdout.on('data', chunk => (stdout += chunk));
		child.on('close', () => {
			try {
				resolve({ms: performance.now() - started, checks: (JSON.parse(stdout) as {checks: JsonCheck[]}).checks});
			} catch (error) {
				reject(error);
			}
		});
	});
}

const token = 'glpat-benchBENCHbench1234';
const pki = await getTestPki();
const gitlab = await startFakeGitlab({
	pki,
	addedLatencyMs: 100,
	projects: [{path: 'group/sub/project', members: {alice: 'reporter'}}],
	tokens: [{token, username: 'alice', scopes: ['read_api']}],
});
const proxy = await startConnectProxy({routes: gitlab.routes});
const target = 'gitlab.test/group/sub/project';
console.log(`\nlive: ${target} against the fake GitLab with 100 ms added to every response, median of ${liveRuns} runs`);
for (const [name, netrc] of [
	['healthy (read_api token in .netrc)', `machine gitlab.test login alice password ${token}\n`],
	['broken (no .netrc: two-segment answer)', undefined],
] as const) {
	const tool: number[] = [];
	const confirmed: number[] = [];
	const paths: Array<{ms: number; chain: CheckId[]}> = [];
	const go: number[] = [];
	let goOk = false;
	for (let index = 0; index < liveRuns; index++) {
		const isolated = makeIsolatedEnv({pki, proxy, goEnv: {GOPRIVATE: 'gitlab.test'}, netrc});
		try {
			// The critical path is the checks' own (without go-confirm, which waits for all of them by design).
			const run = await runTool(isolated.env, target, ['--no-confirm']);
			tool.push(run.ms);
			paths.push(criticalPath(run.checks));
			confirmed.push((await runTool(isolated.env, target)).ms);
			if (goAvailable()) {
				const download = await runGoModDownload(isolated.env, target, {timeoutMs: 120_000});
				go.push(download.durationMs);
				goOk = download.ok;
			}
		} finally {
			isolated.cleanup();
		}
	}
	const path = paths.sort((a, b) => a.ms - b.ms)[Math.floor(paths.length / 2)]!;
	console.log(`${name}:`);
	console.log(row('  gitlab-go-check MODULE --json --no-confirm', median(tool), path.ms + bare, 'critical path', '≤ 1.1×'));
	console.log(row('    the same, against the steps\' chain alone', median(tool), path.ms, 'steps\' chain'));
	console.log(row('  gitlab-go-check MODULE --json (with go-confirm)', median(confirmed), median(tool), 'without'));
	console.log(`  ${'critical path'.padEnd(50)} ${(path.ms + bare).toFixed(0).padStart(6)} ms  (node start ${bare.toFixed(0)} ms → ${path.chain.join(' → ')}, ${path.ms.toFixed(0)} ms)`);
	if (go.length > 0) console.log(row(`  go mod download (${goOk ? 'succeeds' : 'fails'})`, median(go), median(tool), 'the tool', '> 1× (the tool is faster)'));
	else console.log('  go mod download: go is not installed');
}

// --- repository mode, live: 50 private modules on one host ---
{
	const paths = Array.from({length: 50}, (_, index) => `group/mod${index}`);
	const repoGitlab = await startFakeGitlab({
		pki,
		addedLatencyMs: 100,
		projects: paths.map(path => ({path, members: {alice: 'reporter'}})),
		tokens: [{token, username: 'alice', scopes: ['read_api']}],
	});
	const repoProxy = await startConnectProxy({routes: repoGitlab.routes});
	const isolated = makeIsolatedEnv({pki, proxy: repoProxy, goEnv: {GOPRIVATE: 'gitlab.test'}, netrc: `machine gitlab.test login alice password ${token}\n`});
	const dir = join(isolated.env['HOME']!, 'app');
	mkdirSync(dir);
	writeFileSync(join(dir, 'go.mod'), `module gitlab.test/me/app\n\ngo 1.19\n\nrequire (\n${paths.map(path => `\tgitlab.test/${path} v1.0.0`).join('\n')}\n)\n`);
	const timed = (args: string[]) =>
		new Promise<number>(done => {
			const started = performance.now();
			const child = spawn(process.execPath, [cli, ...args], {env: isolated.env, stdio: 'ignore'});
			child.on('close', () => done(performance.now() - started));
		});
	const single: number[] = [];
	const whole: number[] = [];
	let requests = 0;
	let singleRequests = 0;
	for (let index = 0; index < liveRuns; index++) {
		let before = repoGitlab.requests.length;
		single.push(await timed([`gitlab.test/${paths[0]}`, '--json', '--timeout', '10']));
		singleRequests = repoGitlab.requests.length - before;
		before = repoGitlab.requests.length;
		whole.push(await timed(['--dir', dir, '--json', '--timeout', '10']));
		requests = repoGitlab.requests.length - before;
	}
	console.log(`\nrepository mode, live: 50 private modules on one fake-GitLab host, 100 ms added per response, median of ${liveRuns} runs`);
	console.log(row('gitlab-go-check MODULE --json (one module)', median(single), median(single), 'single'));
	console.log(row('gitlab-go-check --dir REPO --json (50 modules)', median(whole), median(single), 'single', '≤ 2×'));
	const count = (pattern: RegExp) => repoGitlab.requests.slice(-requests).filter(request => pattern.test(request.path)).length;
	console.log(`  requests the fake GitLab received: one module ${singleRequests}; 50 modules ${requests} (${count(/personal_access_tokens\/self/)} token lookups, ${count(/\/api\/v4\/metadata/)} metadata, ${count(/go-get=1/)} go-get, ${count(/info\/refs/)} git info/refs)`);
	isolated.cleanup();
	await repoProxy.close();
	await repoGitlab.close();
}

await proxy.close();
await gitlab.close();
