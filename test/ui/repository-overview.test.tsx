/** @jsxRuntime automatic @jsxImportSource react */
// The repository overview: one row per module with its live status (host steps count for every module on the
// host), ↑/↓ select, Enter chooses a module to open (never a public one, which is listed only), q quits.
import {test} from 'node:test';
import assert from 'node:assert/strict';
import type {CheckResult} from '../../source/engine/types.js';
import {RepositoryOverview} from '../../source/ui/components/RepositoryOverview.js';
import {UiContext} from '../../source/ui/hooks/use-ui.js';
import {reduceOverview, type OverviewState} from '../../source/ui/repository-state.js';
import {createStore} from '../../source/ui/store.js';
import {keys, render} from '../helpers/render.js';

const initial = (): OverviewState => ({
	title: 'module go.mod',
	rows: [
		{module: 'github.com/a/b', version: 'v1.0.0', host: 'github.com', classification: 'public', running: 0},
		{module: 'gitlab.test/group/a', version: 'v1.0.0', host: 'gitlab.test', running: 0},
		{module: 'gitlab.test/group/b', version: 'v0.1.0', host: 'gitlab.test', running: 0},
	],
	selected: 0,
	done: false,
});

const result = (id: CheckResult['id'], status: CheckResult['status'], subject: string): CheckResult => ({id, title: id, status, summary: `${id} says ${status}`, details: [], evidence: {}, fixes: [], blockedBy: [], durationMs: 1, subject});

test('events update the rows live: a host step counts for every module on its host, a module step for its module', () => {
	let state = initial();
	state = reduceOverview(state, {type: 'event', event: {type: 'started', id: 'netrc', at: 0, subject: 'gitlab.test'}});
	assert.deepEqual(state.rows.map(row => row.running), [0, 1, 1]);
	state = reduceOverview(state, {type: 'event', event: {type: 'finished', result: result('netrc', 'warn', 'gitlab.test')}});
	state = reduceOverview(state, {type: 'event', event: {type: 'finished', result: result('git-access', 'fail', 'gitlab.test/group/b')}});
	assert.deepEqual(state.rows.map(row => row.worst), [undefined, 'warn', 'fail']);
	assert.match(state.rows[2]!.why ?? '', /git-access says fail/);
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

test('q quits the overview', async () => {
	const store = createStore(reduceOverview, initial());
	const app = render(<RepositoryOverview store={store} />);
	await app.press('q');
	assert.deepEqual(store.getState().choice, {kind: 'quit'});
	app.unmount();
});
