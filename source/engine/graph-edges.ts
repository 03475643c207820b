// The edges of the step graph, by check: what a check may read and waits on, what blocks it, whether go's route
// reaches it, what a re-run must redo, and that no cycle exists. The scheduler (scheduler.ts) runs on these.
import type {AnyCheck, CheckId, CheckResult, Resource, RouteDecision} from './types.js';

export type Finished = {result: CheckResult; data: unknown; route?: RouteDecision};

/** Every id a check declares upstream: the only ones it may read. */
export function upstreamIdsOf(check: Pick<AnyCheck, 'needs' | 'after' | 'startsBeside' | 'readsAtEnd'>): CheckId[] {
	return [...new Set([...check.needs, ...(check.after ?? []), ...(check.startsBeside ?? []), ...(check.readsAtEnd ?? [])])];
}

/** Which needs stop a check: a failed need, or one that was itself blocked. A need skipped as
 * "not applicable" (no blockedBy) does not block: the dependent reads what is there. */
export function blockersOf(check: Pick<AnyCheck, 'needs'>, finished: {get(id: CheckId): Finished | undefined}): CheckId[] {
	return [...new Set(check.needs.filter(need => blocks(finished.get(need)?.result)))];
}

export function blocks(result: CheckResult | undefined): boolean {
	return result !== undefined && (result.status === 'fail' || (result.status === 'skip' && result.blockedBy.length > 0));
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
