// The result model of DESIGN.md, shared by the engine, the checks and every renderer.
import type {System} from '../system/types.js';
import type {CheckData} from './check-data.js';
import type {ModuleTarget} from './target.js';

export type {CheckData} from './check-data.js';
export type {ModuleTarget} from './target.js';

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

/** The route go takes to the module that a check judges: `direct` is the fetch from the VCS (go-import, git, the
 * GitLab host's credentials), which go meets only when no GOPROXY entry serves the module or stops it first. */
export type GoRoute = 'direct';

/** What the check that follows GOPROXY found about the direct route (docs/go.md §3.3). */
export type RouteDecision = {
	/** Go reaches the direct route (or the tool cannot tell it does not): its checks judge as usual. */
	direct: boolean;
	/** Why not, for the skipped checks' summary ("https://goproxy.example serves the module"). */
	summary: string;
	/** What would happen otherwise (if the proxy stopped serving it). */
	details: string[];
};

/** What a check's `run` returns. `data` is for dependent checks only and never serialized. */
export type Outcome<Data = unknown> = {
	status: Status;
	summary: string;
	details?: string[];
	evidence?: Record<string, unknown>;
	fixes?: Fix[];
	/** Typed facts for the renderers (the Go version, each setting and its source); never parsed from evidence. */
	facts?: StepFacts;
	/** A stable code for what a failing or warning outcome found (JSON `reason`); without it the JSON says `<id>-<status>`. */
	reason?: string;
	data?: Data;
	/** Only from a check with `decidesRoute`: whether go meets the direct route at all. */
	route?: RouteDecision;
};

/** What renderers read besides evidence, typed. Not part of the JSON contract (evidence is). */
export type StepFacts = {
	go?: GoFacts;
};

export type GoFacts = {
	/** `go1.23.4`; `unknown` when go says no version; `not installed`. */
	version: string;
	/** The go env file and how it was read (`/home/u/.config/go/env (text)`), or `none (…)`. */
	envFile: string;
	/** Each setting Go resolves, and where its value comes from (`go env file`, `environment`, `from GOPRIVATE`…). */
	settings: GoSettingFact[];
};

export type GoSettingFact = {key: string; value: string; source: string};

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
	/** Typed facts for renderers (see StepFacts); absent when the step has none. */
	facts?: StepFacts;
	/** The stable code of a failing or warning outcome, when the check gives one (see Outcome.reason). */
	reason?: string;
	/** The module or host this result is about, when a run holds several (repository mode); absent for one module. */
	subject?: string;
};

export type RunOptions = {
	module: string;
	offline: boolean;
	/** Limit for each network operation. */
	timeoutMs: number;
	verbose: boolean;
	/** A Geo secondary git goes to even without an insteadOf rule naming it (--geo-secondary HOST). */
	geoSecondary?: string;
	/** go-confirm runs the real go for every module (the default), or, with several modules, only for failures. */
	confirm?: 'every-module' | 'failures';
	/** The go.mod (or go.work) whose go and toolchain lines the real go's throw-away module copies (./go.mod when unset). */
	goModFile?: string;
};

/** What a whole run shares: the options, the machine, the secret sink. */
export type RunContext = {
	options: RunOptions;
	system: System;
	/** Every secret a check reads must be registered here before it can reach any output. */
	secrets: SecretSink;
	/** Runs `cleanup` once the step graph has finished (set by the engine's runSteps; absent when a check runs alone):
	 * for scratch things several steps of a run share, such as one Go-like git repository per module. */
	atRunEnd?: (cleanup: () => Promise<void>) => void;
	/** What every step of one run shares, whatever its module or host (set by runSteps; absent when a check runs
	 * alone): answers that do not change within a run (`curl --version`), or one real go run for a failure that
	 * several modules share. A new run (the TUI's re-run after a fix) starts empty. */
	perRun?: RunMemo;
};

/** `once(key, make)`: the value `make` gave the first time this run asked for `key`. */
export type RunMemo = {once<T>(key: string, make: () => T): T};

export function createRunMemo(): RunMemo {
	const values = new Map<string, unknown>();
	return {
		once<T>(key: string, make: () => T): T {
			if (!values.has(key)) values.set(key, make());
			return values.get(key) as T;
		},
	};
}

/** What one step sees: the run's context and the module it is about, resolved once (source/engine/target.ts). */
export type CheckContext = RunContext & {target: ModuleTarget};

export type SecretSink = {
	add(secret: string | undefined): void;
};

/** The finished results a check can read: only the ids it declared (needs, after, startsBeside), with their data typed. */
export type Upstream<Reads extends CheckId = CheckId> = {
	// Function properties, not methods: so an Upstream of some ids is no Upstream of others (no bivariance).
	result: (id: Reads) => CheckResult | undefined;
	data: <Id extends Reads>(id: Id) => CheckData[Id] | undefined;
	/** Resolves once these steps have finished: for a check that starts its own work at once and reads the others'
	 * results only at its end (go-confirm declares them in `readsAtEnd`). Absent outside a graph run. */
	settled?: (ids: readonly Reads[]) => Promise<void>;
};

/**
 * Shared things a check reads besides its upstream steps: a fix that changes one re-runs every step that reads it
 * (and their dependents), not only the step that offered the fix.
 */
export type Resource = 'netrc-file' | 'git-config' | 'go-env-file' | 'ssh-config' | 'ca-certificates';

/**
 * What a step is about. `module` (the default): one step per module of the run. `host`: one step per host, shared by
 * every module on that host (repository mode runs many modules in one graph; see engine/steps.ts).
 */
export type CheckScope = 'module' | 'host';

/**
 * One check. `Id` ties its data to CheckData; `Reads` is every id it declares upstream, and the only ids `upstream`
 * accepts. Write checks with `defineCheck` so both are inferred.
 */
export type Check<Id extends CheckId = CheckId, Reads extends CheckId = CheckId> = {
	id: Id;
	title: string;
	/** Checks that must not fail for this one to run; a failed or skipped need makes this one `skip` with `blockedBy`. */
	needs: Reads[];
	/** Needs this check may start beside instead of after, because its own work does not use their data: it
	 * overlaps their round trips; its outcome still becomes `skip` with `blockedBy` when one of them fails. */
	startsBeside?: Reads[];
	/** Checks whose results this one reads if they are there, whatever their status. */
	after?: Reads[];
	/** Checks whose results it reads at its end (through `upstream.settled`), whatever their status: unlike `after`,
	 * it starts without waiting for them, so its own work runs beside theirs (go-confirm). */
	readsAtEnd?: Reads[];
	/** Files and settings it reads that a fix may change (see Resource). */
	reads?: Resource[];
	/** Default `module`; see CheckScope. */
	scope?: CheckScope;
	/** True for the local checks that `--offline` runs. */
	local: boolean;
	/** The route of go's this check judges. It runs as usual, but when a `decidesRoute` check finds that go never
	 * takes that route, its result becomes `skip` ("not on go's route") with that check's reason, never `fail`. */
	route?: GoRoute;
	/** This check decides whether go takes the direct route (its outcome carries `route`). It must not wait for a
	 * check that has a `route`. */
	decidesRoute?: boolean;
	/** Upper bound on the whole check; defaults to a multiple of the network timeout. */
	timeLimitMs?: (options: RunOptions) => number;
	/** What the check is waiting for, for a slow-step hint in the TUI ("gitlab.example.com"). */
	waitingFor?: (options: RunOptions) => string | undefined;
	run(context: CheckContext, upstream: Upstream<Reads>, signal: AbortSignal): Promise<Outcome<CheckData[Id]>>;
};

/** Any check, whatever it reads: what lists of checks and the scheduler hold. */
export type AnyCheck = Check<CheckId, CheckId>;

/** Declares a check with its id and upstream ids inferred, so `upstream.data(id)` is typed and limited to them. */
export function defineCheck<Id extends CheckId, Reads extends CheckId = never>(check: Check<Id, Reads>): Check<Id, Reads> {
	return check;
}

export type EngineEvent =
	/** `subject` only when the run holds several modules or hosts. */
	| {type: 'started'; id: CheckId; at: number; subject?: string}
	| {type: 'finished'; result: CheckResult};

export type RunResult = {
	module: string;
	host: string;
	verdict: Verdict;
	checks: CheckResult[];
};
