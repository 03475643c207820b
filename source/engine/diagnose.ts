// One diagnosis: pick the checks for the mode, run the graph, and build the result model.
import {runGraph, type Finished} from './scheduler.js';
import type {GoConfirmData} from './check-data.js';
import type {AnyCheck, CheckId, CheckResult, EngineEvent, ModuleTarget, RunContext, RunResult, Status, Verdict} from './types.js';

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
	const results = reconcileWithGo(checks.map(check => finished.get(check.id)!.result), finished.get('go-confirm')?.data as GoConfirmData | undefined);
	return {module, host, verdict: verdictOf(results.map(result => result.status)), checks: results};
}

/**
 * When the real go succeeded, a failed check stays failed only as a real risk (go-confirm judged it with
 * rules/risk-when-go-works.ts); one that disagrees with go becomes a warning that says so, so that the verdict is not
 * "fail" for a go get that works. The check keeps its reason code.
 */
export function reconcileWithGo(results: CheckResult[], confirm: GoConfirmData | undefined): CheckResult[] {
	if (!confirm?.ok || !confirm.disagreements || confirm.disagreements.length === 0) return results;
	const disagreeing = new Set(confirm.disagreements.map(d => d.id));
	return results.map(result =>
		result.status === 'fail' && disagreeing.has(result.id)
			? {
					...result,
					status: 'warn',
					details: [`The real go succeeds here (go-confirm resolved ${confirm.version ?? confirm.target}): this failure does not stop go get today, so the check and go disagree. Shown as a warning; please file the case with a report (--report FILE).`, ...result.details],
				}
			: result,
	);
}

export async function diagnose(diagnosis: Diagnosis): Promise<{result: RunResult; finished: Map<CheckId, Finished>}> {
	const finished = await runGraph(diagnosis);
	return {result: resultOf(diagnosis.context.options.module, diagnosis.host, diagnosis.checks, finished), finished};
}

/** True when the only failures are that the module's host cannot be reached now (DNS, refused, timeout, proxy
 * down: the https and git-access checks mark it): the run then exits 3, not 1, so that a hook can let a commit
 * through. Any other failure is a real finding. */
export function onlyUnreachable(result: RunResult): boolean {
	const failed = result.checks.filter(check => check.status === 'fail');
	// git failing to connect counts only when Go cannot reach the host either (git's own proxy setting is a finding).
	const hostDown = failed.some(check => check.id === 'https' && check.evidence['unreachable'] === true);
	return hostDown && failed.every(check => check.evidence['unreachable'] === true);
}
