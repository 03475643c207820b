import {test} from 'node:test';
import assert from 'node:assert/strict';
import type {CheckId} from '../../source/engine/types.js';
import {layoutGraph} from '../../source/ui/graph.js';
import {exitStatusOf, goVersionOf, initialState, isRunning, keyContextOf, reduce, tallyOf, visibleSuggestions, type Action, type AppState, type StepSeed} from '../../source/ui/run-state.js';
import {result, runResult} from '../helpers/results.js';

const graph = layoutGraph([
	{id: 'go-env', title: 'Go settings', needs: []},
	{id: 'module-path', title: 'Module path', needs: []},
	{id: 'netrc', title: '.netrc credentials', needs: [], after: ['go-env']},
	{id: 'https', title: 'HTTPS', needs: ['module-path']},
	{id: 'token', title: 'Token', needs: ['netrc', 'https']},
]);
const seeds: StepSeed[] = graph.map(node => ({...node, limitMs: 32_000, local: node.id !== 'https'}));
const all = seeds.map(seed => seed.id);

const fold = (actions: Action[], state: AppState = initialState({module: 'gitlab.test/g/p', host: 'gitlab.test', steps: seeds})) => actions.reduce(reduce, state);
const step = (state: AppState, id: CheckId) => state.steps.find(s => s.id === id)!;

test('layout: a step sits one level below the deepest step it needs; feeds and waitsFor follow needs and after', () => {
	assert.deepEqual(graph.map(node => [node.id, node.depth]), [['go-env', 0], ['module-path', 0], ['netrc', 0], ['https', 1], ['token', 2]]);
	assert.deepEqual(graph.find(node => node.id === 'https')!.feeds, ['token']);
	assert.deepEqual(graph.find(node => node.id === 'go-env')!.feeds, ['netrc'], 'a step read through `after` is fed too');
	assert.deepEqual(graph.find(node => node.id === 'netrc')!.waitsFor, ['go-env'], '`after` is waited for');
	assert.deepEqual(graph.find(node => node.id === 'netrc')!.needs, [], '…but is no need');
});

test('engine events: queued → running → done, with the result; the tally follows every event', () => {
	let state = fold([{type: 'run-started', run: 1, at: 100, ids: all}]);
	assert.ok(state.steps.every(s => s.phase === 'queued'));
	assert.equal(isRunning(state), true);
	state = fold([{type: 'step-started', run: 1, id: 'go-env', at: 110}], state);
	assert.equal(step(state, 'go-env').phase, 'running');
	assert.equal(step(state, 'go-env').startedAt, 110);
	assert.deepEqual(tallyOf(state.steps), {pass: 0, warn: 0, fail: 0, skip: 0, running: 1, queued: 4});
	state = fold([{type: 'step-finished', run: 1, result: result({id: 'go-env', status: 'pass', evidence: {goVersion: 'go1.22.2'}, facts: {go: {version: 'go1.22.2', envFile: 'none', settings: []}}})}], state);
	assert.equal(step(state, 'go-env').phase, 'done');
	assert.equal(step(state, 'go-env').result!.status, 'pass');
	assert.equal(goVersionOf(state), 'go1.22.2');
	assert.deepEqual(tallyOf(state.steps), {pass: 1, warn: 0, fail: 0, skip: 0, running: 0, queued: 4});
});

test('run-finished stores the result (exit status, report) and keeps the objects of rows already finished', () => {
	const goEnv = result({id: 'go-env', status: 'pass'});
	const netrc = result({id: 'netrc', status: 'fail'});
	let state = fold([
		{type: 'run-started', run: 1, at: 0, ids: all},
		{type: 'step-finished', run: 1, result: goEnv},
	]);
	const goEnvRow = step(state, 'go-env');
	const checks = [goEnv, result({id: 'module-path', status: 'pass'}), netrc, result({id: 'https', status: 'pass'}), result({id: 'token', status: 'skip', blockedBy: ['netrc']})];
	state = fold([{type: 'run-finished', run: 1, at: 2500, result: runResult(checks)}], state);
	assert.equal(isRunning(state), false);
	assert.equal(state.run!.finishedAt, 2500);
	assert.ok(state.steps.every(s => s.phase === 'done'), 'every step is done, even one whose event was missed');
	assert.equal(step(state, 'go-env'), goEnvRow, 'a finished row is the same object: its memoised row is not drawn again');
	assert.equal(exitStatusOf(state), 1, 'a failed step: exit status 1, as in plain mode');
});

test('exit status: 0 with warnings only, 130 before any run finished', () => {
	assert.equal(exitStatusOf(fold([])), 130);
	const state = fold([
		{type: 'run-started', run: 1, at: 0, ids: all},
		{type: 'run-finished', run: 1, at: 1, result: runResult([result({id: 'go-env', status: 'warn'}), result({id: 'netrc', status: 'skip'})])},
	]);
	assert.equal(exitStatusOf(state), 0);
});

test('a re-run queues only its steps and keeps the others; events of an older run are ignored', () => {
	const first = runResult(all.map(id => result({id, status: id === 'netrc' ? 'warn' : 'pass'})));
	let state = fold([
		{type: 'run-started', run: 1, at: 0, ids: all},
		{type: 'run-finished', run: 1, at: 1, result: first},
		{type: 'run-started', run: 2, at: 5, ids: ['netrc', 'token']},
	]);
	assert.deepEqual(state.steps.map(s => s.phase), ['done', 'done', 'queued', 'done', 'queued']);
	assert.equal(step(state, 'netrc').result, undefined, 'the old result is not shown as if current');
	assert.equal(step(state, 'go-env').result!.status, 'pass');
	state = fold([{type: 'step-finished', run: 1, result: result({id: 'netrc', status: 'fail'})}], state);
	assert.equal(step(state, 'netrc').phase, 'queued', 'a late event from run 1 changes nothing');
	state = fold([{type: 'step-finished', run: 2, result: result({id: 'netrc', status: 'pass'})}], state);
	assert.equal(step(state, 'netrc').result!.status, 'pass');
	assert.equal(state.result, first, 'the last complete result stays until the re-run finishes');
});

test('selection: moves and stops at both ends, resets the chosen fix and scroll, clears a notice', () => {
	let state = fold([{type: 'notice', notice: {tone: 'info', text: 'x'}}, {type: 'scroll', delta: 5}]);
	state = fold([{type: 'select', delta: -1}], state);
	assert.equal(state.selected, 0);
	assert.ok(state.notice, 'nothing moved, nothing changed');
	state = fold([{type: 'select', delta: 1}], state);
	assert.equal(state.selected, 1);
	assert.equal(state.scroll, 0);
	assert.equal(state.notice, undefined);
	state = fold([{type: 'select', delta: 99}], state);
	assert.equal(state.selected, seeds.length - 1);
});

test('details: toggle opens and closes; next-fix cycles through the fixes and opens the details', () => {
	const fixes = [{title: 'a', commands: ['x'], safe: true}, {title: 'b', commands: ['y'], safe: false}];
	let state = fold([
		{type: 'run-started', run: 1, at: 0, ids: all},
		{type: 'step-finished', run: 1, result: result({id: 'go-env', status: 'fail', fixes})},
		{type: 'toggle-details'},
	]);
	assert.equal(state.expanded, true);
	state = fold([{type: 'toggle-details'}, {type: 'next-fix'}], state);
	assert.equal(state.fixIndex, 1);
	assert.equal(state.expanded, true);
	state = fold([{type: 'next-fix'}], state);
	assert.equal(state.fixIndex, 0, 'wraps around');
});

test('the fix dialog goes planning → confirm → secret (only a count of typed characters) → applying → closed', () => {
	let state = fold([{type: 'fix-planning', stepId: 'netrc', title: 'Add an entry'}]);
	assert.deepEqual(state.overlay, {kind: 'fix', stepId: 'netrc', title: 'Add an entry', stage: 'planning'});
	state = fold([{type: 'fix-planned', preview: '+ machine gitlab.test', secretPrompt: 'Token'}], state);
	assert.equal(state.overlay.kind === 'fix' && state.overlay.stage, 'confirm');
	state = fold([{type: 'fix-secret', prompt: 'Token'}, {type: 'fix-secret-typed', typed: 3}], state);
	assert.deepEqual(state.overlay, {kind: 'fix', stepId: 'netrc', title: 'Add an entry', stage: 'secret', prompt: 'Token', typed: 3});
	assert.doesNotMatch(JSON.stringify(state), /glpat/, 'no secret can be in the state: the action carries only a count');
	state = fold([{type: 'fix-applying'}, {type: 'fix-closed'}], state);
	assert.deepEqual(state.overlay, {kind: 'none'});
});

test('a plain input for a fix keeps its text, without control characters', () => {
	const state = fold([
		{type: 'fix-planning', stepId: 'https', title: 'Trust the CA'},
		{type: 'fix-input', prompt: 'CA file'},
		{type: 'fix-input-typed', text: '/etc/ca.pem\u001B'},
	]);
	assert.equal(state.overlay.kind === 'fix' && state.overlay.stage === 'input' && state.overlay.text, '/etc/ca.pem');
});

test('prompt: typing filters the suggestions; ↑/↓ put the highlighted one in the field; erasing edits the typed text', () => {
	let state = initialState();
	assert.equal(state.phase, 'prompt');
	state = fold(
		[
			{type: 'prompt-loaded', suggestions: [{module: 'gitlab.test/a/one', why: 'GOPRIVATE'}, {module: 'gitlab.test/b/two', why: '.netrc'}, {module: 'other.test/x', why: '.netrc'}]},
			{type: 'prompt-insert', text: 'gitlab'},
		],
		state,
	);
	assert.deepEqual(visibleSuggestions(state.prompt).map(s => s.module), ['gitlab.test/a/one', 'gitlab.test/b/two']);
	state = fold([{type: 'prompt-move', delta: 1}, {type: 'prompt-move', delta: 1}], state);
	assert.equal(state.prompt.text, 'gitlab.test/b/two');
	assert.equal(visibleSuggestions(state.prompt).length, 2, 'choosing does not narrow the list');
	state = fold([{type: 'prompt-move', delta: 5}], state);
	assert.equal(state.prompt.highlighted, 1, 'stops at the last');
	state = fold([{type: 'prompt-move', delta: -9}], state);
	assert.equal(state.prompt.text, 'gitlab', 'back above the list: what was typed');
	state = fold([{type: 'prompt-erase'}, {type: 'prompt-insert', text: 'b\n'}], state);
	assert.equal(state.prompt.text, 'gitlab', 'a pasted newline is dropped');
	state = fold([{type: 'prompt-error', error: 'bad', hint: 'try'}, {type: 'prompt-clear'}], state);
	assert.equal(state.prompt.text, '');
	assert.equal(state.prompt.error, undefined, 'editing clears the error');
});

test('choosing a module switches to the run with the graph given', () => {
	const state = fold([{type: 'module-chosen', module: 'gitlab.test/g/p', host: 'gitlab.test', steps: seeds}], initialState());
	assert.equal(state.phase, 'run');
	assert.equal(state.host, 'gitlab.test');
	assert.deepEqual(state.steps.map(s => s.phase), ['idle', 'idle', 'idle', 'idle', 'idle']);
});

test('the key context follows the state: prompt, list, help, the y/N question, the two fields, a fix at work', () => {
	assert.equal(keyContextOf(initialState()), 'prompt');
	let state = fold([]);
	assert.equal(keyContextOf(state), 'browse');
	assert.equal(keyContextOf(fold([{type: 'help', open: true}], state)), 'help');
	state = fold([{type: 'fix-planning', stepId: 'netrc', title: 't'}], state);
	assert.equal(keyContextOf(state), 'busy');
	assert.equal(keyContextOf(fold([{type: 'fix-planned', preview: 'p'}], state)), 'confirm');
	assert.equal(keyContextOf(fold([{type: 'fix-secret', prompt: 'p'}], state)), 'secret');
	assert.equal(keyContextOf(fold([{type: 'fix-input', prompt: 'p'}], state)), 'input');
	assert.equal(keyContextOf(fold([{type: 'fix-applying'}], state)), 'busy');
	assert.equal(keyContextOf(fold([{type: 'fix-closed'}], state)), 'browse');
});

test('a run the engine could not finish is over: no spinner left, the steps it did not finish are idle again', () => {
	const state = fold([
		{type: 'run-started', run: 1, at: 0, ids: all},
		{type: 'step-started', run: 1, id: 'go-env', at: 1},
		{type: 'step-finished', run: 1, result: result({id: 'module-path', status: 'pass'})},
		{type: 'run-stopped', run: 1, at: 5},
	]);
	assert.equal(isRunning(state), false);
	assert.deepEqual(state.steps.map(s => s.phase), ['idle', 'done', 'idle', 'idle', 'idle']);
	assert.equal(exitStatusOf(state), 130, 'no verdict without a result');
});
