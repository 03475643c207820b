// Every run ends: after its deadline the steps still running stop, the result says which ones did not finish,
// and the tool prints what it has and exits. Each step has its own time limit; this bounds their sum, for a
// hook or a CI job that must never hang.
import type {RunOptions} from './types.js';

/** The abort reason when the run's deadline passes (a person's Ctrl-C is any other reason). */
export class RunDeadlineReached extends Error {
	constructor(readonly limitMs: number) {
		super(`the run's deadline of ${Math.round(limitMs / 1000)} s passed`);
	}
}

/** Ten network timeouts and ten seconds for the local steps: 110 s by default, 20 s with --timeout 1. */
export function runDeadlineMs(options: Pick<RunOptions, 'timeoutMs'>): number {
	return options.timeoutMs * 10 + 10_000;
}

/** Aborts `controller` with RunDeadlineReached after `limitMs`; the returned function cancels that. */
export function startRunDeadline(controller: AbortController, limitMs: number): () => void {
	const timer = setTimeout(() => controller.abort(new RunDeadlineReached(limitMs)), limitMs);
	timer.unref();
	return () => clearTimeout(timer);
}
