/** @jsxRuntime automatic @jsxImportSource react */
import {test} from 'node:test';
import assert from 'node:assert/strict';
import chalk from 'chalk';
import stringWidth from 'string-width';
import {App} from '../../source/ui/components/App.js';
import {UiContext, type Ui} from '../../source/ui/hooks/use-ui.js';
import {bindingsFor} from '../../source/ui/key-bindings.js';
import {keys, render} from '../helpers/render.js';
import {fakeCheck, makeSession, recordingPlanner, standardChecks, token, type Harness} from './fixtures.js';

function renderApp(harness: Harness, options: {color?: boolean; columns?: number; rows?: number; now?: () => number; canApplyFixes?: boolean} = {}) {
	const ui: Ui = {color: options.color ?? false, redact: text => harness.redactor.redact(text), now: options.now ?? (() => harness.system.now())};
	return render(
		<UiContext.Provider value={ui}>
			<App session={harness.session} canApplyFixes={options.canApplyFixes ?? true} />
		</UiContext.Provider>,
		{columns: options.columns, rows: options.rows},
	);
}

const rowOf = (frame: string, title: string) => frame.split('\n').find(line => line.includes(title)) ?? '';
const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

test('the first frame comes at once: header with the module and host, every step in order, spinners while they run', async () => {
	const c = standardChecks();
	const held = fakeCheck('go-env', 'Go settings', [], () => ({status: 'pass', summary: 'go1.22.2', evidence: {goVersion: 'go1.22.2'}, facts: {go: {version: 'go1.22.2', envFile: 'none', settings: []}}}), {held: true});
	const harness = makeSession([held, c.modulePath, c.netrc, c.token]);
	harness.session.start('gitlab.test/group/project');
	const app = renderApp(harness);
	const first = app.lastFrame();
	assert.match(first, /gitlab-go-check gitlab\.test\/group\/project/);
	assert.match(first, /host gitlab\.test · Go … · git …/);
	const order = ['Go settings', 'Module path', '.netrc credentials', 'GitLab token'].map(title => first.indexOf(title));
	assert.deepEqual([...order].sort((a, b) => a - b), order, 'dependency order');
	const running = await app.waitFor(frame => / run /.test(rowOf(frame, 'Go settings')));
	assert.match(rowOf(running, 'Go settings'), /[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏] run/, 'a spinner and a word while it runs');
	held.release();
	const done = await app.waitFor(/✓ 2 pass {2}! 0 warn {2}✗ 1 fail {2}- 1 skip/);
	assert.match(done, /Go go1\.22\.2 · git 2\.43\.0 · took/, 'Go and git versions, and the time taken');
	assert.match(rowOf(done, 'Go settings'), /✓ pass +Go settings +\d+ ms +go1\.22\.2/);
	assert.match(rowOf(done, '.netrc credentials'), /✗ fail/);
	app.unmount();
});

test('edges are visible: a step sits under what it needs; selecting it marks what feeds it (▲) and what depends on it (▼)', async () => {
	const c = standardChecks();
	const harness = makeSession([c.goEnv, c.modulePath, c.netrc, c.token]);
	harness.session.start('gitlab.test/group/project');
	const app = renderApp(harness);
	await harness.session.idle();
	let frame = await app.waitFor(/- 1 skip/);
	assert.match(rowOf(frame, 'GitLab token'), /└ GitLab token/);
	assert.match(frame, /⏎ opens Go settings · first problem: \.netrc credentials \(2 down\)/, 'the way to the failure');
	await app.press('j', 'j');
	frame = await app.waitFor(frame => rowOf(frame, '.netrc credentials').startsWith('›'));
	assert.match(rowOf(frame, 'GitLab token'), /^▼/, 'token needs netrc');
	assert.match(rowOf(frame, 'Go settings'), /^▲/, 'netrc reads go-env\'s result (after)');
	assert.match(rowOf(frame, 'Module path'), /^ {2}/, 'unrelated');
	await app.press(keys.down);
	frame = await app.waitFor(frame => rowOf(frame, 'GitLab token').startsWith('›'));
	assert.match(rowOf(frame, '.netrc credentials'), /^▲/);
	app.unmount();
});

test('a skipped step says which failure blocked it', async () => {
	const c = standardChecks();
	const harness = makeSession([c.goEnv, c.netrc, c.token]);
	harness.session.start('gitlab.test/group/project');
	const app = renderApp(harness);
	const frame = await app.waitFor(/- 1 skip/);
	assert.match(rowOf(frame, 'GitLab token'), /- skip +└ GitLab token +blocked by \.netrc credentials \(fail\)/);
	app.unmount();
});

test('a slow step says what it waits for and how long of its limit, and the tally counts it as still to go', async () => {
	let clock = 0;
	const slow = fakeCheck('https', 'HTTPS', [], () => ({status: 'pass', summary: 'ok'}), {held: true, local: false, waitingFor: () => 'gitlab.example.com', timeLimitMs: () => 10_000});
	const harness = makeSession([slow]);
	harness.system.now = () => clock;
	harness.session.start('gitlab.example.com/group/project');
	const app = renderApp(harness);
	await app.waitFor(/waiting for gitlab\.example\.com…/);
	clock = 6_200;
	// The clock is read once a second while something runs.
	const frame = await app.waitFor(/waiting for gitlab\.example\.com, 6 s of 10/, 3000);
	assert.match(frame, /… 1 to go/);
	assert.match(rowOf(frame, 'HTTPS'), /6\.0 s/);
	slow.release();
	await app.waitFor(/✓ 1 pass/);
	app.unmount();
});

test('Enter opens the details: why, evidence, each fix with its exact commands and link; nothing shows the token', async () => {
	const c = standardChecks();
	const harness = makeSession([c.goEnv, c.netrc, c.token]);
	harness.session.start('gitlab.test/group/project');
	const app = renderApp(harness);
	await app.waitFor(/- 1 skip/);
	await app.press('j', keys.enter);
	const frame = await app.waitFor(/Evidence/);
	assert.match(frame, /✗ fail \.netrc credentials/);
	assert.match(frame, /Why\n +It holds secrets\./);
	assert.match(frame, /goSends: login alice, password glpat-\*\*\*\*/);
	assert.match(frame, /› Fix 1 of 2: Ask your GitLab admin for access \(needs a person\)\n +https:\/\/gitlab\.test\/help/);
	assert.match(frame, /Fix 2 of 2: Make \/home\/u\/\.netrc readable by you alone \(f applies it, c copies it\)\n +\$ chmod 600 \/home\/u\/\.netrc/);
	assert.match(frame, /Feeds: GitLab token/);
	assert.ok(app.frames.every(written => !written.includes(token)), 'the token never reached the terminal');
	await app.press(keys.tab);
	assert.match(await app.waitFor(/› Fix 2 of 2/), /› Fix 2 of 2/, 'tab chooses the next fix');
	await app.press(keys.right);
	await app.waitFor(frame => !frame.includes('Evidence'));
	app.unmount();
});

test('c copies the chosen fix with OSC 52 and prints the command in the pane', async () => {
	const c = standardChecks();
	const harness = makeSession([c.netrc]);
	harness.session.start('gitlab.test/group/project');
	const app = renderApp(harness);
	await app.waitFor(/✗ 1 fail/);
	await app.press(keys.tab, 'c');
	const frame = await app.waitFor(/Sent to the clipboard/);
	assert.match(frame, /OSC 52\)\. If your terminal ignores that, copy it from here:\n +chmod 600 \/home\/u\/\.netrc/);
	assert.equal(harness.terminal.length, 1);
	app.unmount();
});

test('f shows exactly what will change and asks y/N; y applies, the steps run again and the step turns to pass', async () => {
	let fixed = false;
	const c = standardChecks({netrcStatus: () => (fixed ? 'pass' : 'fail')});
	const planner = recordingPlanner({onApply: () => (fixed = true)});
	const harness = makeSession([c.goEnv, c.netrc, c.token], {planFix: planner.planFix});
	harness.session.start('gitlab.test/group/project');
	const app = renderApp(harness);
	await app.waitFor(/✗ 1 fail/);
	await app.press('j', 'f');
	let frame = await app.waitFor(/Apply this change\? \[y\/N\]/);
	assert.match(frame, /Fix: Make \/home\/u\/\.netrc readable by you alone\nIt will change exactly this:\n +\$ chmod 600 \/home\/u\/\.netrc\n +mode 644 → 600/);
	assert.match(frame, /y apply +N\/esc leave it/, 'the footer shows the keys of the question');
	assert.deepEqual(planner.applied, [], 'nothing applied before y');
	await app.press('y');
	frame = await app.waitFor(frame => /mode is now 600/.test(frame) && /✓ pass +\.netrc credentials/.test(frame));
	assert.match(frame, /✓ 3 pass/);
	assert.match(frame, /The previous version is kept in \/home\/u\/\.netrc\.bak/);
	app.unmount();
});

test('a token asked for by a fix is typed into a masked field: only dots reach the screen', async () => {
	const c = standardChecks();
	const planner = recordingPlanner({secretPrompt: 'Personal access token for gitlab.test (read_api)'});
	const harness = makeSession([c.netrc], {planFix: planner.planFix});
	harness.session.start('gitlab.test/group/project');
	const app = renderApp(harness);
	await app.waitFor(/✗ 1 fail/);
	await app.press('f');
	await app.waitFor(/Apply this change/);
	await app.press('y');
	await app.waitFor(/Personal access token for gitlab\.test/);
	await app.press('glpat-', 'Typed', 'Secret9876', keys.backspace, '6');
	const frame = await app.waitFor(/21 characters, hidden/);
	assert.match(frame, /› •{21}/);
	await app.press(keys.enter);
	await harness.session.idle();
	assert.deepEqual(planner.applied, [{secret: 'glpat-TypedSecret9876'}]);
	assert.ok(app.frames.every(written => !written.includes('TypedSecret')), 'the secret was never drawn');
	app.unmount();
});

test('? lists every key from the key table; Esc closes the help', async () => {
	const harness = makeSession([standardChecks().goEnv]);
	harness.session.start('gitlab.test/group/project');
	const app = renderApp(harness);
	await app.waitFor(/✓ 1 pass/);
	await app.press('?');
	const frame = await app.waitFor(/Keys/);
	for (const binding of bindingsFor('browse', 'help')) assert.ok(frame.includes(binding.help), `help lists "${binding.help}"`);
	await app.press(keys.escape);
	await app.waitFor(frame => !frame.includes('Marks'));
	assert.equal(harness.session.ended, false, 'Esc closed the help, it did not quit');
	app.unmount();
});

test('s saves the report and says where; q quits with the exit status of plain mode', async () => {
	const c = standardChecks();
	const harness = makeSession([c.goEnv, c.netrc]);
	harness.session.start('gitlab.test/group/project');
	const app = renderApp(harness);
	await app.waitFor(/✗ 1 fail/);
	await app.press('s');
	await app.waitFor(/Report saved to \/work\/app\/gitlab-go-check-report\.md/);
	await app.press('q');
	assert.equal(harness.session.ended, true);
	assert.equal(harness.session.exitStatus(), 1);
	app.unmount();
});

test('60 columns: every line fits, each step stays on one line with its glyph and word; a resize redraws', async () => {
	const c = standardChecks();
	const harness = makeSession([c.goEnv, c.modulePath, c.netrc, c.token]);
	harness.session.start('gitlab.test/group/sub/project-with-a-rather-long-name');
	const app = renderApp(harness, {columns: 60, rows: 30});
	let frame = await app.waitFor(/- 1 skip/);
	const assertFits = (text: string, columns: number) => {
		for (const line of text.split('\n')) assert.ok(stringWidth(line) <= columns, `wider than ${columns}: "${line}"`);
	};
	assertFits(frame, 60);
	assert.match(rowOf(frame, '.netrc credentials'), /✗ fail/);
	assert.match(rowOf(frame, 'GitLab token'), /- skip +└ GitLab token +blocked by/);
	assert.ok(frame.split('\n').length <= 29, 'one line shorter than the terminal, so Ink never clears the screen');
	await app.press(keys.enter);
	frame = await app.waitFor(/Evidence|Go settings · /);
	assertFits(frame, 60);
	app.resize(100, 30);
	frame = await app.waitFor(frame => frame.split('\n').some(line => stringWidth(line) > 60));
	assertFits(frame, 100);
	app.unmount();
});

test('NO_COLOR: no colour codes at all, and the words are still there; with colour, a failure is red', async () => {
	const level = chalk.level;
	chalk.level = 1;
	try {
		for (const color of [false, true]) {
			const c = standardChecks();
			const harness = makeSession([c.goEnv, c.netrc, c.token]);
			harness.session.start('gitlab.test/group/project');
			const app = renderApp(harness, {color});
			await app.waitFor(/- 1 skip/);
			const raw = app.lastRawFrame();
			// SGR colours: 30–37, 90–97 (foreground), 40–47 (background), 38;… (256/true colour).
			const colourCodes = /\u001B\[(?:3[0-8]|9[0-7]|4[0-7])(?:;\d+)*m/;
			if (color) assert.match(raw, /\u001B\[31m✗ fail/);
			else assert.doesNotMatch(raw, colourCodes);
			assert.match(app.lastFrame(), /✗ fail/);
			app.unmount();
		}
	} finally {
		chalk.level = level;
	}
});

test('idle means idle: once every step is done, nothing is drawn again (no spinner, no clock)', async () => {
	const harness = makeSession([standardChecks().goEnv]);
	harness.session.start('gitlab.test/group/project');
	const app = renderApp(harness);
	await app.waitFor(/✓ 1 pass/);
	await harness.session.idle();
	await sleep(50);
	const written = app.frames.length;
	await sleep(1300);
	assert.equal(app.frames.length, written, 'no frame while nothing happens');
	app.unmount();
});

test('no MODULE: the prompt offers the private modules of ./go.mod; ↓ and Enter check the one chosen', async () => {
	const c = standardChecks();
	const harness = makeSession([c.goEnv], {}, {
		env: {HOME: '/home/u', GOPRIVATE: 'gitlab.test'},
		files: {'/work/app/go.mod': 'module example.com/app\n\nrequire (\n\tgitlab.test/group/lib v1.0.0\n\tgithub.com/pkg/errors v0.9.1\n)\n'},
	});
	harness.session.start(undefined);
	const app = renderApp(harness);
	let frame = await app.waitFor(/From \.\/go\.mod, looking private \(1 of 1\)/);
	assert.match(frame, /gitlab\.test\/group\/lib +GOPRIVATE entry gitlab\.test/);
	assert.doesNotMatch(frame, /github\.com\/pkg\/errors/);
	await app.press('not a path', keys.enter);
	frame = await app.waitFor(/✗ "not a path" is not/);
	await app.press(keys.ctrlU, keys.down);
	await app.waitFor(/Module › gitlab\.test\/group\/lib/);
	await app.press(keys.enter);
	frame = await app.waitFor(/✓ 1 pass/);
	assert.match(frame, /gitlab-go-check gitlab\.test\/group\/lib/);
	app.unmount();
});

test('keys typed faster than Ink reads them arrive together and still act one by one: jj then Enter opens the third step', async () => {
	const c = standardChecks();
	const harness = makeSession([c.goEnv, c.modulePath, c.netrc]);
	harness.session.start('gitlab.test/group/project');
	const app = renderApp(harness);
	await app.waitFor(/✗ 1 fail/);
	await app.press('jj\r');
	const frame = await app.waitFor(/Evidence/);
	assert.match(rowOf(frame, '.netrc credentials'), /^›/);
	app.unmount();
});

test('a pane taller than the room left is cut at the bottom, never squeezed into overlapping lines; the footer offers PgDn', async () => {
	const c = standardChecks();
	const long = fakeCheck('https', 'HTTPS', [], () => ({
		status: 'fail',
		summary: 'TLS: unknown authority',
		details: Array.from({length: 12}, (_, index) => `detail line ${index + 1} explains one more thing`),
		fixes: [{title: 'Trust the CA', commands: ['git config --global http.sslCAInfo /etc/ca.pem'], safe: false}],
	}));
	const paneOf = (frame: string) => frame.split('\n').filter(line => /detail line|Why|TLS: unknown|Fix|\$ git config/.test(line));
	const full = (() => {
		const harness = makeSession([c.goEnv, long]);
		harness.session.start('gitlab.test/group/project');
		return harness;
	})();
	const unclipped = renderApp(full);
	await unclipped.waitFor(/✗ 1 fail/);
	await unclipped.press('j', keys.enter);
	const whole = paneOf(await unclipped.waitFor(/Trust the CA/));
	unclipped.unmount();

	const harness = makeSession([c.goEnv, long]);
	harness.session.start('gitlab.test/group/project');
	const app = renderApp(harness, {rows: 20});
	await app.waitFor(/✗ 1 fail/);
	await app.press('j', keys.enter);
	const frame = await app.waitFor(/PgDn\/PgUp more/);
	assert.ok(frame.split('\n').length <= 19, 'shorter than the terminal');
	const visible = paneOf(frame);
	assert.ok(visible.length >= 3, frame);
	assert.deepEqual(visible, whole.slice(0, visible.length), 'the lines that show are the first lines of the whole pane, intact');
	await app.press(keys.pageDown);
	const scrolled = await app.waitFor(/more above \(PgUp\)/);
	assert.match(scrolled, /detail line 5 /);
	app.unmount();
});

test('help takes the list\'s place, so all of it fits in a 24-row terminal', async () => {
	const c = standardChecks();
	const harness = makeSession([c.goEnv, c.modulePath, c.netrc, c.token]);
	harness.session.start('gitlab.test/group/project');
	const app = renderApp(harness, {rows: 24, columns: 80});
	await app.waitFor(/- 1 skip/);
	await app.press('?');
	const frame = await app.waitFor(/Marks/);
	for (const binding of bindingsFor('browse', 'help')) assert.ok(frame.includes(binding.help), `help shows "${binding.help}"`);
	assert.doesNotMatch(frame, /GitLab token/, 'the list is out of the way');
	await app.press('?');
	await app.waitFor(/GitLab token/);
	app.unmount();
});

test('what the person types or pastes into the prompt is redacted too: a URL with a token shows masked', async () => {
	const harness = makeSession([standardChecks().goEnv]);
	harness.session.start(undefined);
	const app = renderApp(harness);
	await app.waitFor(/Module ›/);
	await app.press('https://oauth2:glpat-PastedSecret0000@gitlab.test/g/p', keys.enter);
	const frame = await app.waitFor(/is not an import path/);
	assert.match(frame, /Module › https:\/\/oauth2:\*\*\*\*@gitlab\.test\/g\/p/);
	assert.ok(app.frames.every(written => !written.includes('PastedSecret')), 'the token never reached the terminal');
	app.unmount();
});

test('r re-runs the selected step and what depends on it (the header says it was a re-run); R re-runs every step', async () => {
	const c = standardChecks();
	const harness = makeSession([c.goEnv, c.modulePath, c.netrc, c.token]);
	harness.session.start('gitlab.test/group/project');
	const app = renderApp(harness);
	await app.waitFor(/- 1 skip/);
	await app.press('j', 'j', 'r');
	await app.waitFor(/· re-run took /);
	await harness.session.idle();
	assert.deepEqual([c.goEnv.runs, c.modulePath.runs, c.netrc.runs, c.token.runs], [1, 1, 2, 0]);
	await app.press('R');
	await app.waitFor(frame => / · took /.test(frame) && c.goEnv.runs === 2);
	assert.deepEqual([c.goEnv.runs, c.modulePath.runs, c.netrc.runs], [2, 2, 3]);
	app.unmount();
});
