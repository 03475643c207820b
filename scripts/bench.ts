// npm run bench: prints median wall times and ratios; targets are read by people, not asserted.
// Targets (issue 2): --version ≤ 1.5× bare node; an offline run ≤ 3.5× bare node.
import {spawnSync} from 'node:child_process';
import {performance} from 'node:perf_hooks';

const runs = Number(process.env['BENCH_RUNS'] ?? 15);
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

const bare = time(['-e', '0']);
const version = time(['dist/cli.js', '--version']);
const offline = time(['dist/cli.js', module, '--offline', '--json']);

const row = (name: string, ms: number, target?: number) =>
	`${name.padEnd(44)} ${ms.toFixed(1).padStart(8)} ms  ${(ms / bare).toFixed(2).padStart(5)}× node${target ? `  (target ≤ ${target}×)` : ''}`;
console.log(`median of ${runs} runs each, ${new Date().toISOString()}`);
console.log(row('node -e 0', bare));
console.log(row('gitlab-go-check --version', version, 1.5));
console.log(row(`gitlab-go-check ${module} --offline --json`, offline, 3.5));
