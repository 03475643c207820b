// One interactive session, without React: the parts that run the step graph (step-runs.ts), apply fixes
// (fix-flow.ts), copy (copy-fix.ts) and save reports (report-saving.ts), behind one object the components and the
// keyboard (perform-command.ts) call. All of it is testable without Ink.
import {exitStatus} from '../options.js';
import type {CheckId, Fix} from '../engine/types.js';
import {copyFix} from './copy-fix.js';
import {FixFlow} from './fix-flow.js';
import type {KeyResult} from './key-bindings.js';
import {performCommand} from './perform-command.js';
import {ReportSaving} from './report-saving.js';
import {exitStatusOf, isRunning, type Action, type AppState} from './run-state.js';
import {SessionCore} from './session-core.js';
import type {SessionOptions} from './session-options.js';
import {StepRuns} from './step-runs.js';
import type {Store} from './store.js';

export {defaultReportFile, type FixPlanLike, type FixPlanner, type SessionOptions} from './session-options.js';

export class Session {
	readonly #core = new SessionCore();
	readonly #options: SessionOptions;
	readonly #runs: StepRuns;
	readonly #fixes: FixFlow;
	readonly #reports: ReportSaving;
	#interrupted = false;
	#ended = false;

	constructor(options: SessionOptions) {
		this.#options = options;
		this.#reports = new ReportSaving(this.#core, options);
		this.#runs = new StepRuns(this.#core, options, this.#reports);
		this.#fixes = new FixFlow(this.#core, options, this.#runs);
	}

	get store(): Store<AppState, Action> {
		return this.#core.store;
	}

	get state(): AppState {
		return this.#core.state;
	}

	dispatch(action: Action): void {
		this.#core.dispatch(action);
	}

	/** Settles when no work (a run, a fix, a save, a look-up) is left, including work started meanwhile. */
	idle(): Promise<void> {
		return this.#core.idle();
	}

	start(module: string | undefined): void {
		this.#runs.start(module);
	}

	choose(typed: string): boolean {
		return this.#runs.choose(typed);
	}

	rerun(scope: CheckId | 'all' | ReadonlySet<CheckId>): void {
		this.#runs.rerun(scope);
	}

	copy(): void {
		copyFix(this.#core, this.#options);
	}

	fix(): void {
		this.#fixes.fix();
	}

	answer(yes: boolean): void {
		this.#fixes.answer(yes);
	}

	typeInField(text: string): void {
		this.#fixes.typeInField(text);
	}

	eraseInField(all = false): void {
		this.#fixes.eraseInField(all);
	}

	submitField(): void {
		this.#fixes.submitField();
	}

	cancelFix(): void {
		this.#fixes.cancel();
	}

	save(): void {
		this.#reports.save();
	}

	/** Ctrl-C: stop whatever runs; the exit status becomes 130. */
	interrupt(): void {
		this.#interrupted = true;
		this.#ended = true;
		this.#runs.stop(new Error('interrupted'));
		this.#fixes.stop(new Error('interrupted'));
	}

	/** Lines for stderr once the app has exited: what a fix stopped by Ctrl-C did and did not do. */
	exitReport(): string[] {
		return this.#fixes.afterExit.map(line => this.#options.redactor.redact(line));
	}

	/** The fixes applied in this session, in order. */
	get appliedFixes(): readonly Fix[] {
		return this.#fixes.applied;
	}

	/** True when the session ended with Ctrl-C. */
	get interrupted(): boolean {
		return this.#interrupted;
	}

		/** Quitting stops a run still going; a quit before any run finished counts as an interruption. */
	quit(): void {
		if (isRunning(this.state)) this.interrupt();
		this.#ended = true;
	}

	/** True once the person quit or interrupted. */
	get ended(): boolean {
		return this.#ended;
	}

	/** As plain mode: 130 interrupted, 2 when the engine crashed before any verdict, else 1 if a step failed, 0 otherwise. */
	exitStatus(): number {
		if (this.#interrupted) return exitStatus.interrupted;
		if (this.#runs.crashed && !this.state.result) return exitStatus.usage;
		return exitStatusOf(this.state);
	}

	/** Carries out one command of the keyboard (perform-command.ts). */
	perform(action: KeyResult, view: {canScroll(): boolean} = {canScroll: () => true}): 'leave' | undefined {
		return performCommand(this, action, view);
	}
}
