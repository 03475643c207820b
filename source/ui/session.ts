// One interactive session, without React: it owns the store, runs the engine (all steps, or one step
// and what depends on it, reusing the rest), and carries out what the keys ask for (copy, fix,
// report). Components only read the store and call these methods, so all of it is testable alone.
import {join} from 'node:path';
import {checksForMode, diagnose} from '../engine/diagnose.js';
import {runDeadlineMs, startRunDeadline} from '../engine/run-deadline.js';
import {readModuleInput} from '../engine/module-input.js';
import {resolveTarget} from '../engine/target.js';
import type {Redactor} from '../engine/redact.js';
import {readersOf, timeLimitOf, withDependents, type Finished} from '../engine/scheduler.js';
import type {AnyCheck, CheckContext, CheckId, EngineEvent, Fix, FixAction, Resource, RunOptions, RunResult} from '../engine/types.js';
import type {System} from '../system/types.js';
import {exitStatus} from '../options.js';
import {osc52} from './clipboard.js';
import {layoutGraph} from './graph.js';
import type {KeyResult} from './key-bindings.js';
import {suggestModules} from './module-suggestions.js';
import {exitStatusOf, initialState, isRunning, reduce, selectedStep, type Action, type AppState, type StepSeed} from './run-state.js';
import {createStore, type Store} from './store.js';

/** What source/fixes plans for a safe fix (see source/fixes/index.ts). */
export type FixPlanLike = {
	title: string;
	preview: string;
	secretPrompt?: string;
	inputPrompt?: string;
	apply(input?: {secret?: string; input?: string; signal?: AbortSignal}): Promise<{ok: boolean; message: string; backupPath?: string; backupPaths?: string[]; stopped?: boolean}>;
};

export type FixPlanner = (fix: Fix, context: {system: System; redactor: Redactor}) => Promise<FixPlanLike | {unavailable: string}>;

export type SessionOptions = {
	checks: ReadonlyArray<AnyCheck>;
	system: System;
	redactor: Redactor;
	offline: boolean;
	timeoutMs: number;
	verbose: boolean;
	/** `--geo-secondary HOST`. */
	geoSecondary?: string;
	/** `--report FILE`: written after every complete run, and the file `s` saves to. */
	reportFile?: string;
	/** Where ./go.mod and the default report live. */
	cwd: string;
	/** Undefined when the fix engine is not part of this build. */
	planFix?: FixPlanner;
	/** The redacted Markdown report for a result; undefined when the report writer is not part of this build. */
	renderReport?: (result: RunResult) => Promise<string>;
	/** Writes a file and returns the path it wrote, as the person should read it. */
	writeFile(path: string, text: string): Promise<string>;
	/** Raw bytes for the terminal (OSC 52); undefined when there is no terminal to ask. */
	writeToTerminal?: (data: string) => void;
};

export const defaultReportFile = 'gitlab-go-check-report.md';

export class Session {
	readonly store: Store<AppState, Action>;
	readonly #options: SessionOptions;
	readonly #checks: ReadonlyArray<AnyCheck>;
	#finished = new Map<CheckId, Finished>();
	#runId = 0;
	#active: AbortController | undefined;
	readonly #pending = new Set<Promise<unknown>>();
	#interrupted = false;
	#ended = false;
	/** The engine itself failed once (a bug), as plain mode's exit status 2 means. */
	#crashed = false;
	#pendingPlan: FixPlanLike | undefined;
	#pendingStep: CheckId | undefined;
	#pendingFix: Fix | undefined;
	/** The fix being applied, so Ctrl-C stops it before its next step. */
	#applying: AbortController | undefined;
	readonly #afterExit: string[] = [];
	/** The secret being typed: kept here only, never in the store, never rendered. */
	#secret = '';
	/** The plain value typed for the fix (a CA file's path), once accepted. */
	#input: string | undefined;

	constructor(options: SessionOptions) {
		this.#options = options;
		this.#checks = checksForMode(options.checks, options.offline);
		this.store = createStore(reduce, initialState());
	}

	get state(): AppState {
		return this.store.getState();
	}

	#dispatch(action: Action): void {
		this.store.dispatch(action);
	}

	/** Settles when no work (a run, a fix, a save, a look-up) is left, including work started meanwhile. */
	async idle(): Promise<void> {
		while (this.#pending.size > 0) await Promise.all([...this.#pending]);
	}

	#track<T>(work: Promise<T>): Promise<T> {
		const settled: Promise<unknown> = work.then(
			() => this.#pending.delete(settled),
			() => this.#pending.delete(settled),
		);
		this.#pending.add(settled);
		return work;
	}

	#runOptions(module: string): RunOptions {
		const {offline, timeoutMs, verbose, geoSecondary} = this.#options;
		return {module, offline, timeoutMs, verbose, ...(geoSecondary === undefined ? {} : {geoSecondary})};
	}

	/** A fresh context for each run: per-run memos (the .netrc read) start over, the secrets stay registered. */
	#context(module: string): CheckContext {
		return {options: this.#runOptions(module), system: this.#options.system, secrets: this.#options.redactor, target: resolveTarget(module)};
	}

	/** Starts with a module (runs at once) or with the prompt (loads suggestions from ./go.mod). */
	start(module: string | undefined): void {
		if (module !== undefined) {
			if (!('error' in readModuleInput(module.trim()))) {
				this.choose(module);
				return;
			}
			// Not an import path: the prompt opens with it, says why, and offers what ./go.mod has.
			this.#dispatch({type: 'prompt-insert', text: module});
			this.choose(module);
		}
		const controller = new AbortController();
		void this.#track(
			suggestModules(this.#context(''), join(this.#options.cwd, 'go.mod'), controller.signal)
				.catch(() => [])
				.then(suggestions => this.#dispatch({type: 'prompt-loaded', suggestions})),
		);
	}

	/** Accepts a module typed or chosen in the prompt; an invalid one stays in the prompt with the reason. */
	choose(typed: string): boolean {
		const input = readModuleInput(typed.trim());
		if ('error' in input) {
			this.#dispatch({type: 'prompt-error', error: input.error, hint: input.hint});
			return false;
		}
		const context = this.#context(input.module);
		const steps: StepSeed[] = layoutGraph(this.#checks).map(node => {
			const check = this.#checks.find(c => c.id === node.id)!;
			return {...node, local: check.local, waitingFor: check.waitingFor?.(context.options), limitMs: timeLimitOf(check, context)};
		});
		this.#dispatch({type: 'module-chosen', module: input.module, host: input.host, steps});
		void this.#track(this.#readGitVersion());
		this.rerun('all');
		return true;
	}

	async #readGitVersion(): Promise<void> {
		const {system} = this.#options;
		try {
			const answer = await system.exec.run('git', ['--version'], {env: system.env, timeoutMs: 5000});
			const version = /git version (\S+)/.exec(answer.stdout)?.[1];
			this.#dispatch({type: 'tools', gitVersion: version ?? 'not installed'});
		} catch {
			this.#dispatch({type: 'tools', gitVersion: 'unknown'});
		}
	}

	/** Re-runs one step and everything that depends on it (the rest is reused), or every step. */
	rerun(scope: CheckId | 'all' | ReadonlySet<CheckId>): void {
		const {module, host} = this.state;
		if (module === undefined || host === undefined) return;
		if (isRunning(this.state)) {
			this.#notice('info', 'Steps are still running: wait for them to finish, then re-run.');
			return;
		}
		const redo = scope === 'all' ? new Set(this.#checks.map(check => check.id)) : typeof scope === 'string' ? withDependents(this.#checks, [scope]) : scope;
		const reuse = new Map([...this.#finished].filter(([id]) => !redo.has(id)));
		const run = ++this.#runId;
		const controller = new AbortController();
		this.#active = controller;
		// Every run ends, in the TUI too: steps still running at the deadline are marked unfinished.
		const stopDeadline = startRunDeadline(controller, runDeadlineMs({timeoutMs: this.#options.timeoutMs}));
		const {system} = this.#options;
		this.#dispatch({type: 'notice', notice: undefined});
		this.#dispatch({type: 'run-started', run, at: system.now(), ids: this.#checks.map(check => check.id).filter(id => redo.has(id))});
		const onEvent = (event: EngineEvent) => {
			if (event.type === 'started') this.#dispatch({type: 'step-started', run, id: event.id, at: event.at});
			else this.#dispatch({type: 'step-finished', run, result: event.result});
		};
		void this.#track(
			diagnose({checks: this.#checks, context: this.#context(module), host, signal: controller.signal, onEvent, reuse}).then(
				async ({result, finished}) => {
					stopDeadline();
					this.#finished = finished;
					this.#dispatch({type: 'run-finished', run, at: system.now(), result});
					if (this.#active === controller) this.#active = undefined;
					if (this.#options.reportFile && !controller.signal.aborted) await this.#writeReport(this.#options.reportFile, result);
				},
				error => {
					stopDeadline();
					this.#crashed = true;
					if (this.#active === controller) this.#active = undefined;
					this.#dispatch({type: 'run-stopped', run, at: system.now()});
					this.#notice('error', `The run stopped: ${messageOf(error)}`);
				},
			),
		);
	}

	/** Sends the selected fix's commands to the clipboard (OSC 52) and prints them in the pane. */
	copy(): void {
		const fix = this.#selectedFix();
		if (!fix) {
			this.#notice('info', 'This step has no fix to copy.');
			return;
		}
		if (fix.commands.length === 0) {
			this.#notice('info', `"${fix.title}" has no command to copy: it needs a person${fix.link ? `; see ${fix.link}` : ''}.`);
			return;
		}
		const text = this.#options.redactor.redact(fix.commands.join('\n'));
		if (this.#options.writeToTerminal) {
			this.#options.writeToTerminal(osc52(text));
			this.#notice('success', 'Sent to the clipboard (OSC 52). If your terminal ignores that, copy it from here:', fix.commands);
		} else {
			this.#notice('info', 'This terminal cannot take a clipboard request; copy the command from here:', fix.commands);
		}
	}

	/** `f`: plans the selected safe fix and shows what it will change; nothing changes before `y`. */
	fix(): void {
		const step = selectedStep(this.state);
		if (isRunning(this.state)) {
			this.#notice('info', 'Steps are still running: wait for them to finish before applying a fix.');
			return;
		}
		const fixes = step?.result?.fixes ?? [];
		const chosen = fixes[this.state.fixIndex];
		const fix = chosen?.safe ? chosen : fixes.find(candidate => candidate.safe);
		if (!step || !fix) {
			const manual = fixes.length > 0;
			this.#notice('info', manual ? 'No fix of this step can be applied here: they need a person. Follow the steps in the details.' : 'This step has no fix to apply.');
			if (manual && !this.state.expanded) this.#dispatch({type: 'toggle-details'});
			return;
		}
		const planFix = this.#options.planFix;
		if (!planFix) {
			this.#notice('error', 'Applying fixes is not available in this build; copy the command with c instead.');
			return;
		}
		this.#pendingStep = step.id;
		this.#pendingFix = fix;
		this.#dispatch({type: 'fix-planning', stepId: step.id, title: fix.title});
		void this.#track(
			planFix(fix, {system: this.#options.system, redactor: this.#options.redactor}).then(
				plan => {
					if ('unavailable' in plan) {
						this.#closeFix();
						this.#notice('info', `This fix cannot be applied here: ${plan.unavailable}`, fix.commands);
						return;
					}
					this.#pendingPlan = plan;
					this.#dispatch({type: 'fix-planned', preview: plan.preview, secretPrompt: plan.secretPrompt, inputPrompt: plan.inputPrompt});
				},
				error => {
					this.#closeFix();
					this.#notice('error', `Could not prepare the fix: ${messageOf(error)}`);
				},
			),
		);
	}

	/** The answer to "apply this change?": only `yes` changes anything. */
	answer(yes: boolean): void {
		const plan = this.#pendingPlan;
		if (!plan || this.state.overlay.kind !== 'fix') return;
		if (!yes) {
			this.#closeFix();
			this.#notice('info', 'Nothing was changed.');
			return;
		}
		this.#input = undefined;
		this.#secret = '';
		this.#nextQuestion(plan);
	}

	/** Asks for the plain value, then the secret, then applies. */
	#nextQuestion(plan: FixPlanLike): void {
		if (plan.inputPrompt && this.#input === undefined) {
			this.#dispatch({type: 'fix-input', prompt: plan.inputPrompt});
			return;
		}
		if (plan.secretPrompt && this.#secret === '') {
			this.#dispatch({type: 'fix-secret', prompt: plan.secretPrompt});
			return;
		}
		const secret = plan.secretPrompt ? this.#secret : undefined;
		this.#secret = '';
		this.#apply(plan, {...(secret === undefined ? {} : {secret}), ...(this.#input === undefined ? {} : {input: this.#input})});
	}

	/** Typing in the fix's field: the masked one keeps the text here, the plain one in the state. */
	typeInField(text: string): void {
		const {overlay} = this.state;
		if (overlay.kind !== 'fix') return;
		if (overlay.stage === 'input') {
			this.#dispatch({type: 'fix-input-typed', text: overlay.text + text});
		} else if (overlay.stage === 'secret') {
			this.#secret += text.replace(/[\r\n]/g, '');
			this.#dispatch({type: 'fix-secret-typed', typed: [...this.#secret].length});
		}
	}

	eraseInField(all = false): void {
		const {overlay} = this.state;
		if (overlay.kind !== 'fix') return;
		if (overlay.stage === 'input') {
			this.#dispatch({type: 'fix-input-typed', text: all ? '' : [...overlay.text].slice(0, -1).join('')});
		} else if (overlay.stage === 'secret') {
			this.#secret = all ? '' : [...this.#secret].slice(0, -1).join('');
			this.#dispatch({type: 'fix-secret-typed', typed: [...this.#secret].length});
		}
	}

	submitField(): void {
		const plan = this.#pendingPlan;
		const {overlay} = this.state;
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

	cancelFix(): void {
		this.#closeFix();
		this.#notice('info', 'Nothing was changed.');
	}

	#apply(plan: FixPlanLike, input: {secret?: string; input?: string}): void {
		const stepId = this.#pendingStep;
		const fix = this.#pendingFix;
		const applying = new AbortController();
		this.#applying = applying;
		this.#dispatch({type: 'fix-applying'});
		void this.#track(
			plan.apply({...input, signal: applying.signal}).then(
				outcome => {
					this.#applying = undefined;
					this.#closeFix();
					// Ctrl-C while applying: the app is gone by now, so the entry point prints what was done.
					if (outcome.stopped || applying.signal.aborted) this.#afterExit.push(`${plan.title}: ${outcome.message}`);
					const backups = outcome.backupPaths ?? (outcome.backupPath ? [outcome.backupPath] : []);
					const lines = backups.length > 0 ? backups.map(path => `The previous version is kept in ${path}`) : undefined;
					this.#notice(outcome.ok ? 'success' : 'error', outcome.message, lines);
					if (outcome.ok && stepId) this.#rerunAfterFix(stepId, fix);
				},
				error => {
					this.#applying = undefined;
					this.#closeFix();
					this.#notice('error', `The fix failed: ${messageOf(error)}`);
				},
			),
		);
	}

	/**
	 * A fix changes a file or a setting, and every step that reads it is affected, not only the step that offered
	 * the fix: the .netrc is read by netrc, token, go-import and git-auth. Steps declare what they read (`reads`), so
	 * those run again with the step and their dependents; when no step declares the resource, all of them do.
	 */
	#rerunAfterFix(stepId: CheckId, fix: Fix | undefined): void {
		const notice = this.state.notice;
		const resources = (fix?.actions ?? []).map(resourceOfAction).filter((resource): resource is Resource => resource !== undefined);
		const declared = this.#checks.some(check => (check.reads ?? []).some(resource => resources.includes(resource)));
		this.rerun(declared ? new Set([...readersOf(this.#checks, resources), ...withDependents(this.#checks, [stepId])]) : 'all');
		// Keep the fix's message on screen while its step runs again.
		if (notice) this.#dispatch({type: 'notice', notice});
	}

	#closeFix(): void {
		this.#pendingPlan = undefined;
		this.#pendingStep = undefined;
		this.#pendingFix = undefined;
		this.#secret = '';
		this.#input = undefined;
		this.#dispatch({type: 'fix-closed'});
	}

	/** `s`: writes the redacted report of the latest complete run and says where. */
	save(): void {
		const result = this.state.result;
		if (!result || isRunning(this.state)) {
			this.#notice('info', 'Steps are still running: the report is saved once they finish.');
			return;
		}
		void this.#track(this.#writeReport(this.#options.reportFile ?? join(this.#options.cwd, defaultReportFile), result));
	}

	async #writeReport(path: string, result: RunResult): Promise<void> {
		const render = this.#options.renderReport;
		if (!render) {
			this.#notice('error', 'The report writer is not available in this build.');
			return;
		}
		try {
			const text = this.#options.redactor.redact(await render(result));
			const written = await this.#options.writeFile(path, text);
			this.#notice('success', `Report saved to ${written} (redacted: tokens are masked).`);
		} catch (error) {
			this.#notice('error', `Could not save the report to ${path}: ${messageOf(error)}`);
		}
	}

	/** Ctrl-C: stop whatever runs; the exit status becomes 130. */
	interrupt(): void {
		this.#interrupted = true;
		this.#ended = true;
		this.#active?.abort(new Error('interrupted'));
		this.#applying?.abort(new Error('interrupted'));
	}

	/** Lines for stderr once the app has exited: what a fix stopped by Ctrl-C did and did not do. */
	exitReport(): string[] {
		return this.#afterExit.map(line => this.#options.redactor.redact(line));
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
		if (this.#crashed && !this.state.result) return exitStatus.usage;
		return exitStatusOf(this.state);
	}

	/**
	 * Carries out one command of the keyboard (key-bindings.ts) for the state the session is in. Returns `leave` when
	 * the app should exit (quit, Ctrl-C, Esc at the prompt); the Ink hook only maps keys and exits.
	 */
	perform(action: KeyResult, view: {canScroll(): boolean} = {canScroll: () => true}): 'leave' | undefined {
		const current = this.state;
		const step = selectedStep(current);
		const leave = (interrupted: boolean): 'leave' => {
			if (interrupted) this.interrupt();
			else this.quit();
			return 'leave';
		};
		switch (action.command) {
			case 'interrupt':
				return leave(true);
			case 'quit':
				return leave(false);
			case 'insert':
				current.phase === 'prompt' ? this.dispatch({type: 'prompt-insert', text: action.text}) : this.typeInField(action.text);
				return undefined;
			case 'erase':
				current.phase === 'prompt' ? this.dispatch({type: 'prompt-erase'}) : this.eraseInField();
				return undefined;
			case 'clear':
				current.phase === 'prompt' ? this.dispatch({type: 'prompt-clear'}) : this.eraseInField(true);
				return undefined;
			case 'submit':
				if (current.phase === 'prompt') this.choose(current.prompt.text);
				else this.submitField();
				return undefined;
			case 'cancel':
				if (current.phase === 'prompt') return leave(false);
				this.cancelFix();
				return undefined;
			case 'up':
			case 'down': {
				const delta = action.command === 'up' ? -1 : 1;
				this.dispatch(current.phase === 'prompt' ? {type: 'prompt-move', delta} : {type: 'select', delta});
				return undefined;
			}
			case 'toggle':
				this.dispatch({type: 'toggle-details'});
				return undefined;
			case 'collapse':
				this.dispatch({type: 'close-details'});
				return undefined;
			case 'next-fix':
				this.dispatch({type: 'next-fix'});
				return undefined;
			case 'scroll-down':
				if (view.canScroll()) this.dispatch({type: 'scroll', delta: 5});
				return undefined;
			case 'scroll-up':
				this.dispatch({type: 'scroll', delta: -5});
				return undefined;
			case 'rerun':
				if (step) this.rerun(step.id);
				return undefined;
			case 'rerun-all':
				this.rerun('all');
				return undefined;
			case 'copy':
				this.copy();
				return undefined;
			case 'fix':
				this.fix();
				return undefined;
			case 'save':
				this.save();
				return undefined;
			case 'help':
				this.dispatch({type: 'help', open: true});
				return undefined;
			case 'close-help':
				this.dispatch({type: 'help', open: false});
				return undefined;
			case 'yes':
				this.answer(true);
				return undefined;
			case 'no':
				this.answer(false);
				return undefined;
		}
	}

	dispatch(action: Action): void {
		this.#dispatch(action);
	}

	#selectedFix(): Fix | undefined {
		const fixes = selectedStep(this.state)?.result?.fixes ?? [];
		return fixes[this.state.fixIndex] ?? fixes[0];
	}

	#notice(tone: 'info' | 'success' | 'error', text: string, lines?: string[]): void {
		this.#dispatch({type: 'notice', notice: {tone, text, lines}});
	}
}

/** What a fix action changes, as steps declare their reads. */
function resourceOfAction(action: FixAction): Resource | undefined {
	switch (action.kind) {
		case 'chmod':
		case 'netrc-entry':
			return 'netrc-file';
		case 'go-env':
			return 'go-env-file';
		case 'git-config':
		case 'git-ca':
			return 'git-config';
	}
}

function messageOf(error: unknown): string {
	return error instanceof Error ? error.message : String(error);
}
