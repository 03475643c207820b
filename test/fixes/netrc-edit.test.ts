// The pure .netrc edit: every other line kept byte for byte, and Go (docs/go.md §1.2, §1.3) and git's
// libcurl (docs/curl.md §1.2, §1.3) then send the new credential for the host and nothing new for any other.
import {test} from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {findGoNetrcEntry, goNetrcKey, parseGoNetrc} from '../../source/rules/go-netrc.js';
import {findCurlNetrcEntry, parseCurlNetrc, resolveCurlNetrc, type CurlNetrcDialect} from '../../source/rules/curl-netrc.js';
import {maskNetrcPasswords, planNetrcEdit, tokenProblem, type NetrcEdit} from '../../source/fixes/netrc-edit.js';

const host = 'gitlab.example.com';
const token = 'glpat-NewTokenValue123';

function edit(text: string, request: {login?: string; token?: string; host?: string} = {}): NetrcEdit {
	const result = planNetrcEdit(text, {host: request.host ?? host, token: request.token ?? token, ...(request.login ? {login: request.login} : {})});
	assert.ok(!('refused' in result), `refused: ${'refused' in result ? result.refused : ''}`);
	return result;
}

function goSends(text: string, forHost = host) {
	const entry = findGoNetrcEntry(parseGoNetrc(text).entries, forHost);
	return entry ? {login: entry.login, password: entry.password} : undefined;
}

function curlSends(text: string, dialect: CurlNetrcDialect, hostname = host) {
	const match = findCurlNetrcEntry(parseCurlNetrc(text, {dialect}), hostname);
	return match ? {login: match.login, password: match.password} : undefined;
}

/** `needles` appear in `lines` in this order (a subsequence), each a whole line. */
function assertSubsequence(lines: string[], needles: string[]): void {
	let at = 0;
	for (const needle of needles) {
		while (at < lines.length && lines[at] !== needle) at++;
		assert.ok(at < lines.length, `line ${JSON.stringify(needle)} was lost or reordered:\n${lines.join('\n')}`);
		at++;
	}
}

test('an existing entry Go uses: only its password word changes, every other byte stays (docs/go.md §1.2)', () => {
	const original = '# work\nmachine other.example.com login a password pa\nmachine gitlab.example.com login me password oldtoken\n\ndefault login x password y\n';
	const result = edit(original);
	assert.equal(result.kind, 'replaced-token');
	assert.equal(result.text, original.replace('oldtoken', token));
	assert.deepEqual(result.touchedLines, [3]);
	assert.equal(result.login, 'me', 'the existing login is kept');
	assert.deepEqual(goSends(result.text), {login: 'me', password: token});
	assert.deepEqual(curlSends(result.text, '7.88'), {login: 'me', password: token});
	assert.ok(result.curlAgrees);
});

test('an entry Go reads across lines (each pair on its line): only the password line changes', () => {
	const original = 'machine gitlab.example.com\n    login me\n    password oldtoken\nmachine other.example.com login a password pa\n';
	const result = edit(original);
	assert.equal(result.kind, 'replaced-token');
	assert.equal(result.text, original.replace('oldtoken', token));
	assert.deepEqual(result.touchedLines, [3]);
});

test('no entry for the host: one line is added at the end, the rest is the original byte for byte', () => {
	const original = '# my credentials\nmachine other.example.com login a password pa\n';
	const result = edit(original);
	assert.equal(result.kind, 'appended');
	assert.equal(result.text, `${original}machine gitlab.example.com login oauth2 password ${token}\n`);
	assert.equal(result.login, 'oauth2', 'GitLab ignores the login for a token; oauth2 is the default');
	assert.deepEqual(goSends(result.text), {login: 'oauth2', password: token});
});

test('a login asked for is written; an existing one is otherwise kept', () => {
	assert.equal(edit('', {login: 'alice'}).text, `machine gitlab.example.com login alice password ${token}\n`);
	const replaced = edit('machine gitlab.example.com login bob password old\n', {login: 'alice'});
	assert.equal(replaced.text, `machine gitlab.example.com login alice password ${token}\n`);
});

test('an entry split so Go cannot read it (pairs across lines, docs/curl.md §1.3) becomes one line both read; neighbours stay', () => {
	const original = 'machine other.example.com login a password pa\nmachine gitlab.example.com login\nme password\noldtoken\nmachine z.example.com login z password pz\n';
	assert.equal(goSends(original), undefined, 'precondition: Go cannot read the split entry');
	const result = edit(original);
	assert.equal(result.kind, 'replaced-entry');
	assert.equal(result.text, `machine other.example.com login a password pa\nmachine gitlab.example.com login me password ${token}\nmachine z.example.com login z password pz\n`);
	assert.deepEqual(result.touchedLines, [2, 3, 4]);
	for (const dialect of ['7.88', '8.16'] as const) assert.deepEqual(curlSends(result.text, dialect), {login: 'me', password: token});
});

test('a split entry with an unrelated word among its lines: the word and its line stay', () => {
	const original = 'machine gitlab.example.com\n# keep me\nlogin me\npassword\noldtoken extra-word\n';
	const result = edit(original);
	assert.equal(result.kind, 'replaced-entry');
	assert.equal(result.text, `machine gitlab.example.com login me password ${token}\n# keep me\nextra-word\n`);
	assert.deepEqual(result.touchedLines, [1, 3, 4, 5]);
	assert.deepEqual(goSends(result.text), {login: 'me', password: token});
});

test('upper-case keywords and host (curl reads them, Go does not: docs/curl.md §1.3) are replaced by one line Go reads', () => {
	const result = edit('MACHINE GitLab.Example.com LOGIN u PASSWORD p\nmachine other.example.com login a password pa\n');
	assert.equal(result.kind, 'replaced-entry');
	assert.equal(result.text, `machine gitlab.example.com login u password ${token}\nmachine other.example.com login a password pa\n`);
});

test('a password-only entry (Go drops it: docs/go.md §1.2) is replaced with login and password', () => {
	const result = edit('machine gitlab.example.com password oldtoken\n');
	assert.equal(result.text, `machine gitlab.example.com login oauth2 password ${token}\n`);
});

test('CRLF files stay CRLF, including the new line', () => {
	const original = 'machine other.example.com login a password pa\r\n# comment\r\n';
	const result = edit(original);
	assert.equal(result.text, `${original}machine gitlab.example.com login oauth2 password ${token}\r\n`);
	const replaced = edit('machine gitlab.example.com login me password old\r\nmachine b login c password d\r\n');
	assert.equal(replaced.text, `machine gitlab.example.com login me password ${token}\r\nmachine b login c password d\r\n`);
});

test('a file without a final newline still has none; its last line is not glued to the new one', () => {
	const result = edit('machine other.example.com login a password pa');
	assert.equal(result.text, `machine other.example.com login a password pa\nmachine gitlab.example.com login oauth2 password ${token}`);
	const crlf = edit('machine other.example.com login a password pa\r\nmachine b login c password d');
	assert.equal(crlf.text, `machine other.example.com login a password pa\r\nmachine b login c password d\r\nmachine gitlab.example.com login oauth2 password ${token}`);
	const replaced = edit('machine gitlab.example.com login me password old');
	assert.equal(replaced.text, `machine gitlab.example.com login me password ${token}`);
});

test('a line with just `default` makes Go stop reading (docs/go.md §1.2): the entry goes at the top, the rest is kept', () => {
	const original = 'default\nmachine other.example.com login a password pa\n';
	const result = edit(original);
	assert.equal(result.kind, 'inserted-at-top');
	assert.equal(result.text, `machine gitlab.example.com login oauth2 password ${token}\n${original}`);
	assert.match(result.notes.join('\n'), /stops reading at the `default` on line 1/);
	assert.deepEqual(goSends(result.text), {login: 'oauth2', password: token});
});

test('`default login … password …` before the end: curl would take it first (docs/curl.md §1.3), so the entry goes at the top', () => {
	const original = 'default login anon password anonpw\nmachine other.example.com login a password pa\n';
	const result = edit(original);
	assert.equal(result.kind, 'inserted-at-top');
	for (const dialect of ['7.88', '8.16'] as const) assert.deepEqual(curlSends(result.text, dialect), {login: 'oauth2', password: token});
	assert.deepEqual(curlSends(result.text, '7.88', 'unlisted.example.org'), {login: 'anon', password: 'anonpw'}, 'the default entry still serves other hosts');
});

test('a macdef block is kept as it is; in a CRLF file its blank line does not end it for Go, so the entry goes first', () => {
	const lf = 'machine other.example.com login a password pa\nmacdef init\ncd /pub\nbin\n\nmachine b.example.com login b password pb\n';
	const appended = edit(lf);
	assert.equal(appended.kind, 'appended');
	assert.ok(appended.text.startsWith(lf));
	const crlf = lf.replace(/\n/g, '\r\n');
	const top = edit(crlf);
	assert.equal(top.kind, 'inserted-at-top');
	assert.equal(top.text, `machine gitlab.example.com login oauth2 password ${token}\r\n${crlf}`);
	assert.match(top.notes.join('\n'), /macdef on line 2 never ends/);
});

test('a UTF-8 byte-order mark stays on the line it was on, byte for byte', () => {
	const original = '\uFEFFmachine other.example.com login a password pa\nmachine c.example.com login c password pc\n';
	const result = edit(original);
	assert.ok(result.text.endsWith(original) || result.text.startsWith(original), result.text);
	assert.ok(result.text.includes('\uFEFFmachine other.example.com login a password pa\n'));
	assert.deepEqual(goSends(result.text), {login: 'oauth2', password: token});
});

test('an entry on a `#` line that Go reads (docs/curl.md §1.3: # is no comment for Go) is not edited in place: git ignores that line', () => {
	const original = '# old: machine gitlab.example.com login old password oldtoken\nmachine other.example.com login a password pa\n';
	assert.deepEqual(goSends(original), {login: 'old', password: 'oldtoken'}, 'precondition: Go uses the # line');
	const result = edit(original);
	assert.equal(result.kind, 'inserted-at-top');
	assert.equal(result.text, `machine gitlab.example.com login old password ${token}\n${original}`);
	assert.deepEqual(curlSends(result.text, '7.88'), {login: 'old', password: token});
});

test('a later duplicate entry for the host is left alone and named in the notes', () => {
	const original = 'machine gitlab.example.com login me password first\nmachine gitlab.example.com login me password second\n';
	const result = edit(original);
	assert.equal(result.text, original.replace('first', token));
	assert.match(result.notes.join('\n'), /Line 2 .* is left as it is/);
});

test('an entry with a port (Go 1.24+ keys by host:port; curl ignores the port: docs/curl.md §1.3) is added; curl disagreement is said', () => {
	const result = edit('machine other.example.com login a password pa\n', {host: 'gitlab.example.com:8443'});
	assert.deepEqual(goSends(result.text, 'gitlab.example.com:8443'), {login: 'oauth2', password: token});
	assert.equal(result.curlAgrees, false);
	assert.match(result.notes.join('\n'), /git's libcurl will still not send this entry/);
});

test('an empty file gets one line', () => {
	const result = planNetrcEdit('', {host, token}, {fileExists: false});
	assert.ok(!('refused' in result));
	assert.equal(result.kind, 'created');
	assert.equal(result.text, `machine gitlab.example.com login oauth2 password ${token}\n`);
});

for (const [what, bad, message] of [
	['an empty token', '', /empty/],
	['a token with a trailing newline (a careless paste)', `${token}\n`, /space, tab or line break/],
	['a token with a space', 'glpat-abc def', /space/],
	['a quoted token', `"${token}"`, /quote/],
	['a single-quoted token', `'${token}'`, /quote/],
	['a token with a tab', 'glpat-abc\tdef', /space, tab/],
	['a token with a non-ASCII letter', 'glpat-abcé', /printable ASCII/],
	['a token with a control character', 'glpat-abc\u0001', /printable ASCII/],
	['a token starting with #', '#glpat-abc', /comment/],
] as const) {
	test(`refuses ${what} with a clear message`, () => {
		assert.match(tokenProblem(bad) ?? '', message);
		const result = planNetrcEdit('machine a login b password c\n', {host, token: bad});
		assert.ok('refused' in result);
		assert.match(result.refused, message);
	});
}

test('the preview masking hides every password, as Go and as curl read them, and keeps the lines', () => {
	const text = 'machine a login u password s3cret-one\nmachine b login u\npassword\ns3cret-two\nmachine c login u password "s3cret three"\r\n';
	const masked = maskNetrcPasswords(text);
	for (const secret of ['s3cret-one', 's3cret-two', 's3cret']) assert.ok(!masked.includes(secret), masked);
	assert.equal(masked.split('\n').length, text.split('\n').length);
	assert.match(masked, /login u password \*\*\*\*/);
});

// ---------------------------------------------------------------------------------------------------------------
// Fuzz

const otherHosts = ['other.example.com', 'b.example.org', 'gitlab.example.com.evil.test', 'example.com'];
const word = fc.constantFrom('alpha', 'x', 'login', 'password', 'machine', 'default', 'account', 'note:', 'gitlab.example.com', '#', '--');
const blanks = fc.constantFrom(' ', '  ', '\t');

type Item = {lines: string[]; target: boolean; hosts: string[]};

const item: fc.Arbitrary<Item> = fc.oneof(
	fc.constantFrom<Item>({lines: [''], target: false, hosts: []}, {lines: ['   '], target: false, hosts: []}),
	fc.array(word, {maxLength: 5}).map(words => ({lines: [`# ${words.join(' ')}`.trimEnd()], target: false, hosts: []})),
	fc.record({h: fc.constantFrom(...otherHosts), l: fc.constantFrom('u', 'me', 'oauth2'), p: fc.constantFrom('pw1', 'pw-two', 'glpat-otherTOKEN1'), b: blanks}).map(({h, l, p, b}) => ({
		lines: [`machine${b}${h} login ${l} password ${p}`],
		target: false,
		hosts: [h],
	})),
	fc.record({h: fc.constantFrom(...otherHosts), l: fc.constantFrom('u', 'me'), p: fc.constantFrom('pw3', 'pw4')}).map(({h, l, p}) => ({
		lines: [`machine ${h}`, `  login ${l}`, `  password ${p}`],
		target: false,
		hosts: [h],
	})),
	fc.constantFrom<Item>({lines: ['macdef init', 'cd /pub', 'machine other.example.com login mac password fake', ''], target: false, hosts: []}),
	fc.constantFrom<Item>({lines: ['default login anonymous password guest'], target: false, hosts: []}, {lines: ['default'], target: false, hosts: []}),
	fc.constantFrom<Item>(
		{lines: ['machine gitlab.example.com login me password oldtoken'], target: true, hosts: []},
		{lines: ['machine gitlab.example.com', 'login me', 'password oldtoken'], target: true, hosts: []},
		{lines: ['machine gitlab.example.com login', 'me password', 'oldtoken'], target: true, hosts: []},
		{lines: ['machine gitlab.example.com password oldtoken'], target: true, hosts: []},
		{lines: ['MACHINE gitlab.example.com LOGIN me PASSWORD oldtoken'], target: true, hosts: []},
	),
);

const netrcFile = fc.record({
	items: fc.array(item, {maxLength: 10}),
	crlf: fc.boolean(),
	finalNewline: fc.boolean(),
	bom: fc.boolean(),
});

function render(file: {items: Item[]; crlf: boolean; finalNewline: boolean; bom: boolean}): string {
	const eol = file.crlf ? '\r\n' : '\n';
	const lines = file.items.flatMap(entry => entry.lines);
	if (lines.length === 0) return '';
	let text = lines.join(eol) + (file.finalNewline ? eol : '');
	if (file.bom) text = `\uFEFF${text}`;
	return text;
}

function curlView(text: string, dialect: CurlNetrcDialect, name: string): string {
	const outcome = resolveCurlNetrc(parseCurlNetrc(text, {dialect}), name);
	if (outcome.kind === 'match') return `match ${outcome.match.login} ${outcome.match.password}`;
	return outcome.kind === 'error' ? `error ${outcome.message}` : outcome.kind;
}

test('fuzz: random netrc files, add or replace: every non-target line survives in order, byte for byte; Go then sends the token', () => {
	fc.assert(
		fc.property(netrcFile, file => {
			const original = render(file);
			const result = planNetrcEdit(original, {host, token}, {fileExists: original !== ''});
			assert.ok(!('refused' in result), 'refused' in result ? result.refused : '');
			const newLines = result.text.split('\n');
			// A file without any line break has no style of its own: new lines end in LF.
			const crlf = file.crlf && original.includes('\n');
			const eol = crlf ? '\r\n' : '\n';
			// Lines of the non-target items, as they are in the file (the BOM stays on the file's first line).
			const kept: string[] = [];
			let first = true;
			for (const entry of file.items) {
				for (const line of entry.lines) {
					if (!entry.target) kept.push(first && file.bom ? `\uFEFF${line}` : line);
					first = false;
				}
			}
			assertSubsequence(newLines.map(line => line.replace(/\r$/, '')), kept);
			const added = `machine ${host} login ${result.login} password ${token}`;
			if (result.kind === 'appended') assert.equal(result.text, original.endsWith('\n') ? original + added + eol : original + eol + added);
			if (result.kind === 'inserted-at-top') assert.equal(result.text, added + eol + original);
			if (result.kind === 'created') assert.equal(original, '');
			// Line endings: in a CRLF file every terminated line ends in CRLF.
			if (crlf) for (const line of newLines.slice(0, -1)) assert.ok(line.endsWith('\r'), `LF-only line ${JSON.stringify(line)} in a CRLF file`);
			else if (!file.crlf) assert.ok(!result.text.includes('\r'));
			// A file without a final newline still has none (and one with it keeps it).
			if (original !== '') assert.equal(result.text.endsWith('\n'), original.endsWith('\n'));
			// Go sends the new token; nothing changes for any other host, for Go or curl.
			assert.deepEqual(goSends(result.text), {login: result.login, password: token});
			const keys = new Set([...parseGoNetrc(original).entries, ...parseGoNetrc(result.text).entries].map(entry => goNetrcKey(entry.machine)));
			keys.delete(host);
			for (const key of keys) if (key.toLowerCase() !== host) assert.deepEqual(goSends(result.text, key), goSends(original, key), `Go's view of ${key} changed`);
			for (const dialect of ['7.88', '8.16'] as const) {
				for (const name of [...otherHosts, 'unlisted.example.net']) assert.equal(curlView(result.text, dialect, name), curlView(original, dialect, name), `curl ${dialect} view of ${name} changed`);
			}
		}),
		{numRuns: 400},
	);
});

const rawText = fc
	.array(fc.constantFrom('machine', 'login', 'password', 'default', 'macdef', 'account', 'gitlab.example.com', 'GITLAB.example.com', 'other.example.com', 'u', 'p', '#', '"q u"', '\uFEFF', ' ', ' ', '\t', '\n', '\n', '\r\n', '\n\n'), {maxLength: 40})
	.map(parts => parts.join(''));

test('fuzz: arbitrary token soup: never throws; Go sends the token; other hosts unchanged; doing it twice changes nothing more', () => {
	fc.assert(
		fc.property(rawText, original => {
			const result = planNetrcEdit(original, {host, token});
			if ('refused' in result) return;
			assert.deepEqual(goSends(result.text), {login: result.login, password: token});
			for (const dialect of ['7.88', '8.16'] as const) {
				for (const name of ['other.example.com', 'unlisted.example.net']) assert.equal(curlView(result.text, dialect, name), curlView(original, dialect, name));
			}
			assert.equal(goSends(result.text, 'other.example.com')?.password, goSends(original, 'other.example.com')?.password);
			if (result.curlAgrees) {
				const again = planNetrcEdit(result.text, {host, token, login: result.login});
				assert.ok(!('refused' in again));
				assert.equal(again.text, result.text, 'a second identical edit must change nothing');
			}
		}),
		{numRuns: 300},
	);
});
