// Runs the repository overview on the terminal: the repository's modules checked in one step graph, live, one row
// each; resolves with the person's choice (a module to open, or quit) and the run's exit status.
import {allChecks} from '../checks/index.js';
import type {Redactor} from '../engine/redact.js';
import {runRepository, type RepositoryResult} from '../repository/run.js';
import type {Repository} from '../repository/discover.js';
import {hostOf} from '../rules/module-path.js';
import {isPublicCodeHost} from '../rules/module-visibility.js';
import type {System} from '../system/types.js';
import type {Ui} from './hooks/use-ui.js';
import {mountOverview} from './mount.js';
import {reduceOverview, type OverviewRow} from './repository-state.js';
import {createStore} from './store.js';

export type OverviewChoice = {kind: 'open'; module: string} | {kind: 'quit'; verdict?: RepositoryResult['verdict']};

export async function runOverview(input: {repository: Repository; title: string; system: System; redactor: Redactor; ui: Ui; offline: boolean; timeoutMs: number; verbose: boolean}): Promise<OverviewChoice> {
	const {repository} = input;
	const rows: OverviewRow[] = repository.modules.map(module => {
		const host = hostOf(module.path);
		return {module: module.path, version: module.version, host, running: 0, ...(isPublicCodeHost(host) ? {classification: 'public' as const} : {})};
	});
	const store = createStore(reduceOverview, {title: input.title, rows, selected: 0, done: false});
	const controller = new AbortController();
	let result: RepositoryResult | undefined;
	const running = runRepository({
		checks: allChecks,
		modules: repository.modules,
		options: {offline: input.offline, timeoutMs: input.timeoutMs, verbose: input.verbose},
		context: {system: input.system, secrets: input.redactor},
		signal: controller.signal,
		onEvent: event => store.dispatch({type: 'event', event}),
	}).then(finished => {
		result = finished;
		store.dispatch({
			type: 'finished',
			rows: finished.modules.map(module => {
				const worst = module.checks.find(check => check.status === 'fail') ?? module.checks.find(check => check.status === 'warn');
				return {module: module.module, version: module.version, host: module.host, classification: module.classification, reason: module.reason, running: 0, verdict: module.verdict, ...(module.versionProblem ? {why: module.versionProblem} : worst ? {why: `${worst.title}: ${worst.summary}`} : {})};
			}),
		});
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
	if (choice.kind === 'open') {
		controller.abort(new Error('opened a module'));
		await Promise.race([running, new Promise(done => setTimeout(done, 3000).unref())]);
		return choice;
	}
	controller.abort(new Error('quit'));
	await Promise.race([running, new Promise(done => setTimeout(done, 3000).unref())]);
	return {kind: 'quit', ...(result ? {verdict: result.verdict} : {})};
}
