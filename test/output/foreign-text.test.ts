// Issue 11: text from outside (go.mod, server answers, the environment, arguments) never reaches a terminal or a
// report as a control sequence, and a very long one is cut with a note.
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {goEnvCheck} from '../../source/checks/go-env.js';
import {readModuleInput} from '../../source/engine/module-input.js';
import {Redactor} from '../../source/engine/redact.js';
import {runGraph} from '../../source/engine/scheduler.js';
import type {Check} from '../../source/engine/types.js';
import {createPaint} from '../../source/output/color.js';
import {renderJson} from '../../source/output/json.js';
import {renderMarkdownReport} from '../../source/output/markdown.js';
import {renderPlain} from '../../source/output/plain.js';
import {escapeControls, hasControlCharacters, shownText} from '../../source/output/terminal-text.js';
import {suggestModules} from '../../source/ui/module-suggestions.js';
import {initialState, reduce} from '../../source/ui/run-state.js';
import {contextFor, fakeSystem, runCheck} from '../helpers/fake-system.js';
import {runCli} from '../helpers/run-cli.js';
import {result, runResult} from '../helpers/results.js';

const osc52 = '\u001b]52;c;cm0gLXJmIH4K\u0007';
const title = '\u001b]0;pwned\u001b\\';
const hostile = `a${osc52}b${title}c\u009b31m\u202eevil\u007f`;
/** A control character no writer may print as itself (tab and newline are layout). */
const raw = (text: string) => hasControlCharacters(text);

test('escapeControls shows C0, DEL, C1 and bidi controls as escapes, keeps newline and tab, and is idempotent', () => {
	assert.equal(escapeControls('a\u001b[31mb'), 'a\\x1b[31mb');
	assert.equal(escapeControls('\u0007\u007f\u009b\u202e\u2066'), '\\x07\\x7f\\x9b\\u202e\\u2066');
	assert.equal(escapeControls('line one\n\tline two'), 'line one\n\tline two');
	assert.equal(escapeControls(escapeControls(hostile)), escapeControls(hostile));
	assert.ok(!raw(escapeControls(hostile)));
});

test('shownText cuts long foreign text with a note, never inside an escape', () => {
	const long = shownText('x'.repeat(10_000), 100);
	assert.ok(long.length < 150);
	assert.match(long, /… \(9900 more characters cut\)$/);
	const atEscape = shownText(`${'x'.repeat(98)}\u001b${'y'.repeat(50)}`, 100);
	assert.match(atEscape, /^x{98}… \(/, 'the escape \\x1b is not split');
});

test('an escape sequence in a go.mod require line does not reach the TUI\'s module suggestions', async () => {
	const system = fakeSystem({
		env: {HOME: '/home/user', GOPRIVATE: 'gitlab.corp.test'},
		files: {'/work/app/go.mod': `module example.com/app\nrequire gitlab.corp.test/a${osc52}b v1.0.0\nrequire gitlab.corp.test/ok v1.0.0\n`},
	});
	const found = await suggestModules(contextFor(system, {module: ''}), '/work/app/go.mod', new AbortController().signal);
	assert.ok(!raw(found.map(item => item.module + item.why).join('\n')), JSON.stringify(found));
	assert.ok(found.some(item => item.module === 'gitlab.corp.test/ok'));
	// And the TUI's state escapes whatever a caller hands it.
	const state = reduce(initialState(), {type: 'prompt-loaded', suggestions: [{module: `gitlab.corp.test/${osc52}`, why: title}]});
	assert.ok(!raw(state.prompt.suggestions.map(item => item.module + item.why).join('\n')));
});

const echoing: Check = {
	id: 'git-access',
	title: 'git ls-remote',
	needs: [],
	local: true,
	async run() {
		return {
			status: 'fail',
			summary: `git failed: ${hostile}`,
			details: [`remote: ${title} HTTP Basic: Access denied\nsecond line`],
			evidence: {gitSays: `remote: 403 Forbidden ${osc52}`, nested: {[`k${osc52}`]: [hostile]}},
			fixes: [{title: `Ask ${hostile}`, commands: [], safe: false, link: `https://x/${osc52}`}],
		};
	},
};

test('a 403 body shown as gitSays reaches no writer as control characters: plain, JSON, Markdown', async () => {
	const system = fakeSystem();
	const finished = await runGraph({checks: [echoing], context: contextFor(system), signal: undefined});
	const checked = finished.get('git-access')!.result;
	const run = runResult([checked]);
	const plain = renderPlain(run, new Redactor(), {verbose: true, paint: createPaint(false)});
	assert.ok(!raw(plain), plain);
	assert.match(plain, /remote: 403 Forbidden \\x1b\]52;c;cm0gLXJmIH4K\\x07/);
	assert.match(plain, /Access denied\n\s+second line/, 'newlines stay');
	const json = renderJson(run, new Redactor());
	assert.ok(!raw(json));
	const decoded: string[] = [];
	JSON.parse(json, (_key, value: unknown) => (typeof value === 'string' && decoded.push(value), value));
	assert.ok(decoded.length > 5 && !raw(decoded.join('\n')), 'the decoded strings hold no control character either');
	const markdown = renderMarkdownReport(run, new Redactor(), {tool: {name: 't', version: '0'}, os: {platform: 'linux'}, node: 'v20', goSettings: [], netrc: []});
	assert.ok(!raw(markdown));
});

test('the writers guard on their own: a result that did not pass through the engine is escaped too', () => {
	const run = runResult([result({id: 'netrc', status: 'fail', summary: hostile, details: [hostile], evidence: {x: hostile}})], `gitlab.example.com/${osc52}`);
	const colored = renderPlain(run, new Redactor(), {verbose: true, paint: createPaint(true)});
	// Colour codes are the only escapes left: SGR sequences the writer made itself.
	assert.ok(!raw(colored.replace(/\u001b\[[0-9;]*m/g, '')), colored);
	assert.ok(!raw(renderJson(run, new Redactor())));
	assert.ok(!raw(renderMarkdownReport(run, new Redactor(), {tool: {name: 't', version: '0'}, os: {platform: 'linux'}, node: 'v20', goSettings: [{key: 'GOPRIVATE', value: hostile, source: 'env'}], netrc: []})));
});

test('a junk line of the go env file is echoed escaped and cut, not a megabyte of it', async () => {
	const junk = `${osc52}${'j'.repeat(1024 * 1024 - 100)}`;
	const system = fakeSystem({env: {HOME: '/home/u'}, files: {'/home/u/.config/go/env': `GOPRIVATE=a.example.com\n${junk}\n`}, commands: {'go version': {stdout: 'go version go1.22.3 linux/amd64\n'}}});
	const {outcome} = await runCheck(goEnvCheck, system);
	const text = JSON.stringify(outcome.details ?? []) + outcome.summary;
	assert.match(text, /line 2/);
	assert.ok(!raw(text));
	assert.ok(text.length < 10_000, `${text.length} characters`);
});

test('a module argument echoed in a usage error is escaped', async () => {
	const input = readModuleInput(`gitlab.example.com/${osc52}`);
	assert.ok('error' in input);
	assert.ok(!raw(input.error + input.hint), input.error);
	const cli = await runCli([`a${osc52}`, `b${title}`], {env: {PATH: process.env['PATH']}, timeoutMs: 20_000});
	assert.equal(cli.code, 2);
	assert.match(cli.stderr, /expected one MODULE/);
	assert.ok(!raw(cli.stderr), cli.stderr);
});

test('a newline from outside in a one-line field cannot print a line that looks like the tool\'s own', async () => {
	const spoofing: Check = {
		id: 'https',
		title: 'HTTPS to the host',
		needs: [],
		local: true,
		async run() {
			return {status: 'fail', summary: 'server said: denied\n✓ pass  GitLab token  all good', details: ['why\nsecond line'], fixes: [{title: 'Ask\n✓ pass  x', commands: [], safe: false}]};
		},
	};
	const finished = await runGraph({checks: [spoofing], context: contextFor(fakeSystem()), signal: undefined});
	const plain = renderPlain(runResult([finished.get('https')!.result]), new Redactor(), {verbose: true, paint: createPaint(false)});
	assert.doesNotMatch(plain, /^✓ pass {2}GitLab token/m);
	assert.match(plain, /denied\\x0a✓ pass {2}GitLab token {2}all good/);
	assert.doesNotMatch(plain, /^✓ pass {2}x/m);
	assert.match(plain, /why\n\s+second line/, 'details stay multi-line');
});
