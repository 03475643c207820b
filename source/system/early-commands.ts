// The commands nearly every run asks (go env, curl --version, git --version) start before the bulk of the tool
// loads, so they run while Node reads it; the step that asks later takes the answer instead of starting its own.
// An answer is taken once: a step run again (after a fix) asks afresh. Only the very same command line, working
// directory, environment and time limit match, so a taken answer is exactly the one the step would have got.
import {goSettingKeys} from '../rules/go-env-file.js';
import type {Environment, Exec, ExecOptions, ExecResult} from './types.js';

export type Query = {command: string; args: string[]; options: ExecOptions};

// Asked beside the settings: the platform a downloaded toolchain is built for, GOWORK (which go.work governs)
// and GOVERSION (the go on PATH, since Go 1.16; older go prints an empty line and is asked `go version`).
export const goEnvExtraKeys = ['GOHOSTOS', 'GOHOSTARCH', 'GOWORK', 'GOVERSION'];

/** `go env` of the go on PATH, asked with GOTOOLCHAIN=local so that asking never switches to (and downloads)
 * another toolchain (docs: src/cmd/go/internal/toolchain/select.go, Select). */
export function goEnvQuery(env: Environment, cwd: string | undefined, timeoutMs: number): Query {
	const options = {env: {...env, GOTOOLCHAIN: 'local'}, timeoutMs, ...(cwd ? {cwd} : {})};
	return {command: 'go', args: ['env', ...goSettingKeys, ...goEnvExtraKeys], options};
}

export function goVersionQuery(env: Environment, cwd: string | undefined, timeoutMs: number): Query {
	return {...goEnvQuery(env, cwd, timeoutMs), args: ['version']};
}

export const curlVersionQuery = (env: Environment): Query => ({command: 'curl', args: ['--version'], options: {env, timeoutMs: 5000}});
export const gitVersionQuery = (env: Environment): Query => ({command: 'git', args: ['--version'], options: {env, timeoutMs: 5000}});

/** go-env's limit for asking go: the run's limit, at most 10 s. */
export const goAskTimeoutMs = (runTimeoutMs: number) => Math.min(runTimeoutMs, 10_000);

type Started = Map<string, {answer: Promise<ExecResult>; stop: AbortController}>;
// The CLI (a script run from V8's code cache) and the TUI (an ES module bundle of its own) each carry a copy of this
// module; the answers belong to the process, so every copy keeps them in the one map.
const sharedKey = Symbol.for('gitlab-go-check.early-commands');
const started: Started = ((globalThis as Record<symbol, Started | undefined>)[sharedKey] ??= new Map());

function keyOf(command: string, args: string[], options: ExecOptions): string | undefined {
	// A query with a signal or input is the caller's own: never shared.
	if (options.signal || options.input !== undefined) return undefined;
	return JSON.stringify([command, args, options.cwd ?? null, options.timeoutMs, options.env ?? null]);
}

export function startEarly(exec: Exec, queries: Query[]): void {
	for (const {command, args, options} of queries) {
		const key = keyOf(command, args, options);
		if (key === undefined || started.has(key)) continue;
		const stop = new AbortController();
		started.set(key, {answer: exec.run(command, args, {...options, signal: stop.signal}), stop});
	}
}

/** Ends what no step took (a run that stopped early, or a go hanging on a FIFO as its go env file): nothing started
 * here outlives the run or keeps it waiting for its time limit. */
export function stopUntakenEarly(): void {
	for (const {stop} of started.values()) stop.abort();
	started.clear();
}

/** The exec every step uses: an answer started early for this very query, else a fresh run. */
export function withEarlyAnswers(exec: Exec): Exec {
	return {
		run(command, args, options) {
			const key = keyOf(command, args, options);
			const early = key === undefined ? undefined : started.get(key);
			if (!early) return exec.run(command, args, options);
			started.delete(key!);
			return early.answer;
		},
	};
}
