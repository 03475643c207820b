import {test} from 'node:test';
import assert from 'node:assert/strict';
import {fakeCheck, makeSession, recordingPlanner, standardChecks, token} from './fixtures.js';

const stepOf = (harness: ReturnType<typeof makeSession>, id: string) => harness.session.state.steps.find(step => step.id === id)!;

test('a session with a module runs every step at once and exits like plain mode: 1 when a step failed', async () => {
	const c = standardChecks();
	const harness = makeSession([c.goEnv, c.modulePath, c.netrc, c.token]);
	harness.session.start('gitlab.test/group/project');
	assert.equal(harness.session.state.phase, 'run');
	await harness.session.idle();
	const {state} = harness.session;
	assert.deepEqual(state.steps.map(step => [step.id, step.result?.status]), [['go-env', 'pass'], ['module-path', 'pass'], ['netrc', 'fail'], ['token', 'skip']]);
	assert.deepEqual(stepOf(harness, 'token').result!.blockedBy, ['netrc']);
	assert.equal(state.gitVersion, '2.43.0');
	assert.equal(harness.session.exitStatus(), 1);
});

test('r re-runs the step and what depends on it, reusing the rest, each run with a fresh context', async () => {
	let netrcStatus: 'fail' | 'pass' = 'fail';
	const c = standardChecks({netrcStatus: () => netrcStatus});
	const harness = makeSession([c.goEnv, c.modulePath, c.netrc, c.token]);
	harness.session.start('gitlab.test/group/project');
	await harness.session.idle();
	netrcStatus = 'pass';
	harness.session.rerun('netrc');
	assert.deepEqual(harness.session.state.steps.filter(step => step.phase === 'queued').map(step => step.id), ['netrc', 'token']);
	await harness.session.idle();
	assert.deepEqual([c.goEnv.runs, c.modulePath.runs, c.netrc.runs, c.token.runs], [1, 1, 2, 1], 'token ran only now: it was blocked before');
	assert.equal(stepOf(harness, 'token').result!.status, 'pass');
	assert.notEqual(c.netrc.contexts[0], c.netrc.contexts[1], 'per-run memos (the .netrc read) start over');
	assert.equal(harness.session.exitStatus(), 0, 'the exit status follows the latest run');
	harness.session.rerun('all');
	await harness.session.idle();
	assert.deepEqual([c.goEnv.runs, c.modulePath.runs, c.netrc.runs, c.token.runs], [2, 2, 3, 2]);
});

test('a re-run asked for while steps run is refused with a word, not started twice', async () => {
	const c = standardChecks();
	const harness = makeSession([c.goEnv, c.modulePath]);
	harness.session.start('gitlab.test/group/project');
	harness.session.rerun('all');
	assert.match(harness.session.state.notice?.text ?? '', /still running/);
	await harness.session.idle();
	assert.equal(c.goEnv.runs, 1);
});

test('c sends the selected fix\'s commands by OSC 52, redacted, and prints them; a fix with no command says why', async () => {
	const c = standardChecks();
	const harness = makeSession([c.goEnv, c.modulePath, c.netrc]);
	harness.session.start('gitlab.test/group/project');
	await harness.session.idle();
	harness.session.dispatch({type: 'select', delta: 2});
	harness.session.copy();
	assert.match(harness.session.state.notice!.text, /no command to copy: it needs a person; see https:\/\/gitlab.test\/help/);
	assert.deepEqual(harness.terminal, []);
	harness.session.dispatch({type: 'next-fix'});
	harness.session.copy();
	assert.deepEqual(harness.terminal, [`\u001B]52;c;${Buffer.from('chmod 600 /home/u/.netrc').toString('base64')}\u0007`]);
	assert.deepEqual(harness.session.state.notice!.lines, ['chmod 600 /home/u/.netrc']);
});

test('c on a terminal that cannot take OSC 52 prints the command only', async () => {
	const c = standardChecks();
	const harness = makeSession([c.netrc], {writeToTerminal: undefined});
	harness.session.start('gitlab.test/group/project');
	await harness.session.idle();
	harness.session.dispatch({type: 'next-fix'});
	harness.session.copy();
	assert.match(harness.session.state.notice!.text, /cannot take a clipboard request/);
	assert.deepEqual(harness.session.state.notice!.lines, ['chmod 600 /home/u/.netrc']);
});

test('f plans the safe fix (never the one that needs a person), shows it, and N changes nothing', async () => {
	const c = standardChecks();
	const planner = recordingPlanner();
	const harness = makeSession([c.goEnv, c.netrc, c.token], {planFix: planner.planFix});
	harness.session.start('gitlab.test/group/project');
	await harness.session.idle();
	harness.session.dispatch({type: 'select', delta: 1});
	harness.session.fix();
	await harness.session.idle();
	assert.deepEqual(planner.planned, ['Make /home/u/.netrc readable by you alone'], 'fix 1 needs a person: the safe one is planned');
	const {overlay} = harness.session.state;
	assert.ok(overlay.kind === 'fix' && overlay.stage === 'confirm');
	assert.match(overlay.preview, /chmod 600 \/home\/u\/\.netrc/);
	harness.session.answer(false);
	await harness.session.idle();
	assert.deepEqual(planner.applied, []);
	assert.equal(harness.session.state.overlay.kind, 'none');
	assert.equal(harness.session.state.notice!.text, 'Nothing was changed.');
	assert.equal(c.netrc.runs, 1);
});

test('y applies the fix, says what changed and where the backup is, then runs every step again (any may read what changed)', async () => {
	let fixed = false;
	const c = standardChecks({netrcStatus: () => (fixed ? 'pass' : 'fail')});
	const planner = recordingPlanner({onApply: () => (fixed = true)});
	const harness = makeSession([c.goEnv, c.netrc, c.token], {planFix: planner.planFix});
	harness.session.start('gitlab.test/group/project');
	await harness.session.idle();
	harness.session.dispatch({type: 'select', delta: 1});
	harness.session.fix();
	await harness.session.idle();
	harness.session.answer(true);
	await harness.session.idle();
	assert.deepEqual(planner.applied, [{}]);
	assert.deepEqual([c.goEnv.runs, c.netrc.runs, c.token.runs], [2, 2, 1], 'token had been blocked: this is its first run');
	assert.equal(stepOf(harness, 'netrc').result!.status, 'pass');
	assert.equal(stepOf(harness, 'token').result!.status, 'pass');
	assert.match(harness.session.state.notice!.text, /mode is now 600/);
	assert.deepEqual(harness.session.state.notice!.lines, ['The previous version is kept in /home/u/.netrc.bak']);
	assert.equal(harness.session.exitStatus(), 0);
});

test('a fix that needs a token asks in a masked field: the token reaches apply and the redactor, never the state', async () => {
	const c = standardChecks();
	const planner = recordingPlanner({secretPrompt: 'Personal access token for gitlab.test'});
	const harness = makeSession([c.netrc], {planFix: planner.planFix});
	harness.session.start('gitlab.test/group/project');
	await harness.session.idle();
	harness.session.fix();
	await harness.session.idle();
	harness.session.answer(true);
	const secret = 'glpat-NewSecretValue12345';
	for (const char of secret) harness.session.typeInField(char);
	harness.session.eraseInField();
	harness.session.typeInField('5');
	const {overlay} = harness.session.state;
	assert.ok(overlay.kind === 'fix' && overlay.stage === 'secret' && overlay.typed === secret.length);
	assert.doesNotMatch(JSON.stringify(harness.session.state), /NewSecret/);
	harness.session.submitField();
	await harness.session.idle();
	assert.deepEqual(planner.applied, [{secret}]);
	assert.equal(harness.redactor.redact(`token ${secret}`), 'token glpat-****');
});

test('a fix that needs a plain value (a CA file) asks for it visibly, then applies with it', async () => {
	const c = standardChecks();
	const planner = recordingPlanner({inputPrompt: 'CA file to trust'});
	const harness = makeSession([c.netrc], {planFix: planner.planFix});
	harness.session.start('gitlab.test/group/project');
	await harness.session.idle();
	harness.session.fix();
	await harness.session.idle();
	harness.session.answer(true);
	for (const char of '/etc/ca.pem') harness.session.typeInField(char);
	const {overlay} = harness.session.state;
	assert.ok(overlay.kind === 'fix' && overlay.stage === 'input' && overlay.text === '/etc/ca.pem');
	harness.session.submitField();
	await harness.session.idle();
	assert.deepEqual(planner.applied, [{input: '/etc/ca.pem'}]);
});

test('f on a step whose fixes all need a person plans nothing and opens the details', async () => {
	const c = standardChecks();
	const planner = recordingPlanner();
	const harness = makeSession([c.netrc], {planFix: planner.planFix});
	harness.session.start('gitlab.test/group/project');
	await harness.session.idle();
	const manualOnly = {...harness.session.state.steps[0]!.result!, fixes: [harness.session.state.steps[0]!.result!.fixes[0]!]};
	harness.session.dispatch({type: 'step-finished', run: harness.session.state.run!.id, result: manualOnly});
	harness.session.fix();
	assert.deepEqual(planner.planned, []);
	assert.match(harness.session.state.notice!.text, /need a person/);
	assert.equal(harness.session.state.expanded, true);
});

test('s writes the redacted report to ./gitlab-go-check-report.md (or --report FILE) and says where', async () => {
	const c = standardChecks();
	const harness = makeSession([c.goEnv, c.netrc]);
	harness.session.start('gitlab.test/group/project');
	harness.session.save();
	assert.match(harness.session.state.notice!.text, /still running/, 'no report of a run that has not finished');
	await harness.session.idle();
	harness.session.save();
	await harness.session.idle();
	const report = harness.written.get('/work/app/gitlab-go-check-report.md');
	assert.ok(report, 'written to the default file in the working directory');
	assert.match(report, /netrc: fail/);
	assert.doesNotMatch(report, new RegExp(token), 'the token is masked even if the writer forgot');
	assert.match(report, /glpat-\*\*\*\*/);
	assert.equal(harness.session.state.notice!.text, 'Report saved to /work/app/gitlab-go-check-report.md (redacted: tokens are masked).');
});

test('--report FILE: the report is written at the end of every run, without a key', async () => {
	const c = standardChecks();
	const harness = makeSession([c.goEnv], {reportFile: '/tmp/out/report.md'});
	harness.session.start('gitlab.test/group/project');
	await harness.session.idle();
	assert.match(harness.written.get('/tmp/out/report.md') ?? '', /go-env: pass/);
});

test('without the report writer or the fix engine, the keys say so instead of failing', async () => {
	const c = standardChecks();
	const harness = makeSession([c.netrc], {renderReport: undefined});
	harness.session.start('gitlab.test/group/project');
	await harness.session.idle();
	harness.session.save();
	await harness.session.idle();
	assert.match(harness.session.state.notice!.text, /report writer is not available/);
	harness.session.fix();
	assert.match(harness.session.state.notice!.text, /not available in this build/);
});

test('Ctrl-C stops the run: the step is cancelled and the exit status is 130', async () => {
	const never = fakeCheck('token', 'GitLab token', [], () => ({status: 'pass', summary: 'never'}), {held: true});
	const harness = makeSession([standardChecks().goEnv, never]);
	harness.session.start('gitlab.test/group/project');
	while (never.runs === 0) await new Promise(resolve => setTimeout(resolve, 1));
	harness.session.interrupt();
	await harness.session.idle();
	assert.equal(harness.session.exitStatus(), 130);
	assert.equal(harness.session.state.steps.find(step => step.id === 'token')!.result!.summary, 'cancelled', 'it was running and is stopped, not waited for');
});

test('no module: the prompt opens with the private modules of ./go.mod; an invalid module stays in the prompt with the reason', async () => {
	const c = standardChecks();
	const harness = makeSession([c.goEnv], {}, {
		env: {HOME: '/home/u', GOPRIVATE: 'gitlab.test'},
		files: {'/work/app/go.mod': 'module example.com/app\nrequire gitlab.test/group/lib v1.0.0\n'},
	});
	harness.session.start(undefined);
	assert.equal(harness.session.state.prompt.loading, true);
	await harness.session.idle();
	assert.deepEqual(harness.session.state.prompt.suggestions, [{module: 'gitlab.test/group/lib', why: 'GOPRIVATE entry gitlab.test'}]);
	assert.equal(harness.session.choose('https://gitlab.test/group/lib'), false);
	assert.equal(harness.session.state.phase, 'prompt');
	assert.match(harness.session.state.prompt.error!, /is not an import path/);
	assert.equal(harness.session.choose('gitlab.test/group/lib'), true);
	await harness.session.idle();
	assert.equal(harness.session.state.module, 'gitlab.test/group/lib');
	assert.equal(c.goEnv.runs, 1);
});

test('an invalid MODULE on the command line opens the prompt with it, and the reason', async () => {
	const harness = makeSession([standardChecks().goEnv]);
	harness.session.start('git@gitlab.test:group/lib.git');
	await harness.session.idle();
	assert.equal(harness.session.state.phase, 'prompt');
	assert.equal(harness.session.state.prompt.text, 'git@gitlab.test:group/lib.git');
	assert.match(harness.session.state.prompt.error!, /not an import path/);
	assert.match(harness.session.state.prompt.hint!, /gitlab\.test\/group\/lib/);
});

test('an engine that throws (a bug) ends the run with a word on screen and exit status 2, as a crash in plain mode', async () => {
	// The TUI asks for the limit once (for "6 s of 10"); the engine's second call throws outside any check.
	let asked = 0;
	const broken = fakeCheck('go-env', 'Go settings', [], () => ({status: 'pass', summary: 'x'}), {
		timeLimitMs: () => {
			if (asked++ > 0) throw new Error('limit bug');
			return 1000;
		},
	});
	const harness = makeSession([broken]);
	harness.session.start('gitlab.test/group/project');
	await harness.session.idle();
	assert.equal(harness.session.state.run!.finishedAt !== undefined, true);
	assert.equal(harness.session.state.notice?.text, 'The run stopped: limit bug');
	assert.equal(harness.session.exitStatus(), 2);
});

test('keys without Ink: commands go through Session.perform; j moves, Enter opens, q leaves with the verdict', async () => {
	const c = standardChecks();
	const harness = makeSession([c.goEnv, c.modulePath, c.netrc, c.token]);
	const {session} = harness;
	for (const text of 'gitlab.test/group/project') assert.equal(session.perform({command: 'insert', text}), undefined);
	assert.equal(session.state.prompt.text, 'gitlab.test/group/project');
	session.perform({command: 'submit'});
	assert.equal(session.state.phase, 'run');
	await session.idle();
	const before = session.state.selected;
	session.perform({command: 'down'});
	assert.equal(session.state.selected, before + 1);
	const expanded = session.state.expanded;
	session.perform({command: 'toggle'});
	assert.equal(session.state.expanded, !expanded);
	session.perform({command: 'scroll-down'}, {canScroll: () => false});
	assert.equal(session.perform({command: 'quit'}), 'leave');
	assert.equal(session.ended, true);
	assert.equal(session.exitStatus(), 1);
});

test('Ctrl-C through Session.perform leaves with 130; Esc at the prompt leaves too', () => {
	const first = makeSession([]).session;
	assert.equal(first.perform({command: 'interrupt'}), 'leave');
	assert.equal(first.exitStatus(), 130);
	const second = makeSession([]).session;
	second.dispatch({type: 'prompt-insert', text: 'x'});
	assert.equal(second.perform({command: 'cancel'}), 'leave');
});

test('Ctrl-C while a fix is applied: the fix gets the abort, and what it did is kept for stderr after the app exits', async () => {
	const c = standardChecks();
	let seen: AbortSignal | undefined;
	const planFix = async () => ({
		title: 'two steps',
		preview: 'chmod, then an entry',
		async apply(input?: {signal?: AbortSignal}) {
			seen = input?.signal;
			await new Promise<void>(resolve => input?.signal?.addEventListener('abort', () => resolve(), {once: true}));
			return {ok: false, stopped: true, message: 'chmod 600 done. Stopped (Ctrl-C): the step above was done; the last step was not run.'};
		},
	});
	const harness = makeSession([c.goEnv, c.netrc, c.token], {planFix});
	harness.session.start('gitlab.test/group/project');
	await harness.session.idle();
	harness.session.dispatch({type: 'select', delta: 1});
	harness.session.fix();
	await harness.session.idle();
	harness.session.answer(true);
	assert.ok(seen && !seen.aborted);
	assert.equal(harness.session.perform({command: 'interrupt'}), 'leave');
	await harness.session.idle();
	assert.equal(seen.aborted, true);
	assert.deepEqual(harness.session.exitReport(), ['two steps: chmod 600 done. Stopped (Ctrl-C): the step above was done; the last step was not run.']);
	assert.equal(harness.session.exitStatus(), 130);
});

test('a module view opened from a repository overview checks the requirement as repository mode does: a module root at its required version', async () => {
	const c = standardChecks();
	const harness = makeSession([c.goEnv, c.modulePath], {required: {module: 'gitlab.test/group/project', file: '/work/app/go.mod', version: 'v1.2.0'}});
	harness.session.start('gitlab.test/group/project');
	await harness.session.idle();
	const context = c.modulePath.contexts.at(-1)!;
	assert.equal(context.target.moduleRoot, true);
	assert.equal(context.target.version, 'v1.2.0');
	assert.deepEqual(context.target.candidates, ['gitlab.test/group/project'], 'only the module path itself, never a prefix');
	assert.equal(context.options.goModFile, '/work/app/go.mod');

	const other = makeSession([c.goEnv, c.modulePath], {required: {module: 'gitlab.test/group/project', file: '/work/app/go.mod'}});
	other.session.start('gitlab.test/group/other');
	await other.session.idle();
	assert.equal(c.modulePath.contexts.at(-1)!.target.moduleRoot, undefined, 'another module typed in the view is what go get is given');
});
