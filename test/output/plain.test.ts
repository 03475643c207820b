import {test} from 'node:test';
import assert from 'node:assert/strict';
import {createPaint} from '../../source/output/color.js';
import {renderPlain} from '../../source/output/plain.js';
import {Redactor} from '../../source/engine/redact.js';
import {result, runResult} from '../helpers/results.js';

const noColor = createPaint(false);

const sample = runResult([
	result({id: 'go-env', status: 'pass', title: 'Go settings', summary: 'go1.22.1', details: ['hidden unless verbose'], evidence: {goVersion: 'go1.22.1'}}),
	result({
		id: 'netrc',
		status: 'fail',
		title: '.netrc credentials',
		summary: 'no entry for gitlab.example.com',
		details: ['Go sends no credentials.'],
		evidence: {goReads: '/home/u/.netrc'},
		fixes: [{title: 'Add an entry', commands: ['chmod 600 ~/.netrc'], safe: true, link: 'https://gitlab.example.com/-/user_settings/personal_access_tokens'}],
	}),
	result({id: 'token', status: 'skip', title: 'Token', summary: 'blocked by netrc', blockedBy: ['netrc']}),
]);

test('one line per check in the given order, each with glyph, status word, title and summary', () => {
	const lines = renderPlain(sample, new Redactor(), {verbose: false, paint: noColor}).split('\n');
	const checkLines = lines.filter(line => /^[✓!✗-] (pass|warn|fail|skip)/.test(line));
	assert.deepEqual(checkLines.map(line => line.split(/\s{2,}/)[1]), ['Go settings', '.netrc credentials', 'Token']);
	assert.match(checkLines[1]!, /^✗ fail\s+\.netrc credentials\s+no entry for gitlab\.example\.com$/);
});

test('a failing check shows its why, evidence and fix commands; a passing one does not unless verbose', () => {
	const quiet = renderPlain(sample, new Redactor(), {verbose: false, paint: noColor});
	assert.match(quiet, /Go sends no credentials\./);
	assert.match(quiet, /Fix: Add an entry\n\s+\$ chmod 600 ~\/\.netrc/);
	assert.doesNotMatch(quiet, /hidden unless verbose/);
	const verbose = renderPlain(sample, new Redactor(), {verbose: true, paint: noColor});
	assert.match(verbose, /hidden unless verbose/);
	assert.match(verbose, /goVersion: go1\.22\.1/);
});

test('the closing tally counts every status and names the verdict', () => {
	const text = renderPlain(sample, new Redactor(), {verbose: false, paint: noColor});
	assert.match(text.trimEnd().split('\n').at(-1)!, /will fail.*\(1 passed, 0 warnings, 1 failed, 1 skipped\)$/);
});

test('without colour there is no escape sequence; with colour the words are still there', () => {
	assert.doesNotMatch(renderPlain(sample, new Redactor(), {verbose: true, paint: noColor}), /\u001B\[/);
	const colored = renderPlain(sample, new Redactor(), {verbose: false, paint: createPaint(true)});
	assert.match(colored, /\u001B\[31m✗ fail/);
});

test('secrets never reach plain output: registered ones and token shapes, in every field', () => {
	const redactor = new Redactor();
	redactor.add('hunter2-password');
	const leaky = runResult([
		result({
			id: 'token',
			status: 'fail',
			summary: 'token glpat-abcdefghijklmnop rejected',
			details: ['password hunter2-password'],
			evidence: {url: 'https://me:hunter2-password@gitlab.example.com/x'},
			fixes: [{title: 'x', commands: ['echo glpat-abcdefghijklmnop'], safe: false}],
		}),
	]);
	const text = renderPlain(leaky, redactor, {verbose: true, paint: noColor});
	assert.ok(!text.includes('hunter2-password'));
	assert.ok(!text.includes('abcdefghijklmnop'));
	assert.match(text, /glpat-\*\*\*\*/);
});

test('colour: NO_COLOR turns it off, FORCE_COLOR turns it on, otherwise only a terminal that is not dumb', async () => {
	const {colorEnabled} = await import('../../source/output/color.js');
	assert.equal(colorEnabled({}, true), true);
	assert.equal(colorEnabled({}, false), false);
	assert.equal(colorEnabled({TERM: 'dumb'}, true), false);
	assert.equal(colorEnabled({NO_COLOR: '1'}, true), false);
	assert.equal(colorEnabled({NO_COLOR: ''}, true), true, 'an empty NO_COLOR does not count (no-color.org)');
	assert.equal(colorEnabled({FORCE_COLOR: '1'}, false), true);
	assert.equal(colorEnabled({FORCE_COLOR: '0'}, true), false);
	assert.equal(colorEnabled({FORCE_COLOR: '1', NO_COLOR: '1'}, false), true, 'FORCE_COLOR wins, as in chalk');
});

test('a fix that several checks give is printed in full once; later checks point back to it', () => {
	const netrcFix = {title: 'Add an entry for gitlab.example.com to ~/.netrc', commands: ["printf 'machine gitlab.example.com …' >> ~/.netrc", 'chmod 600 ~/.netrc'], safe: false};
	const run = runResult([
		result({id: 'netrc', status: 'fail', title: '.netrc credentials', summary: 'no entry', fixes: [netrcFix]}),
		result({id: 'go-import', status: 'fail', title: 'go-get discovery', summary: 'two-segment answer', fixes: [netrcFix, {title: 'Or use the .git qualifier', commands: [], safe: false}]}),
		result({id: 'git-access', status: 'fail', title: 'git ls-remote', summary: 'no credentials', fixes: [netrcFix]}),
	]);
	const text = renderPlain(run, new Redactor(), {verbose: false, paint: noColor});
	assert.equal(text.split('chmod 600 ~/.netrc').length - 1, 1);
	assert.equal(text.split('Fix: the same as under ".netrc credentials" above').length - 1, 2);
	assert.match(text, /Fix: Or use the \.git qualifier/);
});

test('a CI log (width given): prose wraps within the width with its indentation kept; commands and links stay whole; each fix once', () => {
	const long = 'GitLab answers ?go-get=1 for a private project only when the credentials give the read_project ability, which only the api and read_api scopes grant, so Go must send a token from .netrc.';
	const command = `printf '\\n%s\\n' 'machine gitlab.example.com login oauth2 password YOUR_TOKEN' >> ~/.netrc && chmod 600 ~/.netrc # ${'x'.repeat(40)}`;
	const fix = {title: 'Add an entry for gitlab.example.com to ~/.netrc with a personal access token that has the read_api scope (create one in GitLab first)', commands: [command], safe: false, link: `https://gitlab.example.com/-/user_settings/personal_access_tokens?name=go&scopes=read_api&${'a'.repeat(60)}`};
	const run = runResult([
		result({id: 'netrc', title: 'Credentials for Go (.netrc)', status: 'fail', summary: `no entry Go can use for gitlab.example.com in /home/alice/.netrc, but this project needs them: ${long}`, details: [long, `go said:\n    ${long}`], evidence: {goReads: `/home/alice/.netrc (does not exist) ${long}`}, fixes: [fix]}),
		result({id: 'token', title: 'Token', status: 'fail', summary: 'no token to check', fixes: [fix]}),
	]);
	const unwrapped = renderPlain(run, new Redactor(), {verbose: false, paint: noColor});
	assert.ok(unwrapped.split('\n').some(line => line.length > 150), 'without a width, one line per item');
	const text = renderPlain(run, new Redactor(), {verbose: false, paint: noColor, width: 100});
	const lines = text.split('\n');
	const tally = lines.findIndex(line => line.startsWith('go get gitlab.example.com/group/project will fail'));
	assert.match(lines[tally]!, /\(0 passed, 0 warnings, 2 failed, 0 skipped\)$/, 'the verdict stays one line: the last line of a log');
	for (const line of lines) {
		if (line.includes(command) || line.includes(fix.link) || line === lines[tally]) continue;
		assert.ok(line.length <= 100, `longer than 100 columns: ${line}`);
	}
	assert.ok(lines.some(line => line === `        $ ${command}`), 'the command is one line, as written');
	assert.ok(lines.some(line => line === `        ${fix.link}`), 'the link is one line');
	// Continuation lines keep the indentation of the line they continue: the summary column, the detail's six spaces,
	// the quoted error's own four more, and the fix title after "Fix: ".
	const summaryColumn = 6 + 2 + 'Credentials for Go (.netrc)'.length + 2;
	const head = lines.findIndex(line => line.includes('no entry Go can use'));
	assert.match(lines[head + 1]!, new RegExp(`^ {${summaryColumn}}\\S`));
	const detail = lines.findIndex(line => line.startsWith('      GitLab answers ?go-get=1'));
	assert.match(lines[detail + 1]!, /^ {6}\S/);
	const quoted = lines.findIndex(line => line.startsWith('          GitLab answers ?go-get=1'));
	assert.ok(quoted > 0, 'the quoted line keeps its own indentation');
	assert.match(lines[quoted + 1]!, /^ {10}\S/);
	const fixLine = lines.findIndex(line => line.startsWith('      Fix: Add an entry'));
	assert.match(lines[fixLine + 1]!, /^ {11}\S/);
	assert.equal(lines.filter(line => line.includes(command)).length, 1, 'each fix printed once');
	assert.ok(text.includes('the same as under "Credentials for Go (.netrc)" above'));
	// Wrapping never changes the words: joined back, the summary is whole.
	assert.ok(lines.slice(head, detail).map(line => line.trim()).join(' ').includes(long));
});

test('a secret with a space in it is masked before wrapping, so no line holds a piece of it', () => {
	const redactor = new Redactor();
	const secret = 'correct horse battery staple secret phrase';
	redactor.add(secret);
	const run = runResult([result({id: 'netrc', status: 'fail', summary: `${'word '.repeat(14)}${secret} and more words after it`, details: []})]);
	const text = renderPlain(run, redactor, {verbose: false, paint: noColor, width: 60});
	for (const piece of ['correct horse', 'battery staple', 'secret phrase']) assert.ok(!text.includes(piece), text);
});
