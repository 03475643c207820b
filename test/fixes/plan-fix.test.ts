// planFix as the TUI uses it: which fixes it takes, and the fixes the real checks offer.
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {mkdtempSync, readFileSync, rmSync, statSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {netrcCheck} from '../../source/checks/netrc.js';
import {Redactor} from '../../source/engine/redact.js';
import {planFix} from '../../source/fixes/index.js';
import {findGoNetrcEntry, parseGoNetrc} from '../../source/rules/go-netrc.js';
import {nodeFileWriter} from '../../source/system/file-writer.js';
import {createNodeSystem} from '../../source/system/node-system.js';
import {fakeSystem} from '../helpers/fake-system.js';
import {runCheck} from '../helpers/fake-system.js';

test('a fix that is not safe, or has no actions, is unavailable: the user runs its commands', async () => {
	const context = {system: fakeSystem({}), redactor: new Redactor()};
	assert.ok('unavailable' in (await planFix({title: 't', commands: ['x'], safe: false, actions: [{kind: 'chmod', path: '/x', mode: 0o600}]}, context)));
	assert.ok('unavailable' in (await planFix({title: 't', commands: ['x'], safe: true}, context)));
	assert.ok('unavailable' in (await planFix({title: 't', commands: ['x'], safe: true, actions: []}, context)));
});

test('the netrc check\'s own fixes apply: chmod 600 and an added entry on a real file, and Go then finds the token', async t => {
	const home = mkdtempSync(join(tmpdir(), 'ggc-planfix-'));
	t.after(() => rmSync(home, {recursive: true, force: true, maxRetries: 5, retryDelay: 100}));
	const path = join(home, '.netrc');
	writeFileSync(path, 'machine other.example.com login a password pa\n', {mode: 0o644});
	const system = createNodeSystem({HOME: home, PATH: process.env['PATH']});
	const {outcome, redactor} = await runCheck(netrcCheck, system);
	const fixes = outcome.fixes ?? [];
	const entryFix = fixes.find(fix => fix.actions?.some(action => action.kind === 'netrc-entry'));
	const chmodFix = fixes.find(fix => fix.actions?.some(action => action.kind === 'chmod'));
	assert.ok(entryFix && chmodFix, JSON.stringify(fixes));

	const entryPlan = await planFix(entryFix, {system, redactor});
	assert.ok(!('unavailable' in entryPlan), JSON.stringify(entryPlan));
	assert.equal(entryPlan.title, entryFix.title);
	assert.ok(entryPlan.secretPrompt);
	const token = 'glpat-FromTheMaskedField9';
	assert.ok((await entryPlan.apply({secret: token})).ok);
	// The entry fix never leaves the token in a file others can read: it made the file 600 itself.
	assert.equal(statSync(path).mode & 0o777, 0o600);
	const chmodPlan = await planFix(chmodFix, {system, redactor});
	assert.deepEqual(chmodPlan, {unavailable: `${path} already has mode 600: nothing to do`});

	assert.equal(statSync(path).mode & 0o777, 0o600);
	const text = readFileSync(path, 'utf8');
	assert.equal(findGoNetrcEntry(parseGoNetrc(text).entries, 'gitlab.example.com')?.password, token);
	assert.ok(text.startsWith('machine other.example.com login a password pa\n'));
	const again = await runCheck(netrcCheck, system);
	assert.equal(again.outcome.status, 'pass', again.outcome.summary);
	assert.match(again.outcome.summary, /Go and git both send oauth2 \/ glpat-\*\*\*\*/);
});

test('Ctrl-C between the steps of a fix: the next step does not run, and the message says what was done', async t => {
	const home = mkdtempSync(join(tmpdir(), 'ggc-planfix-'));
	t.after(() => rmSync(home, {recursive: true, force: true, maxRetries: 5, retryDelay: 100}));
	const first = join(home, 'first');
	const second = join(home, 'second');
	writeFileSync(first, 'a', {mode: 0o644});
	writeFileSync(second, 'b', {mode: 0o644});
	const system = createNodeSystem({HOME: home, PATH: process.env['PATH']});
	const stop = new AbortController();
	let calls = 0;
	// The first step runs; Ctrl-C comes while it does.
	const writer = {
		...nodeFileWriter,
		chmod: async (path: string, mode: number) => {
			calls++;
			await nodeFileWriter.chmod(path, mode);
			stop.abort();
		},
	};
	const plan = await planFix(
		{title: 'two steps', commands: [], safe: true, actions: [{kind: 'chmod', path: first, mode: 0o600}, {kind: 'chmod', path: second, mode: 0o600}]},
		{system, redactor: new Redactor(), writer},
	);
	assert.ok(!('unavailable' in plan));
	const result = await plan.apply({signal: stop.signal});
	assert.equal(result.ok, false);
	assert.equal(result.stopped, true);
	assert.equal(statSync(first).mode & 0o777, 0o600, 'the step before Ctrl-C was done');
	assert.equal(statSync(second).mode & 0o777, 0o644, 'the step after Ctrl-C was not run');
	assert.match(result.message, /Stopped \(Ctrl-C\): the step above was done; the last step was not run\./);
	assert.equal(calls, 1);
});
