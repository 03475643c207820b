// The built CLI in a real terminal: tmux runs `node dist/cli.js MODULE` against the fake GitLab,
// and the test reads the screen (capture-pane) and types keys (send-keys) as a person would.
import {after, before, test} from 'node:test';
import assert from 'node:assert/strict';
import {spawnSync} from 'node:child_process';
import {chmodSync, mkdirSync, statSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import stringWidth from 'string-width';
import {cliPath} from './helpers/run-cli.js';
import {getTestPki, makeIsolatedEnv, startConnectProxy, startFakeGitlab, type ConnectProxy, type FakeGitlab, type TestPki} from './fake-gitlab/index.js';

const tmuxMissing = spawnSync('tmux', ['-V'], {stdio: 'ignore'}).status !== 0;
const skip = tmuxMissing ? 'tmux is not installed (not on PATH): the real-terminal test of the TUI is skipped' : false;

const TOKEN = 'glpat-alice0readapi0000001';
const MODULE = 'gitlab.test/group/sub/project';

let pki: TestPki;
let gl: FakeGitlab;
let proxy: ConnectProxy;

before(async () => {
	if (skip) return;
	pki = await getTestPki();
	gl = await startFakeGitlab({
		pki,
		projects: [
			{path: 'group/sub/project', visibility: 'private', members: {alice: 'reporter'}},
			{path: 'group/lib', visibility: 'private', members: {alice: 'reporter'}},
		],
		users: [{username: 'alice'}],
		tokens: [{token: TOKEN, username: 'alice', scopes: ['read_api']}],
	});
	proxy = await startConnectProxy({routes: gl.routes});
});

after(async () => {
	await proxy?.close();
	await gl?.close();
});

/** A tmux server of our own (-L), so nothing the person runs in tmux is touched. */
function terminal(name: string) {
	const socket = `ggc-tui-${process.pid}-${name}`;
	const tmux = (...args: string[]) => {
		const result = spawnSync('tmux', ['-L', socket, ...args], {encoding: 'utf8'});
		if (result.status !== 0) throw new Error(`tmux ${args[0]} failed: ${result.stderr}`);
		return result.stdout;
	};
	return {
		start(columns: number, rows: number, env: Record<string, string>, args: string[], cwd: string) {
			const assignments = Object.entries(env).map(([key, value]) => shellQuote(`${key}=${value}`));
			const command = `cd ${shellQuote(cwd)} && env -i ${assignments.join(' ')} ${shellQuote(process.execPath)} ${shellQuote(cliPath)} ${args.map(shellQuote).join(' ')}; echo "[exit status $?]"; sleep 600`;
			tmux('-u', 'new-session', '-d', '-s', 'tui', '-x', String(columns), '-y', String(rows), command);
		},
		screen: (options: {escapes?: boolean} = {}) => tmux('capture-pane', '-p', ...(options.escapes ? ['-e'] : []), '-t', 'tui'),
		keys: (...keys: string[]) => tmux('send-keys', '-t', 'tui', ...keys),
		close() {
			spawnSync('tmux', ['-L', socket, 'kill-server'], {stdio: 'ignore'});
		},
	};
}

type Terminal = ReturnType<typeof terminal>;

function shellQuote(text: string): string {
	return `'${text.replace(/'/g, `'\\''`)}'`;
}

/** Polls the screen until it matches, up to a generous deadline; fails with the screen as it was. */
async function waitForScreen(term: Terminal, match: (screen: string) => boolean, what: string, timeoutMs = 60_000): Promise<string> {
	const deadline = Date.now() + timeoutMs;
	let screen = '';
	while (Date.now() < deadline) {
		screen = term.screen();
		if (match(screen)) return screen;
		await new Promise(resolve => setTimeout(resolve, 100));
	}
	throw new Error(`timed out waiting for ${what}; the screen was:\n${screen}`);
}

const rowOf = (screen: string, title: string) => screen.split('\n').find(line => line.includes(title)) ?? '';
const finished = (screen: string) => /took \d/.test(screen) && /select/.test(screen);

test('in a real terminal: the graph fills in; the person opens the netrc step, applies chmod 600 with f then y, and it passes', {skip, timeout: 180_000}, async () => {
	const iso = makeIsolatedEnv({pki, proxy, goEnv: {GOPRIVATE: 'gitlab.test'}, netrc: `machine gitlab.test login alice password ${TOKEN}\n`});
	chmodSync(iso.netrcFile!, 0o644);
	const term = terminal('fix');
	try {
		term.start(100, 40, {...iso.env, TERM: 'xterm-256color', LANG: 'C.UTF-8'}, [MODULE], iso.dir);
		// The graph fills in: every step ends with a glyph and a word.
		let screen = await waitForScreen(term, finished, 'the run to finish');
		assert.match(screen, /gitlab-go-check gitlab\.test\/group\/sub\/project/);
		assert.match(screen, /host gitlab\.test · Go \S+ · git \S+ · took/);
		const netrcRow = rowOf(screen, '.netrc credentials');
		assert.match(netrcRow, /! warn +\.netrc credentials/, 'a group/other-readable netrc file warns');
		assert.doesNotMatch(screen, new RegExp(TOKEN), 'the token is masked on screen');

		// Move down to the netrc step, one key at a time, as a person would.
		for (let presses = 0; !rowOf(screen, '.netrc credentials').startsWith('›'); presses++) {
			assert.ok(presses < 15, `never reached the netrc step:\n${screen}`);
			const before = screen;
			term.keys('j');
			screen = await waitForScreen(term, now => now !== before, 'the selection to move', 10_000);
		}
		term.keys('Enter');
		screen = await waitForScreen(term, now => /Fix: Make .*readable by you alone/.test(now) && /\$ chmod 600/.test(now), 'the details with the chmod fix');
		while (!/› Fix[^:]*: Make .*readable by you alone/.test(screen)) {
			const before = screen;
			term.keys('Tab');
			screen = await waitForScreen(term, now => now !== before, 'the next fix', 10_000);
		}

		term.keys('f');
		screen = await waitForScreen(term, now => /Apply this change\? \[y\/N\]/.test(now), 'the y/N question');
		assert.match(screen, /chmod 600 .*\.netrc/, 'it shows the exact command first');
		assert.equal(statSync(iso.netrcFile!).mode & 0o777, 0o644, 'nothing changed before y');
		term.keys('y');
		screen = await waitForScreen(term, now => /✓ pass +\.netrc credentials/.test(now) && finished(now), 'the netrc step to pass again');
		assert.equal(statSync(iso.netrcFile!).mode & 0o777, 0o600, 'the file mode changed');
		assert.match(screen, /now has mode 600 \(was 644\)/);

		term.keys('q');
		screen = await waitForScreen(term, now => /\[exit status \d+\]/.test(now), 'the program to exit', 15_000);
		const failed = /✗ (\d+) fail/.exec(screen)?.[1];
		const status = /\[exit status (\d+)\]/.exec(screen)?.[1];
		assert.equal(status, failed === '0' ? '0' : '1', 'the exit status of plain mode: 1 only if a step failed');
	} finally {
		term.close();
		iso.cleanup();
	}
});

test('in a real terminal at 60 columns with NO_COLOR: nothing wider than the screen, no colour codes, the words are there', {skip, timeout: 120_000}, async () => {
	const iso = makeIsolatedEnv({pki, proxy, goEnv: {GOPRIVATE: 'gitlab.test'}, netrc: `machine gitlab.test login alice password ${TOKEN}\n`});
	const term = terminal('narrow');
	try {
		term.start(60, 30, {...iso.env, TERM: 'xterm-256color', LANG: 'C.UTF-8', NO_COLOR: '1'}, [MODULE], iso.dir);
		const screen = await waitForScreen(term, finished, 'the run to finish');
		for (const line of screen.split('\n')) assert.ok(stringWidth(line) <= 60, `wider than 60 columns: "${line}"`);
		assert.match(rowOf(screen, 'Go settings'), /✓ pass/);
		const coloured = term.screen({escapes: true});
		assert.doesNotMatch(coloured, /\u001B\[(?:[0-9;]*;)?(?:3[0-8]|9[0-7]|4[0-7])(?:;[0-9]+)*m/, 'no foreground or background colour');
		term.keys('q');
		await waitForScreen(term, now => /\[exit status \d+\]/.test(now), 'the program to exit', 15_000);
	} finally {
		term.close();
		iso.cleanup();
	}
});

test('in a real terminal, a repository: the overview fills in; Enter opens a module, a fix there re-runs every module on the host when the person comes back', {skip, timeout: 240_000}, async () => {
	const iso = makeIsolatedEnv({pki, proxy, goEnv: {GOPRIVATE: 'gitlab.test'}, netrc: `machine gitlab.test login alice password ${TOKEN}\n`});
	chmodSync(iso.netrcFile!, 0o644);
	const app = join(iso.dir, 'app');
	mkdirSync(app);
	writeFileSync(join(app, 'go.mod'), 'module example.com/app\n\ngo 1.19\n\nrequire (\n\tgitlab.test/group/lib v1.0.0\n\tgitlab.test/group/sub/project v1.0.0\n)\n');
	const term = terminal('repository');
	const overviewDone = (screen: string) => /2 modules\s*$/m.test(screen) && /Enter open/.test(screen);
	try {
		term.start(110, 40, {...iso.env, TERM: 'xterm-256color', LANG: 'C.UTF-8'}, [], app);
		let screen = await waitForScreen(term, overviewDone, 'the overview to finish');
		// The host's .netrc warning counts for both modules, and says why.
		assert.match(rowOf(screen, 'gitlab.test/group/lib'), /! warn gitlab\.test\/group\/lib v1\.0\.0 +private · \.netrc credentials/);
		assert.match(rowOf(screen, 'gitlab.test/group/sub/project'), /! warn /);

		term.keys('Enter');
		screen = await waitForScreen(term, finished, 'the step graph of gitlab.test/group/lib');
		assert.match(screen, /gitlab-go-check gitlab\.test\/group\/lib/);
		for (let presses = 0; !rowOf(screen, '.netrc credentials').startsWith('›'); presses++) {
			assert.ok(presses < 15, `never reached the netrc step:\n${screen}`);
			const before = screen;
			term.keys('j');
			screen = await waitForScreen(term, now => now !== before, 'the selection to move', 10_000);
		}
		term.keys('f');
		screen = await waitForScreen(term, now => /Apply this change\? \[y\/N\]/.test(now), 'the y/N question');
		term.keys('y');
		screen = await waitForScreen(term, now => /✓ pass +\.netrc credentials/.test(now) && finished(now), 'the netrc step to pass again');
		assert.equal(statSync(iso.netrcFile!).mode & 0o777, 0o600);

		// Back in the overview: both modules on gitlab.test were checked again, the one not opened too.
		term.keys('q');
		screen = await waitForScreen(term, now => overviewDone(now) && /✓ pass gitlab\.test\/group\/sub\/project/.test(now), 'the overview after the fix');
		// The step graph's frame was erased: the overview has the screen to itself.
		assert.doesNotMatch(screen, /\.netrc credentials|gitlab-go-check gitlab\.test\/group\/lib/, screen);
		assert.equal(screen.match(/gitlab-go-check module/g)?.length, 1, screen);
		assert.match(rowOf(screen, 'gitlab.test/group/lib'), /✓ pass/);
		assert.match(rowOf(screen, 'gitlab.test/group/lib'), /^›/, 'the module the person came back from stays selected');
		term.keys('q');
		screen = await waitForScreen(term, now => /\[exit status \d+\]/.test(now), 'the program to exit', 15_000);
		assert.match(screen, /\[exit status 0\]/);
	} finally {
		term.close();
		iso.cleanup();
	}
});
