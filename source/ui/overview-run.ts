// Runs the repository overview on the terminal: the repository's modules checked in one step graph, live, one row
// each; resolves with the person's choice (a module to open, or quit) and the run, which the next overview (after
// the module's step graph) reuses as overview-rerun.ts decides.
import {allChecks} from '../checks/index.js';
import {checksForMode} from '../engine/diagnose.js';
import type {Redactor} from '../engine/redact.js';
import {stepKey, type Finished, type StepKey} from '../engine/scheduler.js';
import type {AnyCheck, CheckId, CheckResult} from '../engine/types.js';
import {runRepository, type ModuleResult, type RepositoryResult} from '../repository/run.js';
import type {Repository} from '../repository/discover.js';
import {hostOf} from '../rules/module-path.js';
import {isPublicCodeHost} from '../rules/module-visibility.js';
import type {System} from '../system/types.js';
import type {Ui} from './hooks/use-ui.js';
import {mountOverview} from './mount.js';
import {stepsToKeep, type Redo} from './overview-rerun.js';
import {reduceOverview, type OverviewRow} from './repository-state.js';
import {createStore} from './store.js';

export type OverviewChoice = {kind: 'open'; module: string} | {kind: 'quit'; interrupted: boolean; verdict?: RepositoryResult['verdict']};

/** A finished overview run: its result, its steps (for reuse) and the rows it ended with. */
export type OverviewRun = {result: RepositoryResult; steps: ReadonlyMap<StepKey, Finished>; rows: OverviewRow[]};

export type OverviewInput = {
	repository: Repository;
	title: string;
	system: System;
	redactor: Redactor;
	ui: Ui;
	offline: boolean;
	timeoutMs: number;
	verbose: boolean;
	/** The last finished run, and what of it to run again. */
	previous?: OverviewRun;
	redo: Redo;
	/** The module to select at first (the one the person came back from). */
	selectedModule?: string;
};

export async function runOverview(input: OverviewInput): Promise<{choice: OverviewChoice; run?: OverviewRun}> {
	const checks = checksForMode(allChecks, input.offline);
	const previous = input.previous;
	const reuse = previous ? stepsToKeep(checks, previous.steps, input.redo) : new Map<StepKey, Finished>();
	const nothingToRun = previous !== undefined && input.redo === 'nothing';
	const rows: OverviewRow[] = nothingToRun
		? previous.rows
		: input.repository.modules.map(module => startingRow(module.path, module.version, checks, reuse, previous?.rows));
	const selected = Math.max(0, rows.findIndex(row => row.module === input.selectedModule));
	const store = createStore(reduceOverview, {title: input.title, rows, selected, done: nothingToRun});
	const controller = new AbortController();
	let run: OverviewRun | undefined = nothingToRun ? previous : undefined;
	let steps: ReadonlyMap<StepKey, Finished> = new Map();
	const running = nothingToRun
		? Promise.resolve()
		: runRepository({
				checks: allChecks,
				modules: input.repository.modules,
				// The real go's throw-away module takes its go and toolchain lines from the repository's file, as headless does.
				options: {offline: input.offline, timeoutMs: input.timeoutMs, verbose: input.verbose, goModFile: input.repository.file},
				context: {system: input.system, secrets: input.redactor},
				signal: controller.signal,
				onEvent: event => store.dispatch({type: 'event', event}),
				reuse,
				keepSteps: finished => (steps = finished),
			}).then(result => {
				if (controller.signal.aborted) return;
				const finalRows = result.modules.map(module => finalRow(module, result));
				run = {result, steps, rows: finalRows};
				store.dispatch({type: 'finished', rows: finalRows});
			});
	const app = mountOverview(store, input.ui);
	const choice = await new Promise<NonNullable<ReturnType<typeof store.getState>['choice']>>(resolve => {
		const check = () => {
			const chosen = store.getState().choice;
			if (chosen) resolve(chosen);
		};
		store.subscribe(check);
		check();
	});
	app.unmount();
	controller.abort(new Error(choice.kind === 'open' ? 'opened a module' : 'quit'));
	await Promise.race([running, new Promise(done => setTimeout(done, 3000).unref())]);
	if (choice.kind === 'open') return {choice, ...(run ? {run} : {})};
	const verdict = run?.result.verdict;
	return {choice: {kind: 'quit', interrupted: choice.interrupted === true, ...(verdict ? {verdict} : {})}, ...(run ? {run} : {})};
}

/** A row before the run: the steps it waits for are its module's and its host's that run again (go-confirm never:
 * see repository-state.ts); a row nothing runs for again keeps its last verdict. */
function startingRow(module: string, version: string | undefined, checks: ReadonlyArray<AnyCheck>, reuse: ReadonlyMap<StepKey, Finished>, before: OverviewRow[] | undefined): OverviewRow {
	const host = hostOf(module);
	const publicHost = isPublicCodeHost(host);
	const expected: CheckId[] = publicHost
		? []
		: checks.filter(check => check.id !== 'go-confirm' && !reuse.has(stepKey(check.id, check.scope === 'host' ? host : module))).map(check => check.id);
	const last = before?.find(row => row.module === module && row.version === version);
	if (last && expected.length === 0 && !publicHost) return {...last, expected: [], finished: [], running: [], worst: last.verdict};
	// Checked again: what it was classified as stays until the run says otherwise; the old reason to fail does not.
	const known = last?.classification ? {classification: last.classification, ...(last.reason ? {reason: last.reason} : {})} : publicHost ? {classification: 'public' as const} : {};
	return {module, version, host, ...known, expected, finished: [], running: []};
}

/** The run's verdict for a module, and why: its own worst step, else its host's step that made it so. */
function finalRow(module: ModuleResult, result: RepositoryResult): OverviewRow {
	const hostChecks = (result.hosts.find(host => host.host === module.host)?.checks ?? []).filter(check => !check.concerns || check.concerns.includes(module.module));
	const worstOf = (checks: CheckResult[]) => checks.find(check => check.status === 'fail') ?? checks.find(check => check.status === 'warn');
	const worst = worstOf(module.checks.filter(check => check.status === module.verdict)) ?? worstOf(hostChecks.filter(check => check.status === module.verdict)) ?? worstOf(module.checks);
	return {
		module: module.module,
		version: module.version,
		host: module.host,
		classification: module.classification,
		reason: module.reason,
		expected: [],
		finished: [],
		running: [],
		verdict: module.verdict,
		...(module.versionProblem ? {why: module.versionProblem} : worst ? {why: `${worst.title}: ${worst.summary}`} : {}),
	};
}
