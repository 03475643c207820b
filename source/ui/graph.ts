// The shape of the step graph as the list shows it: how deep each step sits (one level below the
// deepest step it needs) and which steps feed which. Pure; built once from the checks.
import type {Check, CheckId} from '../engine/types.js';

export type GraphNode = {
	id: CheckId;
	title: string;
	/** The needs that are part of this run, in list order. */
	needs: CheckId[];
	/** Needs and `after` steps that are part of this run: what the step waits for before it starts. */
	waitsFor: CheckId[];
	/** The steps that need or read this one directly. */
	feeds: CheckId[];
	/** 0 for a step that needs nothing; otherwise one more than its deepest need. */
	depth: number;
};

export function layoutGraph(checks: ReadonlyArray<Pick<Check<any>, 'id' | 'title' | 'needs' | 'after'>>): GraphNode[] {
	const present = new Set(checks.map(check => check.id));
	const depth = new Map<CheckId, number>();
	const depthOf = (id: CheckId, seen: Set<CheckId>): number => {
		const known = depth.get(id);
		if (known !== undefined) return known;
		const check = checks.find(c => c.id === id);
		if (!check || seen.has(id)) return 0; // a cycle is a bug elsewhere; do not loop on it
		seen.add(id);
		const needs = check.needs.filter(need => present.has(need));
		const value = needs.length === 0 ? 0 : 1 + Math.max(...needs.map(need => depthOf(need, seen)));
		depth.set(id, value);
		return value;
	};
	return checks.map(check => ({
		id: check.id,
		title: check.title,
		needs: check.needs.filter(need => present.has(need)),
		waitsFor: [...check.needs, ...(check.after ?? [])].filter(id => present.has(id)),
		feeds: checks.filter(other => other.needs.includes(check.id) || (other.after ?? []).includes(check.id)).map(other => other.id),
		depth: depthOf(check.id, new Set()),
	}));
}

export type Relation = 'selected' | 'feeds-selected' | 'needs-selected' | undefined;

/** Every step that depends on `id`, directly or not, through needs or `after`: what `r` runs again with it (the scheduler's withDependents). */
export function dependentsOf(nodes: readonly GraphNode[], id: CheckId): Set<CheckId> {
	const found = new Set<CheckId>();
	const visit = (from: CheckId) => {
		for (const node of nodes) {
			if (!found.has(node.id) && node.waitsFor.includes(from)) {
				found.add(node.id);
				visit(node.id);
			}
		}
	};
	visit(id);
	return found;
}

/** How each step relates to the selected one: it feeds it directly (▲), or it runs again with it (▼). */
export function relationsTo(nodes: readonly GraphNode[], selected: GraphNode | undefined): Map<CheckId, Relation> {
	const relations = new Map<CheckId, Relation>();
	if (!selected) return relations;
	for (const id of dependentsOf(nodes, selected.id)) relations.set(id, 'needs-selected');
	for (const id of selected.waitsFor) relations.set(id, 'feeds-selected');
	relations.set(selected.id, 'selected');
	return relations;
}
