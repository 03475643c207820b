// Running the step graph in the TUI: the first run for the module chosen, and re-runs of one step with what
// depends on it (the rest reused) or of every step. Each run has its deadline; Ctrl-C stops the one going.
import {join} from 'node:path';
import {checksForMode, diagnose} from '../engine/diagnose.js';
import {runDeadlineMs, startRunDeadline} from '../engine/run-deadline.js';
import {readModuleInput} from '../engine/module-input.js';
import {resolveTarget} from '../engine/target.js';
import {timeLimitOf, withDependents, type Finished} from '../engine/scheduler.js';
import type {AnyCheck, CheckContext, CheckId, EngineEvent, RunOptions} from '../engine/types.js';
import {layoutGraph} from './graph.js';
import {suggestModules} from './module-suggestions.js';
import type {ReportSaving} from './report-saving.js';
import {isRunning, type StepSeed} from './run-state.js';
import {messageOf, type SessionCore} from './session-core.js';
import type {SessionOptions} from './session-options.js';

export type RerunScope = CheckId | 'all' | ReadonlySet<CheckId>;

export class StepRuns {
	/** The checks this mode runs (offline drops the networked ones). */
	readonly checks: ReadonlyArray<AnyCheck>;
	readonly #core: SessionCore;
	readonly #options: SessionOptions;
	readonly #reports: ReportSaving;
	#finished = new Map<CheckId, Finished>();
	#runId = 0;
	#active: AbortController | undefined;
	/** The engine itself failed once (a bug), as plain mode's exit status 2 means. */
	#crashed = false;

	constructor(core: SessionCore, options: SessionOptions, reports: ReportSaving) {
		this.#core = core;
		this.#options = options;
		this.#reports = reports;
		this.checks = checksForMode(options.checks, options.offline);
	}

	get crashed(): boolean {
		return this.#crashed;
	}

	#runOptions(module: string): RunOptions {
		const {offline, timeoutMs, verbose, geoSecondary} = this.#options;
		const required = this.#requirement(module);
		return {module, offline, timeoutMs, verbose, ...(geoSecondary === undefined ? {} : {geoSecondary}), ...(required ? {goModFile: required.file} : {})};
	}

	/** The repository requirement this module view was opened for, when it is this module. */
	#requirement(module: string): SessionOptions['required'] {
		return this.#options.required?.module === module ? this.#options.required : undefined;
	}

	/** A fresh context for each run: per-run memos (the .netrc read) start over, the secrets stay registered. */
	#context(module: string): CheckContext {
		const required = this.#requirement(module);
		const target = required ? resolveTarget(module, required.version, {moduleRoot: true}) : resolveTarget(module);
		return {options: this.#runOptions(module), system: this.#options.system, secrets: this.#options.redactor, target};
	}

	/** Starts with a module (runs at once) or with the prompt (loads suggestions from ./go.mod). */
	start(module: string | undefined): void {
		if (module !== undefined) {
			if (!('error' in readModuleInput(module.trim()))) {
				this.choose(module);
				return;
			}
			// Not an import path: the prompt opens with it, says why, and offers what ./go.mod has.
			this.#core.dispatch({type: 'prompt-insert', text: module});
			this.choose(module);
		}
		const controller = new AbortController();
		void this.#core.track(
			suggestModules(this.#context(''), join(this.#options.cwd, 'go.mod'), controller.signal)
				.catch(() => [])
				.then(suggestions => this.#core.dispatch({type: 'prompt-loaded', suggestions})),
		);
	}

	/** Accepts a module typed or chosen in the prompt; an invalid one stays in the prompt with the reason. */
	choose(typed: string): boolean {
		const input = readModuleInput(typed.trim());
		if ('error' in input) {
			this.#core.dispatch({type: 'prompt-error', error: input.error, hint: input.hint});
			return false;
		}
		const context = this.#context(input.module);
		const steps: StepSeed[] = layoutGraph(this.checks).map(node => {
			const check = this.checks.find(c => c.id === node.id)!;
			return {...node, local: check.local, waitingFor: check.waitingFor?.(context.options), limitMs: timeLimitOf(check, context)};
		});
		this.#core.dispatch({type: 'module-chosen', module: input.module, host: input.host, steps});
		void this.#core.track(this.#readGitVersion());
		this.rerun('all');
		return true;
	}

	async #readGitVersion(): Promise<void> {
		const {system} = this.#options;
		try {
			const answer = await system.exec.run('git', ['--version'], {env: system.env, timeoutMs: 5000});
			const version = /git version (\S+)/.exec(answer.stdout)?.[1];
			this.#core.dispatch({type: 'tools', gitVersion: version ?? 'not installed'});
		} catch {
			this.#core.dispatch({type: 'tools', gitVersion: 'unknown'});
		}
	}

	/** Re-runs one step and everything that depends on it (the rest is reused), or every step. */
	rerun(scope: RerunScope): void {
		const core = this.#core;
		const {module, host} = core.state;
		if (module === undefined || host === undefined) return;
		if (isRunning(core.state)) {
			core.notice('info', 'Steps are still running: wait for them to finish, then re-run.');
			return;
		}
		const redo = scope === 'all' ? new Set(this.checks.map(check => check.id)) : typeof scope === 'string' ? withDependents(this.checks, [scope]) : scope;
		const reuse = new Map([...this.#finished].filter(([id]) => !redo.has(id)));
		const run = ++this.#runId;
		const controller = new AbortController();
		this.#active = controller;
		// Every run ends, in the TUI too: steps still running at the deadline are marked unfinished.
		const stopDeadline = startRunDeadline(controller, runDeadlineMs({timeoutMs: this.#options.timeoutMs}));
		const {system} = this.#options;
		core.dispatch({type: 'notice', notice: undefined});
		core.dispatch({type: 'run-started', run, at: system.now(), ids: this.checks.map(check => check.id).filter(id => redo.has(id))});
		const onEvent = (event: EngineEvent) => {
			if (event.type === 'started') core.dispatch({type: 'step-started', run, id: event.id, at: event.at});
			else core.dispatch({type: 'step-finished', run, result: event.result});
		};
		void core.track(
			diagnose({checks: this.checks, context: this.#context(module), host, signal: controller.signal, onEvent, reuse}).then(
				async ({result, finished}) => {
					stopDeadline();
					this.#finished = finished;
					core.dispatch({type: 'run-finished', run, at: system.now(), result});
					if (this.#active === controller) this.#active = undefined;
					if (!controller.signal.aborted) await this.#reports.afterRun(result);
				},
				error => {
					stopDeadline();
					this.#crashed = true;
					if (this.#active === controller) this.#active = undefined;
					core.dispatch({type: 'run-stopped', run, at: system.now()});
					core.notice('error', `The run stopped: ${messageOf(error)}`);
				},
			),
		);
	}

	/** Stops the run going, if any (Ctrl-C, or quitting while steps run). */
	stop(reason: Error): void {
		this.#active?.abort(reason);
	}
}
