// npm run bench: prints median wall times and ratios; targets are read by people, not asserted.
// Local (issue 2): --version ≤ 1.5× bare node; an offline run ≤ 3.5× bare node.
// Live (issue 3): a run against the fake GitLab with 100 ms added to every response, beside its
// critical path (the longest chain of dependent steps, each weighted by its own duration; a need a
// step starts beside only has to finish before it) and
// `go mod download` in the same scenario: target ≤ 1.25× the critical path, and faster than Go. The run with go-confirm
// (the real go beside the checks) is printed beside the run without it (--no-confirm).
import {spawnSync, spawn} from 'node:child_process';
import {performance} from 'node:perf_hooks';
import {allChecks} from '../source/checks/index.js';
import type {CheckId} from '../source/engine/types.js';
import {getTestPki, makeIsolatedEnv, runGoModDownload, goAvailable, startConnectProxy, startFakeGitlab} from '../test/fake-gitlab/index.js';

const runs = Number(process.env['BENCH_RUNS'] ?? 11);
const liveRuns = Number(process.env['BENCH_LIVE_RUNS'] ?? 3);
const module = process.env['BENCH_MODULE'] ?? 'gitlab.example.com/group/sub/project';

function median(values: number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	const middle = Math.floor(sorted.length / 2);
	return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

function time(args: string[]): number {
	const samples: number[] = [];
	spawnSync(process.execPath, args); // warm the file cache
	for (let index = 0; index < runs; index++) {
		const started = performance.now();
		const result = spawnSync(process.execPath, args, {stdio: ['ignore', 'ignore', 'pipe']});
		samples.push(performance.now() - started);
		if (result.status !== 0 && result.status !== 1) throw new Error(`${args.join(' ')} exited ${result.status}: ${result.stderr}`);
	}
	return median(samples);
}

const row = (name: string, ms: number, base: number, baseName: string, target?: string) =>
	`${name.padEnd(52)} ${ms.toFixed(0).padStart(6)} ms  ${(ms / base).toFixed(2).padStart(5)}× ${baseName}${target ? `  (target ${target})` : ''}`;

// --- local ---
const bare = time(['-e', '0']);
const version = time(['dist/cli.js', '--version']);
const offline = time(['dist/cli.js', module, '--offline', '--json']);
console.log(`local: median of ${runs} runs each`);
console.log(row('node -e 0', bare, bare, 'node'));
console.log(row('gitlab-go-check --version', version, bare, 'node', '≤ 1.5×'));
console.log(row(`gitlab-go-check MODULE --offline --json`, offline, bare, 'node', '≤ 3.5×'));

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
	console.log(row('  gitlab-go-check MODULE --json --no-confirm', median(tool), path.ms, 'critical path', '≤ 1.25×'));
	console.log(row('  gitlab-go-check MODULE --json (with go-confirm)', median(confirmed), median(tool), 'without'));
	console.log(`  ${'critical path'.padEnd(50)} ${path.ms.toFixed(0).padStart(6)} ms  (${path.chain.join(' → ')})`);
	if (go.length > 0) console.log(row(`  go mod download (${goOk ? 'succeeds' : 'fails'})`, median(go), median(tool), 'the tool'));
	else console.log('  go mod download: go is not installed');
}
await proxy.close();
await gitlab.close();
