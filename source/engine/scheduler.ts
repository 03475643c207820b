// Runs the step graph: every step starts as soon as what it needs has finished, so independent
// steps run at once; results come back in the fixed order of the list, whatever order they finish in.
//
// Several subjects in one graph (repository mode): a step is a check applied to a subject, keyed by check id and
// subject. A `module`-scoped check (the default) becomes one step per module target, a `host`-scoped check one step
// per host, shared by the modules on it; a step's upstream id resolves to the step of that check for the same
// module, or for its host when that check is host-scoped. A host step's module-scoped upstream id resolves to that
// check for every module on the host (Upstream.each), so no host judgement depends on which module came first.
// `runSteps` runs such a graph; `runGraph` is the one-module case every renderer uses today, keyed by check id.
// The graph's edges (what waits on what, blocks, route, re-runs, cycles) live in graph-edges.ts.
import {createRunMemo, type AnyCheck, type Check, type CheckContext, type CheckId, type CheckResult, type EngineEvent, type ModuleTarget, type Outcome, type RouteDecision, type RunContext, type Upstream} from './types.js';
import {setMaxListeners} from 'node:events';
import {resolveTarget} from './target.js';
import {EnvironmentProblem} from '../system/environment-problem.js';
import {RunDeadlineReached} from './run-deadline.js';
import {shownResult} from './shown-result.js';
import {blockersOf, blocks, findCycle, offRoute, routeDecidersOf, upstreamIdsOf, type Finished} from './graph-edges.js';

/** Listeners one signal may have before Node warns of a leak: a step's fan-out, not a leak. */
const stepSignalListeners = 1000;

export {blockersOf, findCycle, offRoute, readersOf, routeDecidersOf, upstreamIdsOf, withDependents, type Finished} from './graph-edges.js';

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

/** The module targets of a run by host, in the run's order. */
function membersByHost(targets: ReadonlyArray<ModuleTarget>): Map<string, ModuleTarget[]> {
	const byHost = new Map<string, ModuleTarget[]>();
	for (const target of targets) {
		const members = byHost.get(target.host) ?? [];
		if (!members.some(member => member.module === target.module)) members.push(target);
		byHost.set(target.host, members);
	}
	return byHost;
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
	if (signal) setMaxListeners(steps.length + stepSignalListeners, signal);
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

	const hostMembers = membersByHost(run.targets);
	/** One module's view: the step of check `id` for that module, or for its host. */
	const finishedForTarget = (target: ModuleTarget) => ({get: (id: CheckId) => {
		const check = checkById.get(id);
		return check ? finished.get(stepKey(id, subjectOf(check, target))) : undefined;
	}});
	/** The modules a step answers for: its own; for a host step, every module on its host. */
	const membersOf = (step: Step): ModuleTarget[] => (step.check.scope === 'host' ? hostMembers.get(step.subject) ?? [step.target] : [step.target]);
	/** Of those, the modules that reach the step: for a check of go's direct route, those go fetches directly (a
	 * decider not finished yet counts as reaching); when none does, all of them (the step is then off the route). */
	const reachingOf = (step: Step): ModuleTarget[] => {
		const members = membersOf(step);
		if (members.length < 2 || !step.check.route) return members;
		const reaching = members.filter(target => !offRoute(step.check, checks, finishedForTarget(target)));
		return reaching.length > 0 ? reaching : members;
	};
	/** The steps an upstream id of `step` names: that check for the same module, or for its host; for a host step,
	 * a module-scoped id names that check for every module on the host. */
	const upstreamKeys = (step: Step, id: CheckId): StepKey[] => {
		const check = checkById.get(id);
		if (!check) return [];
		const targets = check.scope === 'host' ? [step.target] : membersOf(step);
		return targets.map(target => stepKey(id, subjectOf(check, target))).filter(key => byKey.has(key));
	};
	const entriesFor = (step: Step, id: CheckId): Array<{target: ModuleTarget; entry: Finished}> =>
		reachingOf(step).flatMap(target => {
			const entry = finishedForTarget(target).get(id);
			return entry ? [{target, entry}] : [];
		});
	// For a host step, one answer per id stands for its modules: the first that did not block (a need blocks the
	// host's step only when it blocks for every module that reaches it).
	const finishedFor = (step: Step) => ({get: (id: CheckId): Finished | undefined => {
		if (step.check.scope !== 'host' || checkById.get(id)?.scope === 'host') return finishedForTarget(step.target).get(id);
		const entries = entriesFor(step, id).map(each => each.entry);
		return entries.find(entry => !blocks(entry.result)) ?? entries[0];
	}});
	const upstreamFor = (step: Step): Upstream => {
		const declared = new Set(upstreamIdsOf(step.check));
		const read = finishedFor(step);
		// Only declared ids answer, at run time as in the types: an undeclared read is a bug, not a race.
		return {
			result: id => (declared.has(id) ? read.get(id)?.result : undefined),
			data: id => (declared.has(id) ? read.get(id)?.data : undefined) as never,
			settled: async ids => {
				const keys = ids.filter(id => declared.has(id)).flatMap(id => upstreamKeys(step, id));
				await Promise.all(keys.map(key => start(byKey.get(key)!)));
			},
			each: id => (declared.has(id) ? entriesFor(step, id).map(({target, entry}) => ({target, result: entry.result, data: entry.data as never})) : []),
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
			const upstreamOf = (ids: CheckId[]) => ids.flatMap(id => upstreamKeys(step, id)).map(key => start(byKey.get(key)!));
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
	// A step may ask many things at once with its signal (the token step, one request per module of its host).
	setMaxListeners(stepSignalListeners, controller.signal);
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
			...(outcome.concerns && (outcome.status === 'fail' || outcome.status === 'warn') ? {concerns: outcome.concerns} : {}),
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
