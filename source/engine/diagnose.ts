// One diagnosis: pick the checks for the mode, run the graph, and build the result model.
import {runGraph, type Finished} from './scheduler.js';
import type {AnyCheck, CheckId, EngineEvent, ModuleTarget, RunContext, RunResult, Status, Verdict} from './types.js';

export type Diagnosis = {
	checks: ReadonlyArray<AnyCheck>;
	context: RunContext & {target?: ModuleTarget};
	host: string;
	signal?: AbortSignal;
	onEvent?: (event: EngineEvent) => void;
	reuse?: ReadonlyMap<CheckId, Finished>;
};

/** `--offline` runs only the local checks; the others are not part of the run at all. */
export function checksForMode(checks: ReadonlyArray<AnyCheck>, offline: boolean): Array<AnyCheck> {
	return offline ? checks.filter(check => check.local) : [...checks];
}

const severity: Record<Status, number> = {skip: 0, pass: 0, warn: 1, fail: 2};

/** The verdict of a run is its worst status; a skip neither passes nor fails anything. */
export function verdictOf(statuses: Iterable<Status>): Verdict {
	let worst: Verdict = 'pass';
	for (const status of statuses) {
		if (severity[status] > severity[worst]) worst = status as Verdict;
	}
	return worst;
}

export function resultOf(module: string, host: string, checks: ReadonlyArray<AnyCheck>, finished: ReadonlyMap<CheckId, Finished>): RunResult {
	const results = checks.map(check => finished.get(check.id)!.result);
	return {module, host, verdict: verdictOf(results.map(result => result.status)), checks: results};
}

export async function diagnose(diagnosis: Diagnosis): Promise<{result: RunResult; finished: Map<CheckId, Finished>}> {
	const finished = await runGraph(diagnosis);
	return {result: resultOf(diagnosis.context.options.module, diagnosis.host, diagnosis.checks, finished), finished};
}
