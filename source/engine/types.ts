// The result model of DESIGN.md, shared by the engine, the checks and every renderer.
import type {System} from '../system/types.js';

export const checkIds = [
	'go-env',
	'private-module',
	'module-path',
	'netrc',
	'https',
	'token',
	'go-import',
	'git-route',
	'git-auth',
	'git-access',
	'geo-secondary',
	'go-proxy',
	'go-confirm',
] as const;

export type CheckId = (typeof checkIds)[number];

export type Status = 'pass' | 'warn' | 'fail' | 'skip';

export type Verdict = 'pass' | 'warn' | 'fail';

export type Fix = {
	title: string;
	/** Exact commands, one per entry, that carry out the fix. Empty when only a person can do it. */
	commands: string[];
	/** True when the tool may run the commands itself after the user agrees (TUI `f`). */
	safe: boolean;
	link?: string;
	/** What the tool does, in order, when it applies a safe fix itself; not part of the JSON contract. */
	actions?: FixAction[];
};

/** The edits a safe fix can make. Each shows what it will change, backs up and writes atomically. */
export type FixAction =
	| {kind: 'chmod'; path: string; mode: number}
	/** Add or replace the entry for `host`; the token is typed by the user and never echoed. */
	| {kind: 'netrc-entry'; path: string; host: string; login?: string}
	/** `go env -w KEY=VALUE` (or `go env -u KEY` when value is undefined). */
	| {kind: 'go-env'; key: string; value: string | undefined}
	/** `git config --global …`: set (`value` given) or unset one key. */
	| {kind: 'git-config'; key: string; value: string | undefined; valuePattern?: string}
	/** `git config --global http.<url>.sslCAInfo FILE` for a CA file the user names. */
	| {kind: 'git-ca'; url: string};

/** What a check's `run` returns. `data` is for dependent checks only and never serialized. */
export type Outcome<Data = unknown> = {
	status: Status;
	summary: string;
	details?: string[];
	evidence?: Record<string, unknown>;
	fixes?: Fix[];
	data?: Data;
};

/** One check's finished result, as every renderer and the JSON contract see it. */
export type CheckResult = {
	id: CheckId;
	title: string;
	status: Status;
	summary: string;
	details: string[];
	evidence: Record<string, unknown>;
	fixes: Fix[];
	blockedBy: CheckId[];
	durationMs: number;
};

export type RunOptions = {
	module: string;
	offline: boolean;
	/** Limit for each network operation. */
	timeoutMs: number;
	verbose: boolean;
	/** A Geo secondary git goes to even without an insteadOf rule naming it (--geo-secondary HOST). */
	geoSecondary?: string;
};

export type CheckContext = {
	options: RunOptions;
	system: System;
	/** Every secret a check reads must be registered here before it can reach any output. */
	secrets: SecretSink;
};

export type SecretSink = {
	add(secret: string | undefined): void;
};

/** The finished results a check can read: its needs and the checks it runs after. */
export type Upstream = {
	result(id: CheckId): CheckResult | undefined;
	data<Data>(id: CheckId): Data | undefined;
	/** Resolves once these checks of the run have finished: for a check that starts its own work at once and reads
	 * the others' results only at its end (go-confirm). Absent outside a graph run: then nothing is pending. A check
	 * must never wait for one that needs it. */
	settled?(ids: readonly CheckId[]): Promise<void>;
};

export type Check<Data = unknown> = {
	id: CheckId;
	title: string;
	/** Checks that must not fail for this one to run; a failed or skipped need makes this one `skip` with `blockedBy`. */
	needs: CheckId[];
	/** Needs this check may start beside instead of after, because its own work does not use their data: it
	 * overlaps their round trips; its outcome still becomes `skip` with `blockedBy` when one of them fails. */
	startsBeside?: CheckId[];
	/** Checks whose results this one reads if they are there, whatever their status. */
	after?: CheckId[];
	/** True for the local checks that `--offline` runs. */
	local: boolean;
	/** Upper bound on the whole check; defaults to a multiple of the network timeout. */
	timeLimitMs?: (options: RunOptions) => number;
	/** What the check is waiting for, for a slow-step hint in the TUI ("gitlab.example.com"). */
	waitingFor?: (options: RunOptions) => string | undefined;
	run(context: CheckContext, upstream: Upstream, signal: AbortSignal): Promise<Outcome<Data>>;
};

export type EngineEvent =
	| {type: 'started'; id: CheckId; at: number}
	| {type: 'finished'; result: CheckResult};

export type RunResult = {
	module: string;
	host: string;
	verdict: Verdict;
	checks: CheckResult[];
};
