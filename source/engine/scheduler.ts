// Runs the step graph: every step starts as soon as what it needs has finished, so independent
// steps run at once; results come back in the fixed order of the list, whatever order they finish in.
//
// Several subjects in one graph (repository mode): a step is a check applied to a subject, keyed by check id and
// subject. A `module`-scoped check (the default) becomes one step per module target, a `host`-scoped check one step
// per host, shared by the modules on it; a step's upstream id resolves to the step of that check for the same
// module, or for its host when that check is host-scoped. `runSteps` runs such a graph; `runGraph` is the one-module
// case every renderer uses today, keyed by check id.
import {createRunMemo, type AnyCheck, type Check, type CheckContext, type CheckId, type CheckResult, type EngineEvent, type ModuleTarget, type Outcome, type Resource, type RouteDecision, type RunContext, type Upstream} from './types.js';
import {setMaxListeners} from 'node:events';
import {resolveTarget} from './target.js';
import {EnvironmentProblem} from '../system/environment-problem.js';
import {RunDeadlineReached} from './run-deadline.js';
import {shownResult} from './shown-result.js';

export type Finished = {result: CheckResult; data: unknown; route?: RouteDecision};

/** `go-env gitlab.example.com/group/project`: the check's id and its subject (a module path or a host). */
export type StepKey = string;

export type Step = {key: StepKey; check: AnyCheck; target: ModuleTarget; subject: string};

export type GraphRun = {
	checks: ReadonlyArray<AnyCheck>;
	/** The run's context; each step also gets `target`, resolved from options.module unless given. */
	context: RunContext & {target?: ModuleTarget};
	signal?: AbortSignal;
	onEvent?: (event: EngineEvent) => void;
	/** Results to keep instead of running again (a re-run of some steps keeps the rest). */
	reuse?: ReadonlyMap<CheckId, Finished>;
};

export type StepRun = {
	checks: ReadonlyArray<AnyCheck>;
	targets: ReadonlyArray<ModuleTarget>;
	context: RunContext;
	signal?: AbortSignal;
	/** Events carry `subject` when the run has more than one target. */
	onEvent?: (event: EngineEvent) => void;
	reuse?: ReadonlyMap<StepKey, Finished>;
};

const defaultLocalLimitMs = 15_000;

export function timeLimitOf(check: Pick<AnyCheck, 'local' | 'timeLimitMs'>, context: Pick<RunContext, 'options'>): number {
	if (check.timeLimitMs) return check.timeLimitMs(context.options);
	// A live check makes a few dependent network operations, each bounded by --timeout.
	return check.local ? defaultLocalLimitMs : context.options.timeoutMs * 3 + 2000;
}

export function stepKey(id: CheckId, subject: string): StepKey {
	return `${id} ${subject}`;
}

export function subjectOf(check: Pick<AnyCheck, 'scope'>, target: ModuleTarget): string {
	return check.scope === 'host' ? target.host : target.module;
}

/** Every id a check declares upstream: the only ones it may read. */
export function upstreamIdsOf(check: Pick<AnyCheck, 'needs' | 'after' | 'startsBeside' | 'readsAtEnd'>): CheckId[] {
	return [...new Set([...check.needs, ...(check.after ?? []), ...(check.startsBeside ?? []), ...(check.readsAtEnd ?? [])])];
}

/** The steps of a run: each check for each target, a host-scoped check once per host; in list order, then target order. */
export function planSteps(checks: ReadonlyArray<AnyCheck>, targets: ReadonlyArray<ModuleTarget>): Step[] {
	const steps = new Map<StepKey, Step>();
	for (const check of checks) {
		for (const target of targets) {
			const subject = subjectOf(check, target);
			const key = stepKey(check.id, subject);
			if (!steps.has(key)) steps.set(key, {key, check, target, subject});
		}
	}
	return [...steps.values()];
}

/** Which needs stop a check: a failed need, or one that was itself blocked. A need skipped as
 * "not applicable" (no blockedBy) does not block: the dependent reads what is there. */
export function blockersOf(check: Pick<AnyCheck, 'needs'>, finished: {get(id: CheckId): Finished | undefined}): CheckId[] {
	const blockers = new Set<CheckId>();
	for (const need of check.needs) {
		const result = finished.get(need)?.result;
		if (!result) continue;
		if (result.status === 'fail') blockers.add(need);
		else if (result.status === 'skip' && result.blockedBy.length > 0) blockers.add(need);
	}
	return [...blockers];
}

type RouteFields = Pick<AnyCheck, 'id' | 'needs' | 'after' | 'route' | 'decidesRoute'>;

/** For a check of one of go's routes: the checks that decide whether go takes that route (it waits for their finish). */
export function routeDecidersOf<C extends RouteFields>(check: RouteFields, checks: ReadonlyArray<C>): C[] {
	return check.route ? checks.filter(other => other.decidesRoute && other.id !== check.id) : [];
}

/** Every edge a check waits on: needs, afters and its route's deciders. */
function waitsOn(check: RouteFields, checks: ReadonlyArray<RouteFields>): CheckId[] {
	return [...check.needs, ...(check.after ?? []), ...routeDecidersOf(check, checks).map(decider => decider.id)];
}

/** The first decider that found go never takes this check's route, with its reason. */
export function offRoute(check: RouteFields, checks: ReadonlyArray<RouteFields>, finished: {get(id: CheckId): Finished | undefined}): RouteDecision | undefined {
	for (const decider of routeDecidersOf(check, checks)) {
		const route = finished.get(decider.id)?.route;
		if (route && !route.direct) return route;
	}
	return undefined;
}

/** The checks that depend on `ids`, directly or not, plus `ids` themselves: what a re-run must redo. */
export function withDependents(checks: ReadonlyArray<Pick<AnyCheck, 'id' | 'needs' | 'after'> & Partial<Pick<AnyCheck, 'route' | 'decidesRoute' | 'readsAtEnd'>>>, ids: readonly CheckId[]): Set<CheckId> {
	const selected = new Set<CheckId>(ids);
	let grew = true;
	while (grew) {
		grew = false;
		for (const check of checks) {
			if (selected.has(check.id)) continue;
			if ([...waitsOn(check, checks), ...(check.readsAtEnd ?? [])].some(id => selected.has(id))) {
				selected.add(check.id);
				grew = true;
			}
		}
	}
	return selected;
}

/** What a change to `resources` (a fix wrote .netrc or git config) makes a re-run redo: each step that reads one, and its dependents. */
export function readersOf(checks: ReadonlyArray<Pick<AnyCheck, 'id' | 'needs' | 'after' | 'reads'>>, resources: readonly Resource[]): Set<CheckId> {
	const readers = checks.filter(check => (check.reads ?? []).some(resource => resources.includes(resource))).map(check => check.id);
	return withDependents(checks, readers);
}

/** The upstream edges (needs, after, route deciders and readsAtEnd) must form no cycle: a cycle would wait forever. */
export function findCycle(checks: ReadonlyArray<Pick<AnyCheck, 'id' | 'needs' | 'after'> & Partial<Pick<AnyCheck, 'route' | 'decidesRoute' | 'readsAtEnd'>>>): CheckId[] | undefined {
	const byId = new Map(checks.map(check => [check.id, check]));
	const state = new Map<CheckId, 'visiting' | 'done'>();
	const path: CheckId[] = [];
	const visit = (id: CheckId): CheckId[] | undefined => {
		if (state.get(id) === 'done') return undefined;
		if (state.get(id) === 'visiting') return [...path.slice(path.indexOf(id)), id];
		state.set(id, 'visiting');
		path.push(id);
		const check = byId.get(id)!;
		for (const upstream of [...waitsOn(check, checks), ...(check.readsAtEnd ?? [])]) {
			if (!byId.has(upstream)) continue;
			const cycle = visit(upstream);
			if (cycle) return cycle;
		}
		path.pop();
		state.set(id, 'done');
		return undefined;
	};
	for (const check of checks) {
		const cycle = visit(check.id);
		if (cycle) return cycle;
	}
	return undefined;
}

/** One module's graph, keyed by check id: what every renderer and the TUI run today. */
export async function runGraph(run: GraphRun): Promise<Map<CheckId, Finished>> {
	const target = run.context.target ?? resolveTarget(run.context.options.module);
	const {target: _ignored, ...context} = run.context;
	const keyOf = (id: CheckId) => stepKey(id, subjectOf({scope: run.checks.find(check => check.id === id)?.scope}, target));
	const reuse = run.reuse && new Map([...run.reuse].map(([id, entry]) => [keyOf(id), entry]));
	const finished = await runSteps({checks: run.checks, targets: [target], context, signal: run.signal, onEvent: run.onEvent, ...(reuse ? {reuse} : {})});
	const byId = new Map<CheckId, Finished>();
	for (const check of run.checks) {
		const entry = finished.get(keyOf(check.id));
		if (entry) byId.set(check.id, entry);
	}
	return byId;
}

export async function runSteps(run: StepRun): Promise<Map<StepKey, Finished>> {
	const {checks, signal} = run;
	const cycle = findCycle(checks);
	if (cycle) throw new Error(`the step graph has a cycle: ${cycle.join(' → ')}`);
	const several = run.targets.length > 1;
	const steps = planSteps(checks, run.targets);
	// Every running step listens on the run's signal: dozens at once in a repository are expected, not a leak.
	if (signal) setMaxListeners(steps.length + 10, signal);
	const byKey = new Map(steps.map(step => [step.key, step]));
	const checkById = new Map(checks.map(check => [check.id, check]));
	const finished = new Map<StepKey, Finished>();
	const pending = new Map<StepKey, Promise<void>>();
	// One context per target, so per-module memos (the Go-like git repository) are shared by that target's steps;
	// perRun is the whole run's (the .netrc read).
	const contexts = new Map<ModuleTarget, CheckContext>();
	const cleanups: Array<() => Promise<void>> = [];
	const atRunEnd = (cleanup: () => Promise<void>) => void cleanups.push(cleanup);
	const perRun = run.context.perRun ?? createRunMemo();
	const contextOf = (target: ModuleTarget): CheckContext => {
		let context = contexts.get(target);
		if (!context) {
			// options.module too, so a check that reads it sees its own module in a run of many.
			context = {...run.context, options: {...run.context.options, module: target.module}, target, atRunEnd, perRun};
			contexts.set(target, context);
		}
		return context;
	};
	const onEvent = run.onEvent && ((event: EngineEvent, step: Step) => run.onEvent!(several ? {...event, subject: step.subject} as EngineEvent : event));

	/** The step an upstream id of `step` names: that check for the same module, or for its host. */
	const upstreamKey = (step: Step, id: CheckId): StepKey | undefined => {
		const check = checkById.get(id);
		return check ? stepKey(id, subjectOf(check, step.target)) : undefined;
	};
	const finishedFor = (step: Step) => ({get: (id: CheckId) => {
		const key = upstreamKey(step, id);
		return key === undefined ? undefined : finished.get(key);
	}});
	const upstreamFor = (step: Step): Upstream => {
		const declared = new Set(upstreamIdsOf(step.check));
		const read = finishedFor(step);
		// Only declared ids answer, at run time as in the types: an undeclared read is a bug, not a race.
		return {
			result: id => (declared.has(id) ? read.get(id)?.result : undefined),
			data: id => (declared.has(id) ? read.get(id)?.data : undefined) as never,
			settled: async ids => {
				const keys = ids.filter(id => declared.has(id)).map(id => upstreamKey(step, id)).filter((key): key is StepKey => key !== undefined && byKey.has(key));
				await Promise.all(keys.map(key => start(byKey.get(key)!)));
			},
		};
	};

	const settle = (step: Step, entry: Finished) => {
		const result = several ? {...entry.result, subject: step.subject} : entry.result;
		const settled = {...entry, result};
		finished.set(step.key, settled);
		onEvent?.({type: 'finished', result}, step);
	};

	const readOffRoute = (id: CheckId) => checks.some(other => !other.route && [...other.needs, ...(other.after ?? [])].includes(id));

	const start = (step: Step): Promise<void> => {
		const existing = pending.get(step.key);
		if (existing) return existing;
		const {check} = step;
		const promise = (async () => {
			const reused = run.reuse?.get(step.key);
			const beside = new Set<CheckId>(check.startsBeside ?? []);
			const upstreamOf = (ids: CheckId[]) =>
				ids.map(id => upstreamKey(step, id)).filter((key): key is StepKey => key !== undefined && byKey.has(key)).map(key => start(byKey.get(key)!));
			// A check of one of go's routes runs beside the checks deciding that route; its result waits for them.
			const besideDone = Promise.all(upstreamOf([...beside, ...routeDecidersOf(check, checks).map(decider => decider.id)]));
			await Promise.all(upstreamOf([...check.needs, ...(check.after ?? [])].filter(id => !beside.has(id))));
			const needsOf = finishedFor(step);
			if (reused) {
				await besideDone;
				finished.set(step.key, reused);
				return;
			}
			const blockedBy = blockersOf(check, needsOf);
			if (blockedBy.length > 0) {
				await besideDone;
				const route = offRoute(check, checks, needsOf);
				settle(step, {result: route ? notOnRoute(check, route, 0) : skipped(check, `blocked by ${blockedBy.join(', ')}`, blockedBy), data: undefined});
				return;
			}
			const decided = offRoute(check, checks, needsOf);
			// Off go's route the step is shown as skipped, but a check outside the routes may still need what it sees
			// (private-module learns from GitLab's anonymous go-get answer whether the project is public): then it runs.
			if (decided && !readOffRoute(check.id)) {
				await besideDone;
				settle(step, {result: notOnRoute(check, decided, 0), data: undefined});
				return;
			}
			if (signal?.aborted) {
				await besideDone;
				const why = signal.reason instanceof RunDeadlineReached ? `not started: ${signal.reason.message}` : 'cancelled before it started';
				settle(step, {result: skipped(check, why, []), data: undefined});
				return;
			}
			// A need it started beside that fails stops it at once; its result then says what blocked it.
			const stop = new AbortController();
			const onAbort = () => stop.abort(signal?.reason);
			signal?.addEventListener('abort', onAbort, {once: true});
			void besideDone.then(() => {
				if (blockersOf(check, needsOf).length > 0) stop.abort(new Error('blocked'));
			});
			const entry = await runOne(check, contextOf(step.target), upstreamFor(step), stop.signal, onEvent && (event => onEvent(event, step)));
			signal?.removeEventListener('abort', onAbort);
			await besideDone;
			const lateBlockers = blockersOf(check, needsOf);
			const route = offRoute(check, checks, needsOf);
			settle(
				step,
				route
					? {result: notOnRoute(check, route, entry.result.durationMs), data: readOffRoute(check.id) ? entry.data : undefined}
					: lateBlockers.length > 0
						? {result: {...skipped(check, `blocked by ${lateBlockers.join(', ')}`, lateBlockers), durationMs: entry.result.durationMs}, data: undefined}
						: entry,
			);
		})();
		pending.set(step.key, promise);
		return promise;
	};

	try {
		await Promise.all(steps.map(step => start(step)));
	} finally {
		await Promise.all(cleanups.map(cleanup => cleanup().catch(() => {})));
	}
	return finished;
}

async function runOne(
	check: AnyCheck,
	context: CheckContext,
	upstream: Upstream,
	parentSignal: AbortSignal | undefined,
	onEvent: ((event: EngineEvent) => void) | undefined,
): Promise<Finished> {
	const startedAt = context.system.now();
	onEvent?.({type: 'started', id: check.id, at: startedAt});
	const limitMs = timeLimitOf(check, context);
	const controller = new AbortController();
	const onParentAbort = () => controller.abort(parentSignal?.reason);
	parentSignal?.addEventListener('abort', onParentAbort, {once: true});
	let timer: NodeJS.Timeout | undefined;
	const timeLimit = new Promise<Outcome>(resolve => {
		timer = setTimeout(() => {
			controller.abort(new Error('time limit'));
			resolve({
				status: 'fail',
				reason: 'step-time-limit',
				summary: `did not finish within ${formatSeconds(limitMs)} (its time limit)`,
				details: ['The step was stopped; a slow network or a program that never answers is the usual cause.'],
			});
		}, limitMs);
	});
	const cancelled = new Promise<Outcome>(resolve => {
		controller.signal.addEventListener('abort', () => {
			if (!parentSignal?.aborted) return;
			// Unfinished at the run's deadline is a failure of this step, as its own time limit would be.
			const reason: unknown = parentSignal.reason;
			resolve(
				reason instanceof RunDeadlineReached
					? {status: 'fail', reason: 'run-deadline', summary: `did not finish: ${reason.message}`, details: ['The run was stopped here so that it ends; a slow network or a program that never answers is the usual cause.']}
					: {status: 'skip', summary: 'cancelled'},
			);
		});
	});

	let outcome: Outcome;
	try {
		outcome = await Promise.race([check.run(context, upstream, controller.signal), timeLimit, cancelled]);
	} catch (error) {
		outcome =
			error instanceof EnvironmentProblem
				? {status: 'fail', reason: 'environment-problem', summary: error.message, details: ["This machine's setup stopped the step before it could ask anything."]}
				: {
						status: 'fail',
						reason: 'internal-error',
						summary: `internal error in this check: ${messageOf(error)}`,
						details: ['This is a bug in gitlab-go-check, not in your setup; the other checks are not affected.'],
					};
	} finally {
		clearTimeout(timer);
		parentSignal?.removeEventListener('abort', onParentAbort);
	}
	if (!controller.signal.aborted) controller.abort(new Error('finished'));

	// The boundary where text from outside (server answers, files, the environment) becomes a result: control
	// characters are escaped and very long text cut here, once, for every writer (output/terminal-text.ts).
	return {
		result: shownResult({
			id: check.id,
			title: check.title,
			status: outcome.status,
			summary: outcome.summary,
			details: outcome.details ?? [],
			evidence: outcome.evidence ?? {},
			// `safe` means the tool can apply it (TUI `f`): only a fix with actions can be, whatever a check wrote.
			fixes: (outcome.fixes ?? []).map(fix => (fix.safe && !(fix.actions && fix.actions.length > 0) ? {...fix, safe: false} : fix)),
			blockedBy: [],
			durationMs: Math.max(0, Math.round(context.system.now() - startedAt)),
			...(outcome.facts ? {facts: outcome.facts} : {}),
			...(outcome.reason && (outcome.status === 'fail' || outcome.status === 'warn') ? {reason: outcome.reason} : {}),
		}),
		data: outcome.data,
		...(check.decidesRoute && outcome.route ? {route: outcome.route} : {}),
	};
}

/** A check of a route go never takes: `skip`, with the deciding check's reason, never `fail`. */
function notOnRoute(check: Pick<Check, 'id' | 'title'>, route: RouteDecision, durationMs: number): CheckResult {
	// The reason carries the decider's words about a proxy's answer: shown safely, like every result.
	return shownResult({...skipped(check, `not on go's route: ${route.summary}`, []), details: route.details, durationMs});
}

function skipped(check: Pick<Check, 'id' | 'title'>, summary: string, blockedBy: CheckId[]): CheckResult {
	return {
		id: check.id,
		title: check.title,
		status: 'skip',
		summary,
		details: [],
		evidence: {},
		fixes: [],
		blockedBy,
		durationMs: 0,
	};
}

function messageOf(error: unknown): string {
	if (error instanceof Error) return error.message;
	return String(error);
}

export function formatSeconds(ms: number): string {
	if (ms < 1000) return `${Math.round(ms)} ms`;
	const seconds = ms / 1000;
	return `${Number.isInteger(seconds) ? seconds : seconds.toFixed(1)} s`;
}
