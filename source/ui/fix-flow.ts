// Applying a safe fix from the TUI, one question at a time: `f` plans it and shows what it changes (a diff), `y`
// asks for a plain value and then the secret when the fix needs them, and only then applies it (source/fixes backs
// up and writes atomically). The secret is kept here only, never in the store, never rendered.
import type {CheckId, Fix} from '../engine/types.js';
import {stepsToRerunAfterFix} from './fix-rerun.js';
import {isRunning, selectedStep} from './run-state.js';
import {messageOf, type SessionCore} from './session-core.js';
import type {FixPlanLike, SessionOptions} from './session-options.js';
import type {StepRuns} from './step-runs.js';

export class FixFlow {
	readonly #core: SessionCore;
	readonly #options: SessionOptions;
	readonly #runs: StepRuns;
	#pendingPlan: FixPlanLike | undefined;
	#pendingStep: CheckId | undefined;
	#pendingFix: Fix | undefined;
	/** The fix being applied, so Ctrl-C stops it before its next step. */
	#applying: AbortController | undefined;
	/** What a fix stopped by Ctrl-C did, for stderr once the app is gone. */
	readonly #afterExit: string[] = [];
	/** The fixes applied, in order. */
	readonly #applied: Fix[] = [];
	/** The secret being typed. */
	#secret = '';
	/** The plain value typed for the fix (a CA file's path), once accepted. */
	#input: string | undefined;

	constructor(core: SessionCore, options: SessionOptions, runs: StepRuns) {
		this.#core = core;
		this.#options = options;
		this.#runs = runs;
	}

	/** `f`: plans the selected safe fix and shows what it will change; nothing changes before `y`. */
	fix(): void {
		const core = this.#core;
		const step = selectedStep(core.state);
		if (isRunning(core.state)) {
			core.notice('info', 'Steps are still running: wait for them to finish before applying a fix.');
			return;
		}
		const fixes = step?.result?.fixes ?? [];
		const chosen = fixes[core.state.fixIndex];
		const fix = chosen?.safe ? chosen : fixes.find(candidate => candidate.safe);
		if (!step || !fix) {
			const manual = fixes.length > 0;
			core.notice('info', manual ? 'No fix of this step can be applied here: they need a person. Follow the steps in the details.' : 'This step has no fix to apply.');
			if (manual && !core.state.expanded) core.dispatch({type: 'toggle-details'});
			return;
		}
		const planFix = this.#options.planFix;
		if (!planFix) {
			core.notice('error', 'Applying fixes is not available in this build; copy the command with c instead.');
			return;
		}
		this.#pendingStep = step.id;
		this.#pendingFix = fix;
		core.dispatch({type: 'fix-planning', stepId: step.id, title: fix.title});
		void core.track(
			planFix(fix, {system: this.#options.system, redactor: this.#options.redactor}).then(
				plan => {
					if ('unavailable' in plan) {
						this.#close();
						core.notice('info', `This fix cannot be applied here: ${plan.unavailable}`, fix.commands);
						return;
					}
					this.#pendingPlan = plan;
					core.dispatch({type: 'fix-planned', preview: plan.preview, secretPrompt: plan.secretPrompt, inputPrompt: plan.inputPrompt});
				},
				error => {
					this.#close();
					core.notice('error', `Could not prepare the fix: ${messageOf(error)}`);
				},
			),
		);
	}

	/** The answer to "apply this change?": only `yes` changes anything. */
	answer(yes: boolean): void {
		const plan = this.#pendingPlan;
		if (!plan || this.#core.state.overlay.kind !== 'fix') return;
		if (!yes) {
			this.cancel();
			return;
		}
		this.#input = undefined;
		this.#secret = '';
		this.#nextQuestion(plan);
	}

	/** Asks for the plain value, then the secret, then applies. */
	#nextQuestion(plan: FixPlanLike): void {
		if (plan.inputPrompt && this.#input === undefined) {
			this.#core.dispatch({type: 'fix-input', prompt: plan.inputPrompt});
			return;
		}
		if (plan.secretPrompt && this.#secret === '') {
			this.#core.dispatch({type: 'fix-secret', prompt: plan.secretPrompt});
			return;
		}
		const secret = plan.secretPrompt ? this.#secret : undefined;
		this.#secret = '';
		this.#apply(plan, {...(secret === undefined ? {} : {secret}), ...(this.#input === undefined ? {} : {input: this.#input})});
	}

	/** Typing in the fix's field: the masked one keeps the text here, the plain one in the state. */
	typeInField(text: string): void {
		const {overlay} = this.#core.state;
		if (overlay.kind !== 'fix') return;
		if (overlay.stage === 'input') {
			this.#core.dispatch({type: 'fix-input-typed', text: overlay.text + text});
		} else if (overlay.stage === 'secret') {
			this.#secret += text.replace(/[\r\n]/g, '');
			this.#core.dispatch({type: 'fix-secret-typed', typed: [...this.#secret].length});
		}
	}

	eraseInField(all = false): void {
		const {overlay} = this.#core.state;
		if (overlay.kind !== 'fix') return;
		if (overlay.stage === 'input') {
			this.#core.dispatch({type: 'fix-input-typed', text: all ? '' : [...overlay.text].slice(0, -1).join('')});
		} else if (overlay.stage === 'secret') {
			this.#secret = all ? '' : [...this.#secret].slice(0, -1).join('');
			this.#core.dispatch({type: 'fix-secret-typed', typed: [...this.#secret].length});
		}
	}

	submitField(): void {
		const plan = this.#pendingPlan;
		const {overlay} = this.#core.state;
		if (!plan || overlay.kind !== 'fix') return;
		if (overlay.stage === 'input') {
			if (overlay.text.trim() === '') return;
			this.#input = overlay.text.trim();
			this.#nextQuestion(plan);
		} else if (overlay.stage === 'secret') {
			if (this.#secret === '') return;
			// Registered before anything can echo it: every output path masks it from now on.
			this.#options.redactor.add(this.#secret);
			this.#nextQuestion(plan);
		}
	}

	cancel(): void {
		this.#close();
		this.#core.notice('info', 'Nothing was changed.');
	}

	#apply(plan: FixPlanLike, input: {secret?: string; input?: string}): void {
		const core = this.#core;
		const stepId = this.#pendingStep;
		const fix = this.#pendingFix;
		const applying = new AbortController();
		this.#applying = applying;
		core.dispatch({type: 'fix-applying'});
		void core.track(
			plan.apply({...input, signal: applying.signal}).then(
				outcome => {
					this.#applying = undefined;
					this.#close();
					// Ctrl-C while applying: the app is gone by now, so the entry point prints what was done.
					if (outcome.stopped || applying.signal.aborted) this.#afterExit.push(`${plan.title}: ${outcome.message}`);
					const backups = outcome.backupPaths ?? (outcome.backupPath ? [outcome.backupPath] : []);
					const lines = backups.length > 0 ? backups.map(path => `The previous version is kept in ${path}`) : undefined;
					if (outcome.ok && fix) this.#applied.push(fix);
					core.notice(outcome.ok ? 'success' : 'error', outcome.message, lines);
					if (outcome.ok && stepId) this.#rerunAfterFix(stepId, fix);
				},
				error => {
					this.#applying = undefined;
					this.#close();
					core.notice('error', `The fix failed: ${messageOf(error)}`);
				},
			),
		);
	}

	#rerunAfterFix(stepId: CheckId, fix: Fix | undefined): void {
		const notice = this.#core.state.notice;
		this.#runs.rerun(stepsToRerunAfterFix(this.#runs.checks, stepId, fix));
		// Keep the fix's message on screen while its step runs again.
		if (notice) this.#core.dispatch({type: 'notice', notice});
	}

	#close(): void {
		this.#pendingPlan = undefined;
		this.#pendingStep = undefined;
		this.#pendingFix = undefined;
		this.#secret = '';
		this.#input = undefined;
		this.#core.dispatch({type: 'fix-closed'});
	}

	/** Ctrl-C: a fix being applied stops before its next step. */
	stop(reason: Error): void {
		this.#applying?.abort(reason);
	}

	/** The fixes applied so far (the repository overview re-runs what they change). */
	get applied(): readonly Fix[] {
		return this.#applied;
	}

	/** What a fix stopped by Ctrl-C did and did not do. */
	get afterExit(): readonly string[] {
		return this.#afterExit;
	}
}
