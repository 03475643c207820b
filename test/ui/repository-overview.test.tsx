/** @jsxRuntime automatic @jsxImportSource react */
// The repository overview: one row per module with its live status (host steps count for every module on the
// host), ↑/↓ select, Enter chooses a module to open (never a public one, which is listed only), q quits.
import {test} from 'node:test';
import assert from 'node:assert/strict';
import type {CheckId, CheckResult} from '../../source/engine/types.js';
import {RepositoryOverview} from '../../source/ui/components/RepositoryOverview.js';
import {UiContext} from '../../source/ui/hooks/use-ui.js';
import {reduceOverview, rowStatus, type OverviewAction, type OverviewState} from '../../source/ui/repository-state.js';
import {createStore} from '../../source/ui/store.js';
import {keys, render} from '../helpers/render.js';

const waitsFor: CheckId[] = ['netrc', 'git-access'];
const initial = (): OverviewState => ({
	title: 'module go.mod',
	rows: [
		{module: 'github.com/a/b', version: 'v1.0.0', host: 'github.com', classification: 'public', expected: [], finished: [], running: []},
		{module: 'gitlab.test/group/a', version: 'v1.0.0', host: 'gitlab.test', expected: waitsFor, finished: [], running: []},
		{module: 'gitlab.test/group/b', version: 'v0.1.0', host: 'gitlab.test', expected: waitsFor, finished: [], running: []},
	],
	selected: 0,
	done: false,
});

const result = (id: CheckResult['id'], status: CheckResult['status'], subject?: string, extra: Partial<CheckResult> = {}): CheckResult => ({id, title: id, status, summary: `${id} says ${status}`, details: [], evidence: {}, fixes: [], blockedBy: [], durationMs: 1, ...(subject ? {subject} : {}), ...extra});
const started = (id: CheckId, subject?: string): OverviewAction => ({type: 'event', event: {type: 'started', id, at: 0, ...(subject ? {subject} : {})}});
const finished = (id: CheckId, status: CheckResult['status'], subject?: string, extra: Partial<CheckResult> = {}): OverviewAction => ({type: 'event', event: {type: 'finished', result: result(id, status, subject, extra)}});
const shown = (state: OverviewState) => state.rows.map(row => {
	const status = rowStatus(row, state.done);
	return status.kind === 'status' ? status.status : status.kind;
});

test('events update the rows live: a host step counts for every module on its host, a module step for its module', () => {
	let state = initial();
	state = reduceOverview(state, started('netrc', 'gitlab.test'));
	assert.deepEqual(shown(state), ['pass', 'running', 'running']);
	state = reduceOverview(state, finished('netrc', 'warn', 'gitlab.test'));
	assert.deepEqual(shown(state), ['pass', 'waiting', 'waiting']);
	state = reduceOverview(state, finished('git-access', 'fail', 'gitlab.test/group/b'));
	assert.deepEqual(state.rows.map(row => row.worst), [undefined, 'warn', 'fail']);
	assert.deepEqual(shown(state), ['pass', 'waiting', 'fail']);
	assert.match(state.rows[2]!.why ?? '', /git-access says fail/);
});

test('a row shows its status once its own steps have finished: it never waits for a go-confirm that does not start, and shows one that does', () => {
	let state = initial();
	for (const subject of ['gitlab.test/group/a', 'gitlab.test/group/b']) state = reduceOverview(state, finished('git-access', 'pass', subject));
	state = reduceOverview(state, finished('netrc', 'pass', 'gitlab.test'));
	assert.deepEqual(shown(state), ['pass', 'pass', 'pass'], 'final before the run ends');
	state = reduceOverview(state, started('go-confirm', 'gitlab.test/group/b'));
	assert.deepEqual(shown(state), ['pass', 'pass', 'running']);
	state = reduceOverview(state, finished('go-confirm', 'fail', 'gitlab.test/group/b'));
	assert.deepEqual(shown(state), ['pass', 'pass', 'fail']);
});

test('a host step\'s warning about some of its modules marks those rows only; a run of one module (events without subject) updates its row', () => {
	let state = reduceOverview(initial(), finished('netrc', 'warn', 'gitlab.test', {concerns: ['gitlab.test/group/b']}));
	assert.deepEqual(state.rows.map(row => row.worst), [undefined, undefined, 'warn']);
	assert.deepEqual(state.rows.map(row => row.finished), [[], ['netrc'], ['netrc']]);
	const one: OverviewState = {...initial(), rows: initial().rows.slice(0, 2)};
	state = reduceOverview(reduceOverview(one, finished('netrc', 'pass')), finished('git-access', 'fail'));
	assert.deepEqual(shown(state), ['pass', 'fail']);
});

test('the overview shows a row per module; ↓ Enter chooses the selected module, Enter on a public one does nothing, q quits', async () => {
	const store = createStore(reduceOverview, initial());
	const app = render(
		<UiContext.Provider value={{color: false, redact: text => text, now: () => 0}}>
			<RepositoryOverview store={store} />
		</UiContext.Provider>,
	);
	const frame = app.lastFrame() ?? '';
	assert.match(frame, /3 modules, checking…/);
	for (const module of ['github.com/a/b v1.0.0', 'gitlab.test/group/a v1.0.0', 'gitlab.test/group/b v0.1.0']) assert.ok(frame.includes(module), frame);
	await app.press(keys.enter);
	assert.equal(store.getState().choice, undefined, 'a public module has no step graph to open');
	await app.press(keys.down);
	await app.press(keys.enter);
	assert.deepEqual(store.getState().choice, {kind: 'open', module: 'gitlab.test/group/a'});
	store.dispatch({type: 'finished', rows: initial().rows.map(row => ({...row, verdict: 'pass' as const}))});
	await new Promise(resolve => setTimeout(resolve, 50));
	assert.doesNotMatch(app.lastFrame(), /checking…/, 'finished: no longer checking');
	app.unmount();
});

test('keys that arrive together are taken one by one: "jj" then Enter opens the third row', async () => {
	const store = createStore(reduceOverview, initial());
	const app = render(<RepositoryOverview store={store} />);
	await app.press('jj');
	await app.press(keys.enter);
	assert.deepEqual(store.getState().choice, {kind: 'open', module: 'gitlab.test/group/b'});
	app.unmount();
});

test('q quits the overview; Ctrl-C quits as an interruption', async () => {
	for (const [key, choice] of [['q', {kind: 'quit'}], [keys.ctrlC, {kind: 'quit', interrupted: true}]] as const) {
		const store = createStore(reduceOverview, initial());
		const app = render(<RepositoryOverview store={store} />);
		await app.press(key);
		assert.deepEqual(store.getState().choice, choice);
		app.unmount();
	}
});
