// Runs the step graph: every check starts as soon as what it needs has finished, so independent
// checks run at once; results come back in the fixed order of the list, whatever order they finish in.
import type {Check, CheckContext, CheckId, CheckResult, EngineEvent, Outcome, Upstream} from './types.js';

export type Finished = {result: CheckResult; data: unknown};

export type GraphRun = {
	checks: ReadonlyArray<Check<any>>;
	context: CheckContext;
	signal?: AbortSignal;
	onEvent?: (event: EngineEvent) => void;
	/** Results to keep instead of running again (a re-run of some steps keeps the rest). */
	reuse?: ReadonlyMap<CheckId, Finished>;
};

const defaultLocalLimitMs = 15_000;

export function timeLimitOf(check: Check<any>, context: CheckContext): number {
	if (check.timeLimitMs) return check.timeLimitMs(context.options);
	// A live check makes a few dependent network operations, each bounded by --timeout.
	return check.local ? defaultLocalLimitMs : context.options.timeoutMs * 3 + 2000;
}

/** Which needs stop a check: a failed need, or one that was itself blocked. A need skipped as
 * "not applicable" (no blockedBy) does not block: the dependent reads what is there. */
export function blockersOf(check: Check<any>, finished: ReadonlyMap<CheckId, Finished>): CheckId[] {
	const blockers = new Set<CheckId>();
	for (const need of check.needs) {
		const result = finished.get(need)?.result;
		if (!result) continue;
		if (result.status === 'fail') blockers.add(need);
		else if (result.status === 'skip' && result.blockedBy.length > 0) blockers.add(need);
	}
	return [...blockers];
}

/** The checks that depend on `ids`, directly or not, plus `ids` themselves: what a re-run must redo. */
export function withDependents(checks: ReadonlyArray<Check<any>>, ids: readonly CheckId[]): Set<CheckId> {
	const selected = new Set<CheckId>(ids);
	let grew = true;
	while (grew) {
		grew = false;
		for (const check of checks) {
			if (selected.has(check.id)) continue;
			const upstream = [...check.needs, ...(check.after ?? [])];
			if (upstream.some(id => selected.has(id))) {
				selected.add(check.id);
				grew = true;
			}
		}
	}
	return selected;
}

/** The upstream edges (needs and after) must form no cycle: a cycle would wait forever. */
export function findCycle(checks: ReadonlyArray<Check<any>>): CheckId[] | undefined {
	const byId = new Map(checks.map(check => [check.id, check]));
	const state = new Map<CheckId, 'visiting' | 'done'>();
	const path: CheckId[] = [];
	const visit = (id: CheckId): CheckId[] | undefined => {
		if (state.get(id) === 'done') return undefined;
		if (state.get(id) === 'visiting') return [...path.slice(path.indexOf(id)), id];
		state.set(id, 'visiting');
		path.push(id);
		const check = byId.get(id)!;
		for (const upstream of [...check.needs, ...(check.after ?? [])]) {
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

export async function runGraph(run: GraphRun): Promise<Map<CheckId, Finished>> {
	const {checks, context, signal, onEvent} = run;
	const cycle = findCycle(checks);
	if (cycle) throw new Error(`the step graph has a cycle: ${cycle.join(' → ')}`);
	const known = new Set(checks.map(check => check.id));
	const finished = new Map<CheckId, Finished>();
	const pending = new Map<CheckId, Promise<void>>();

	const upstream: Upstream = {
		result: id => finished.get(id)?.result,
		data: <Data>(id: CheckId) => finished.get(id)?.data as Data | undefined,
		settled: async ids => {
			await Promise.all(ids.filter(id => known.has(id)).map(id => start(checks.find(c => c.id === id)!)));
		},
	};

	const settle = (entry: Finished) => {
		finished.set(entry.result.id, entry);
		onEvent?.({type: 'finished', result: entry.result});
	};

	const start = (check: Check<any>): Promise<void> => {
		const existing = pending.get(check.id);
		if (existing) return existing;
		const promise = (async () => {
			const reused = run.reuse?.get(check.id);
			const beside = new Set(check.startsBeside ?? []);
			const upstreamOf = (ids: CheckId[]) => ids.filter(id => known.has(id)).map(id => start(checks.find(c => c.id === id)!));
			const besideDone = Promise.all(upstreamOf([...beside]));
			await Promise.all(upstreamOf([...check.needs, ...(check.after ?? [])].filter(id => !beside.has(id))));
			if (reused) {
				await besideDone;
				finished.set(check.id, reused);
				return;
			}
			const blockedBy = blockersOf(check, finished);
			if (blockedBy.length > 0) {
				await besideDone;
				settle({result: skipped(check, `blocked by ${blockedBy.join(', ')}`, blockedBy), data: undefined});
				return;
			}
			if (signal?.aborted) {
				await besideDone;
				settle({result: skipped(check, 'cancelled before it started', []), data: undefined});
				return;
			}
			// A need it started beside that fails stops it at once; its result then says what blocked it.
			const stop = new AbortController();
			const onAbort = () => stop.abort(signal?.reason);
			signal?.addEventListener('abort', onAbort, {once: true});
			void besideDone.then(() => {
				if (blockersOf(check, finished).length > 0) stop.abort(new Error('blocked'));
			});
			const entry = await runOne(check, context, upstream, stop.signal, onEvent);
			signal?.removeEventListener('abort', onAbort);
			await besideDone;
			const lateBlockers = blockersOf(check, finished);
			settle(
				lateBlockers.length > 0
					? {result: {...skipped(check, `blocked by ${lateBlockers.join(', ')}`, lateBlockers), durationMs: entry.result.durationMs}, data: undefined}
					: entry,
			);
		})();
		pending.set(check.id, promise);
		return promise;
	};

	await Promise.all(checks.map(check => start(check)));
	return finished;
}

async function runOne(
	check: Check<any>,
	context: CheckContext,
	upstream: Upstream,
	parentSignal: AbortSignal | undefined,
	onEvent: GraphRun['onEvent'],
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
				summary: `did not finish within ${formatSeconds(limitMs)} (its time limit)`,
				details: ['The step was stopped; a slow network or a program that never answers is the usual cause.'],
			});
		}, limitMs);
	});
	const cancelled = new Promise<Outcome>(resolve => {
		controller.signal.addEventListener('abort', () => {
			if (parentSignal?.aborted) resolve({status: 'skip', summary: 'cancelled'});
		});
	});

	let outcome: Outcome;
	try {
		outcome = await Promise.race([check.run(context, upstream, controller.signal), timeLimit, cancelled]);
	} catch (error) {
		outcome = {
			status: 'fail',
			summary: `internal error in this check: ${messageOf(error)}`,
			details: ['This is a bug in gitlab-go-check, not in your setup; the other checks are not affected.'],
		};
	} finally {
		clearTimeout(timer);
		parentSignal?.removeEventListener('abort', onParentAbort);
	}
	if (!controller.signal.aborted) controller.abort(new Error('finished'));

	return {
		result: {
			id: check.id,
			title: check.title,
			status: outcome.status,
			summary: outcome.summary,
			details: outcome.details ?? [],
			evidence: outcome.evidence ?? {},
			fixes: outcome.fixes ?? [],
			blockedBy: [],
			durationMs: Math.max(0, Math.round(context.system.now() - startedAt)),
		},
		data: outcome.data,
	};
}

function skipped(check: Check<any>, summary: string, blockedBy: CheckId[]): CheckResult {
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
