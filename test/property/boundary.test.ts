// Issue 11, the property at the two boundaries themselves, thousands of cases in a few seconds (the whole-world
// test beside it runs every check per case, so it runs fewer): whatever foreign text a result holds, the plain,
// JSON and Markdown writers print no control character; whatever values reach the fix builders, each printed
// command either parses as shell or the value is refused and shown as data.
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {spawnSync} from 'node:child_process';
import fc from 'fast-check';
import {Redactor} from '../../source/engine/redact.js';
import type {CheckResult, RunResult, Status} from '../../source/engine/types.js';
import {checkIds} from '../../source/engine/types.js';
import {chmodFix, gitCaFix, goEnvFix, netrcEntryFix, replaceTokenFix} from '../../source/fixes/builders.js';
import {createPaint} from '../../source/output/color.js';
import {renderJson} from '../../source/output/json.js';
import {renderMarkdownReport} from '../../source/output/markdown.js';
import {renderPlain} from '../../source/output/plain.js';
import {hasControlCharacters} from '../../source/output/terminal-text.js';

const runs = Number(process.env['PROPERTY_RUNS'] ?? 3000);

/** Short strings made mostly of what breaks terminals and shells. */
const foreign = fc
	.array(
		fc.oneof(
			fc.constantFrom('\u001b]52;c;eA==\u0007', '\u001b[2J', '\u001b]0;title\u0007', '\u0007', '\u009b', '\u202e', '\u200b', '\u007f', '\r', '\n', '\t', '\u0000', "'", '"', '`', '$(id)', ';', '|', '&', '\\', '!', '*', '~', '#', ' '),
			fc.constantFrom('gitlab.example.com', 'group', 'x', '.git', 'https://', 'glpat-abcdefghij1234567890'),
			fc.string({maxLength: 3}),
		),
		{maxLength: 8},
	)
	.map(parts => parts.join(''));

const status = fc.constantFrom<Status>('pass', 'warn', 'fail', 'skip');

const fixOf = fc.record({title: foreign, commands: fc.array(foreign, {maxLength: 2}), safe: fc.boolean(), link: fc.option(foreign, {nil: undefined})}).map(fix => (fix.link === undefined ? {title: fix.title, commands: fix.commands, safe: fix.safe} : fix));

const checkResult = fc.record({
	id: fc.constantFrom(...checkIds),
	title: foreign,
	status,
	summary: foreign,
	details: fc.array(foreign, {maxLength: 3}),
	evidence: fc.dictionary(foreign, fc.oneof(foreign, fc.array(foreign, {maxLength: 2})), {maxKeys: 3}),
	fixes: fc.array(fixOf, {maxLength: 2}),
	blockedBy: fc.constant([]),
	durationMs: fc.nat(5000),
}) as fc.Arbitrary<CheckResult>;

const runResult: fc.Arbitrary<RunResult> = fc.record({module: foreign, host: foreign, verdict: fc.constantFrom('pass', 'warn', 'fail'), checks: fc.array(checkResult, {minLength: 1, maxLength: 4})});

const facts = {tool: {name: 'gitlab-go-check', version: '0'}, os: {platform: 'linux'}, node: 'v20', goSettings: [], netrc: []};

test('foreign text in any field of a result: no writer prints a control character', () => {
	fc.assert(
		fc.property(runResult, result => {
			const redactor = new Redactor();
			const plain = renderPlain(result, redactor, {verbose: true, paint: createPaint(false)});
			assert.ok(!hasControlCharacters(plain), `plain text: ${JSON.stringify(plain)}`);
			assert.ok(!hasControlCharacters(renderJson(result, redactor)), 'JSON text');
			assert.ok(!hasControlCharacters(renderMarkdownReport(result, redactor, facts)), 'Markdown');
		}),
		{numRuns: runs},
	);
});

test('foreign values in every fix builder: each printed command parses as shell, or the value is refused', () => {
	const printed = new Set<string>();
	let refused = 0;
	fc.assert(
		fc.property(fc.oneof(fc.domain(), foreign), fc.oneof(fc.stringMatching(/^[a-z0-9._@-]{1,12}$/), foreign), fc.oneof(fc.stringMatching(/^[a-z0-9._ -]{1,12}$/), foreign), (host, login, path) => {
			const fixes = [
				netrcEntryFix({host, login, file: `/home/u/${path}`, applicable: true}),
				replaceTokenFix(host, {file: `/home/u/${path}`, line: 3, login}),
				chmodFix(`/home/u/${path}`),
				goEnvFix('set', [{key: 'GOPRIVATE', value: `${host},${login}`, inEnvironment: false}, {key: 'GONOSUMDB', value: path, inEnvironment: true}]),
				gitCaFix(host, `/home/u/${path}`),
			];
			for (const fix of fixes) {
				if (fix.commands.length === 0) refused++;
				for (const command of fix.commands) {
					assert.ok(!hasControlCharacters(command), `a command holds a control character: ${JSON.stringify(command)}`);
					printed.add(command);
				}
			}
		}),
		{numRuns: runs},
	);
	assert.ok(printed.size > runs, `the builders printed commands (${printed.size})`);
	assert.ok(refused > 0, 'some values were refused and shown as data');
	// One bash reads them all: each command in a function body of its own, so one bad line names itself.
	const script = [...printed].map((command, index) => `f${index}() {\n${command}\n}`).join('\n');
	const bash = spawnSync('bash', ['-n'], {input: script, encoding: 'utf8'});
	assert.equal(bash.status, 0, bash.stderr);
});
