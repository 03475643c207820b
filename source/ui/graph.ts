// The shape of the step graph as the list shows it: the stage each step sits in (never before a stage of a step it
// needs), which steps feed which, and how deep each sits. Pure; built once from the checks.
import type {Check, CheckId} from '../engine/types.js';

/** The stages of `go get`, in the order the list shows them. */
export const stages = [
	{id: 'local', title: 'Local settings'},
	{id: 'host', title: 'The GitLab host'},
	{id: 'discovery', title: 'Discovery (?go-get=1)'},
	{id: 'git', title: 'git'},
	{id: 'proxy', title: 'Module proxy'},
	{id: 'confirm', title: 'The real go'},
] as const;

export type StageId = (typeof stages)[number]['id'];

/** Where a step belongs by what it asks about; the graph may push it later (see layoutGraph). */
const homeStage: Partial<Record<CheckId, StageId>> = {
	'go-env': 'local',
	'private-module': 'local',
	'module-path': 'local',
	netrc: 'local',
	https: 'host',
	token: 'host',
	'go-import': 'discovery',
	'git-route': 'git',
	'git-auth': 'git',
	'git-access': 'git',
	'geo-secondary': 'git',
	'go-proxy': 'proxy',
	'go-confirm': 'confirm',
};

const stageIndex = (id: StageId) => stages.findIndex(stage => stage.id === id);

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
	/** Its home stage, or the latest stage of what it needs when that is later: a stage never shows a step before one it needs. */
	stage: StageId;
};

type GraphCheck = Pick<Check<any>, 'id' | 'title' | 'needs' | 'after'> & {local?: boolean};

/** The nodes, grouped by stage in stage order and in the checks' order within a stage. */
export function layoutGraph(checks: ReadonlyArray<GraphCheck>): GraphNode[] {
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
	const stage = new Map<CheckId, number>();
	const stageOf = (id: CheckId, seen: Set<CheckId>): number => {
		const known = stage.get(id);
		if (known !== undefined) return known;
		const check = checks.find(c => c.id === id);
		if (!check || seen.has(id)) return 0;
		seen.add(id);
		const needs = check.needs.filter(need => present.has(need)).map(need => stageOf(need, seen));
		// A check without a home (a new one) goes with the latest stage it needs, or by whether it works offline.
		const home = homeStage[id] ?? (needs.length > 0 ? undefined : check.local === false ? 'host' : 'local');
		const value = Math.max(home === undefined ? 0 : stageIndex(home), ...needs);
		stage.set(id, value);
		return value;
	};
	const nodes = checks.map((check, order) => ({
		order,
		node: {
			id: check.id,
			title: check.title,
			needs: check.needs.filter(need => present.has(need)),
			waitsFor: [...check.needs, ...(check.after ?? [])].filter(id => present.has(id)),
			feeds: checks.filter(other => other.needs.includes(check.id) || (other.after ?? []).includes(check.id)).map(other => other.id),
			depth: depthOf(check.id, new Set()),
			stage: stages[stageOf(check.id, new Set())]!.id,
		},
	}));
	return nodes.sort((a, b) => stageIndex(a.node.stage) - stageIndex(b.node.stage) || a.order - b.order).map(entry => entry.node);
}

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
