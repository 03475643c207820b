import {test} from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {findGoNetrcEntry, goNetrcCandidates, goNetrcNearMisses, goNetrcRulesFor, parseGoNetrc, type GoNetrcParse} from '../../source/rules/go-netrc.js';
import {goFields} from '../../source/rules/go-strings.js';

const HOST = 'gitlab.test';

function goCredential(text: string, host = HOST): [string, string] | undefined {
	const entry = findGoNetrcEntry(parseGoNetrc(text).entries, host);
	return entry ? [entry.login, entry.password] : undefined;
}

function skipsFor(parse: GoNetrcParse, machine: string): string[] {
	return parse.skipped.filter(skip => skip.machine === machine).map(skip => skip.reason);
}

// ---------------------------------------------------------------------------------------------------------------
// git-behaviour.md §3.3, Go column (E-19: Go's parseNetrc)

test('`default login u password p` only: no credentials, Go never yields default (git-behaviour.md §3.3 row 1)', () => {
	assert.equal(goCredential('default login u password p\n'), undefined);
});

test('a line with just `default`, then the machine entry: Go stops parsing, no credentials (git-behaviour.md §3.3 row 2)', () => {
	const parse = parseGoNetrc('default\nmachine gitlab.test login u password p\n');
	assert.equal(findGoNetrcEntry(parse.entries, HOST), undefined);
	assert.equal(parse.stoppedAtDefaultLine, 1);
	assert.deepEqual(skipsFor(parse, HOST), ['after a line ending in `default`: Go stops reading the file there']);
	assert.equal(parse.skipped[0]?.line, 2);
});

test('`default …` before `machine gitlab.test …`: Go uses the machine entry (git-behaviour.md §3.3 row 3)', () => {
	assert.deepEqual(goCredential('default login d password dp\nmachine gitlab.test login u password p\n'), ['u', 'p']);
});

test('`password "tok"`: Go keeps the quotes (git-behaviour.md §3.3 row 4; go-behaviour.md §1.2 no quoting)', () => {
	assert.deepEqual(goCredential('machine gitlab.test login u password "tok"\n'), ['u', '"tok"']);
});

test('`password "a b"`: Go takes `"a` (git-behaviour.md §3.3 row 5; golang/go#39403)', () => {
	assert.deepEqual(goCredential('machine gitlab.test login u password "a b"\n'), ['u', '"a']);
});

test('`machine gitlab.test:18080`: matches a URL with :18080, not the bare host (git-behaviour.md §3.3 row 6; go-behaviour.md §1.3)', () => {
	const text = 'machine gitlab.test:18080 login u password p\n';
	assert.deepEqual(goCredential(text, 'gitlab.test:18080'), ['u', 'p']);
	assert.equal(goCredential(text, HOST), undefined);
	assert.equal(goCredential(text, 'gitlab.test:443'), undefined);
});

test('host-only entry for a URL on port 18080: Go 1.24+ does not match, and says why (git-behaviour.md §3.3 row 7; golang/go#81253)', () => {
	const parse = parseGoNetrc('machine gitlab.test login u password p\n');
	assert.equal(findGoNetrcEntry(parse.entries, 'gitlab.test:18080'), undefined);
	const misses = goNetrcNearMisses(parse, 'gitlab.test:18080');
	assert.equal(misses.length, 1);
	assert.equal(misses[0]?.line, 1);
	assert.match(misses[0]!.reason, /no port.*:18080.*#81253/);
	// An explicit :443 is kept by URL parsing, so it too needs host:443 (go-behaviour.md §1.3, inferred).
	assert.equal(findGoNetrcEntry(parse.entries, 'gitlab.test:443'), undefined);
});

test('`MACHINE GitLab.TEST LOGIN u PASSWORD p`: no match, keywords are lower-case only (git-behaviour.md §3.3 row 8)', () => {
	const parse = parseGoNetrc('MACHINE GitLab.TEST LOGIN u PASSWORD p\n');
	assert.deepEqual(parse.entries, []);
	assert.equal(findGoNetrcEntry(parse.entries, HOST), undefined);
	const reasons = skipsFor(parse, 'GitLab.TEST');
	assert.equal(reasons.length, 1);
	assert.match(reasons[0]!, /"MACHINE" is not a keyword for Go/);
});

test('lower-case keywords but an upper-case machine: no match, case-sensitive host (go-behaviour.md §1.2 machine comparison)', () => {
	const parse = parseGoNetrc('machine GitLab.Test login u password p\n');
	assert.equal(parse.entries.length, 1);
	assert.equal(findGoNetrcEntry(parse.entries, HOST), undefined);
	const misses = goNetrcNearMisses(parse, HOST);
	assert.equal(misses.length, 1);
	assert.match(misses[0]!.reason, /letter case/);
});

test('pair split across lines: no match, Go pairs words within one line (git-behaviour.md §3.3 row 9; go-behaviour.md §1.2)', () => {
	const parse = parseGoNetrc('machine gitlab.test login\nu password\np\n');
	assert.equal(findGoNetrcEntry(parse.entries, HOST), undefined);
	const reasons = skipsFor(parse, HOST);
	assert.equal(reasons.length, 1);
	assert.match(reasons[0]!, /^no login and no password on the same entry: Go drops entries without login and password/);
	assert.match(reasons[0]!, /`login` is the last word of line 1/);
});

test('one token per line: no match (git-behaviour.md §3.3 row 10)', () => {
	const parse = parseGoNetrc('machine\ngitlab.test\nlogin\nu\npassword\np\n');
	assert.deepEqual(parse.entries, []);
	assert.deepEqual(parse.skipped.map(skip => [skip.line, skip.machine]), [[1, HOST]]);
	assert.match(parse.skipped[0]!.reason, /`machine` is the last word of its line/);
});

test('each pair on its own line still works: pairs are per line, not per entry (go-behaviour.md §1.2)', () => {
	const entry = findGoNetrcEntry(parseGoNetrc('machine gitlab.test\nlogin u\npassword p\n').entries, HOST);
	assert.deepEqual(entry && [entry.login, entry.password, entry.line], ['u', 'p', 1]);
});

test('CRLF endings: tokens are fine, `\\r` is whitespace (git-behaviour.md §3.3 row 11)', () => {
	assert.deepEqual(goCredential('machine gitlab.test login u password p\r\nmachine other login a password b\r\n'), ['u', 'p']);
});

test('CRLF endings: a macdef never ends and every later entry is lost (git-behaviour.md §3.3 row 11; go-behaviour.md §1.2)', () => {
	const text = 'machine other login a password b\r\nmacdef init\r\ncd /pub\r\n\r\nmachine gitlab.test login u password p\r\n';
	const parse = parseGoNetrc(text);
	assert.equal(findGoNetrcEntry(parse.entries, HOST), undefined);
	assert.deepEqual(goCredential(text, 'other'), ['a', 'b']);
	assert.equal(parse.unterminatedMacdefLine, 2);
	assert.deepEqual(skipsFor(parse, HOST), ['inside a macdef that never ends (CRLF file: a blank line is "\\r")']);
	// The same file with LF endings: the empty line ends the macro.
	assert.deepEqual(goCredential(text.replace(/\r\n/g, '\n')), ['u', 'p']);
});

test('UTF-8 BOM before the first `machine`: the first entry is lost, later ones stay (git-behaviour.md §3.3 row 12)', () => {
	const parse = parseGoNetrc('\uFEFFmachine gitlab.test login u password p\nmachine other login a password b\n');
	assert.equal(findGoNetrcEntry(parse.entries, HOST), undefined);
	assert.deepEqual(goCredential('\uFEFFmachine gitlab.test login u password p\nmachine other login a password b\n', 'other'), ['a', 'b']);
	assert.match(skipsFor(parse, HOST)[0] ?? '', /byte-order mark/);
});

test('`# old: machine gitlab.test …` is used: `#` is not a comment for Go (git-behaviour.md §3.3 row 13)', () => {
	const parse = parseGoNetrc('# old: machine gitlab.test login u password p\n');
	const entry = findGoNetrcEntry(parse.entries, HOST);
	assert.deepEqual(entry && [entry.login, entry.password, entry.fromCommentLine], ['u', 'p', true]);
	assert.match(skipsFor(parse, HOST)[0] ?? '', /^`#` does not start a comment for Go/);
});

test('`# machine …` with an odd word before it: misaligned pairs, nothing defined (go-behaviour.md §1.2 pairs)', () => {
	// Fields: # machine | gitlab.test login | u password | p: no pair starts with a keyword.
	assert.deepEqual(parseGoNetrc('# machine gitlab.test login u password p\n').entries, []);
});

test('a `#` line fills in the password of an entry still in progress (go-behaviour.md §1.2)', () => {
	const parse = parseGoNetrc('machine gitlab.test login u\n# x password p\n');
	const entry = findGoNetrcEntry(parse.entries, HOST);
	assert.deepEqual(entry && [entry.password, entry.line, entry.fromCommentLine], ['p', 1, true]);
	assert.equal(parse.skipped[0]?.line, 2);
	assert.match(parse.skipped[0]!.reason, /sets the password of the entry for machine gitlab\.test/);
});

test('`password #tok`: Go takes `#tok` (git-behaviour.md §3.3 row 14)', () => {
	assert.deepEqual(goCredential('machine gitlab.test login u password #tok\n'), ['u', '#tok']);
});

test('`machine gitlab.test password p` (no login): ignored, needs all three fields (git-behaviour.md §3.3 row 15; golang/go#65260)', () => {
	const parse = parseGoNetrc('machine gitlab.test password p\n');
	assert.equal(findGoNetrcEntry(parse.entries, HOST), undefined);
	assert.deepEqual(skipsFor(parse, HOST), ['no login on the same entry: Go drops entries without login and password']);
});

test('login without password: dropped with its reason (go-behaviour.md §1.2)', () => {
	const parse = parseGoNetrc('machine gitlab.test login u\nmachine other login a password b\n');
	assert.deepEqual(skipsFor(parse, HOST), ['no password on the same entry: Go drops entries without login and password']);
});

test('NETRC=/other/file: Go uses it verbatim (git-behaviour.md §3.3 row 16; go-behaviour.md §1.1)', () => {
	assert.deepEqual(goNetrcCandidates({NETRC: '/other/file', HOME: '/home/u'}, 'linux'), {source: 'NETRC', candidates: ['/other/file']});
	// No `~` expansion, and a directory is not special.
	assert.deepEqual(goNetrcCandidates({NETRC: '~/netrc', HOME: '/home/u'}, 'linux').candidates, ['~/netrc']);
	assert.deepEqual(goNetrcCandidates({NETRC: 'C:\\ci\\netrc', USERPROFILE: 'C:\\Users\\u'}, 'win32').candidates, ['C:\\ci\\netrc']);
});

test('two entries for one host: the first wins, the second is reported (git-behaviour.md §3.3 row 17; go-behaviour.md §1.2)', () => {
	const parse = parseGoNetrc('machine gitlab.test login u1 password p1\nmachine gitlab.test login u2 password p2\n');
	assert.deepEqual(goCredential('machine gitlab.test login u1 password p1\nmachine gitlab.test login u2 password p2\n'), ['u1', 'p1']);
	assert.deepEqual(skipsFor(parse, HOST), ['duplicate: an earlier entry for the same machine wins (line 1)']);
	assert.deepEqual(goNetrcNearMisses(parse, HOST).map(miss => miss.line), [2]);
});

// ---------------------------------------------------------------------------------------------------------------
// go-behaviour.md §1.2 parse rules

test('an odd trailing word is dropped, the pairs before it still count (go-behaviour.md §1.2)', () => {
	assert.deepEqual(goCredential('machine gitlab.test login u password p extra\n'), ['u', 'p']);
	const parse = parseGoNetrc('machine gitlab.test login u password\np\n');
	assert.equal(findGoNetrcEntry(parse.entries, HOST), undefined);
	assert.match(skipsFor(parse, HOST)[0] ?? '', /^no password .*`password` is the last word of line 1/);
});

test('`default login a password b` does not stop parsing and defines nothing (go-behaviour.md §1.2)', () => {
	const parse = parseGoNetrc('default login a password b\nmachine gitlab.test login u password p\n');
	assert.equal(parse.stoppedAtDefaultLine, undefined);
	assert.deepEqual(parse.entries.map(entry => entry.machine), [HOST]);
});

test('`machine x default` stops parsing: its unpaired last word is `default` (go-behaviour.md §1.2)', () => {
	const parse = parseGoNetrc('machine x default\nmachine gitlab.test login u password p\n');
	assert.equal(parse.stoppedAtDefaultLine, 1);
	assert.deepEqual(parse.entries, []);
	assert.match(skipsFor(parse, 'x')[0] ?? '', /Go stops reading at the `default` on line 1/);
});

test('entries before the stop line are kept (go-behaviour.md §1.2)', () => {
	assert.deepEqual(goCredential('machine gitlab.test login u password p\ndefault\nmachine other login a password b\n'), ['u', 'p']);
	assert.equal(goCredential('machine gitlab.test login u password p\ndefault\nmachine other login a password b\n', 'other'), undefined);
});

test('macdef: the rest of its line is read, following lines are skipped up to an empty line (go-behaviour.md §1.2)', () => {
	const text = 'machine a login u macdef init password p\ncd /pub\nmachine gitlab.test login evil password x\n\nmachine gitlab.test login u password p\n';
	const parse = parseGoNetrc(text);
	assert.deepEqual(goCredential(text, 'a'), ['u', 'p']);
	const entry = findGoNetrcEntry(parse.entries, HOST);
	assert.deepEqual(entry && [entry.login, entry.line], ['u', 5]);
	assert.deepEqual(parse.skipped.map(skip => [skip.line, skip.reason]), [[3, 'inside a macdef: Go skips the lines after `macdef` up to the next empty line']]);
});

test('macdef: a line of spaces is not empty, so the macro runs on (go-behaviour.md §1.2)', () => {
	const parse = parseGoNetrc('macdef init\ncd /\n   \nmachine gitlab.test login u password p\n');
	assert.equal(findGoNetrcEntry(parse.entries, HOST), undefined);
	assert.equal(parse.unterminatedMacdefLine, 1);
	assert.match(skipsFor(parse, HOST)[0] ?? '', /never ends.*spaces or tabs/);
});

test('the entry is emitted the moment machine, login and password are set; later words do not change it (go-behaviour.md §1.2)', () => {
	const parse = parseGoNetrc('machine gitlab.test login u password p login v\n');
	assert.deepEqual(parse.entries.map(entry => [entry.login, entry.password]), [['u', 'p']]);
});

test('`machine` resets an entry in progress (go-behaviour.md §1.2)', () => {
	const parse = parseGoNetrc('machine gitlab.test login u machine other password p\n');
	assert.deepEqual(parse.entries, []);
	assert.deepEqual(skipsFor(parse, HOST), ['no password on the same entry: Go drops entries without login and password']);
});

test('`account` and unknown words: the pair is ignored (go-behaviour.md §1.2)', () => {
	assert.deepEqual(goCredential('machine gitlab.test account acct login u port 22 password p\n'), ['u', 'p']);
});

test('the entry line is the line of `machine`, even when login and password follow later (go-behaviour.md §1.2)', () => {
	assert.equal(findGoNetrcEntry(parseGoNetrc('\n\nmachine gitlab.test\n  login u\n  password p\n').entries, HOST)?.line, 3);
});

test('whitespace is unicode.IsSpace: tabs, vertical tab, NBSP split words; a BOM does not (go-behaviour.md §1.2; strings.Fields)', () => {
	assert.deepEqual(goFields('a\tb\u000bc\u00a0d\u2003e\uFEFFf'), ['a', 'b', 'c', 'd', 'e\uFEFFf']);
	assert.deepEqual(goCredential('machine\tgitlab.test\u00a0login u password p\n'), ['u', 'p']);
});

// ---------------------------------------------------------------------------------------------------------------
// go-behaviour.md §1.3 matching

test('case-sensitive exact host: no folding either way (go-behaviour.md §1.2, §1.3)', () => {
	const entries = parseGoNetrc('machine gitlab.test login u password p\n').entries;
	assert.equal(findGoNetrcEntry(entries, 'GitLab.test'), undefined);
	assert.equal(findGoNetrcEntry(entries, 'gitlab.test.'), undefined);
	assert.equal(findGoNetrcEntry(entries, 'other.gitlab.test'), undefined);
});

test('machine keys drop a leading "https://" but keep a trailing "/" as storeCredential does (auth.go; confirmed with go 1.24.4)', () => {
	assert.deepEqual(goCredential('machine https://gitlab.test login u password p\n'), ['u', 'p']);
	assert.equal(goCredential('machine https://gitlab.test/ login u password p\n'), undefined);
	assert.match(goNetrcNearMisses(parseGoNetrc('machine https://gitlab.test/ login u password p\n'), HOST)[0]?.reason ?? '', /ends with "\/"/);
	assert.equal(goCredential('machine http://gitlab.test login u password p\n'), undefined);
	const parse = parseGoNetrc('machine http://gitlab.test login u password p\n');
	assert.match(goNetrcNearMisses(parse, HOST)[0]?.reason ?? '', /http:\/\//);
});

test('a machine with a path matches only that exact URL: loadCredential tries the whole URL, then the host (auth.go, Go 1.24.4; confirmed with the real go)', () => {
	const entries = parseGoNetrc('machine gitlab.test/group login g password gp\nmachine gitlab.test login u password p\n').entries;
	assert.equal(findGoNetrcEntry(entries, HOST, '/group/project?go-get=1')?.login, 'u');
	assert.equal(findGoNetrcEntry(entries, HOST, '/group')?.login, 'g');
	assert.equal(findGoNetrcEntry(entries, HOST)?.login, 'u');
	assert.equal(findGoNetrcEntry(parseGoNetrc('machine gitlab.test/group login g password gp\n').entries, HOST, '/group/project'), undefined);
});

test('Go before 1.24 compares the machine name as written: "https://" is not stripped (auth.go of 1.19 and 1.23; confirmed with the real go)', () => {
	const entries = parseGoNetrc('machine https://gitlab.test login u password p\n').entries;
	assert.equal(findGoNetrcEntry(entries, HOST, '', 'host'), undefined);
	assert.equal(findGoNetrcEntry(entries, HOST, '', 'hostname'), undefined);
	assert.equal(findGoNetrcEntry(entries, HOST, '', 'goauth')?.login, 'u');
	assert.match(goNetrcNearMisses(parseGoNetrc('machine https://gitlab.test login u password p\n'), HOST, 'host')[0]?.reason ?? '', /only Go 1\.24 and later strip it/);
});

test('ports: Go 1.19 compares the host name without port; 1.20–1.23 and 1.24+ compare host[:port] (auth.go per release)', () => {
	const bare = parseGoNetrc('machine gitlab.test login u password p\n').entries;
	const withPort = parseGoNetrc('machine gitlab.test:8443 login u password p\n').entries;
	assert.equal(findGoNetrcEntry(bare, 'gitlab.test:8443', '', 'hostname')?.login, 'u');
	assert.equal(findGoNetrcEntry(withPort, 'gitlab.test:8443', '', 'hostname'), undefined);
	assert.equal(findGoNetrcEntry(bare, 'gitlab.test:8443', '', 'host'), undefined);
	assert.equal(findGoNetrcEntry(withPort, 'gitlab.test:8443', '', 'host')?.login, 'u');
	assert.equal(findGoNetrcEntry(withPort, 'gitlab.test:8443', '', 'goauth')?.login, 'u');
	assert.equal(goNetrcRulesFor(19), 'hostname');
	assert.equal(goNetrcRulesFor(23), 'host');
	assert.equal(goNetrcRulesFor(24), 'goauth');
});

test('near misses: unrelated machines are not reported (go-behaviour.md §1.3)', () => {
	const parse = parseGoNetrc('machine example.com login u password p\nmachine gitlab.testing login u password p\n');
	assert.deepEqual(goNetrcNearMisses(parse, HOST), []);
});

test('near misses include dropped entries for the host, with their reason', () => {
	const parse = parseGoNetrc('machine gitlab.test password p\n');
	assert.deepEqual(goNetrcNearMisses(parse, HOST), [{line: 1, machine: HOST, reason: 'no login on the same entry: Go drops entries without login and password'}]);
});

// ---------------------------------------------------------------------------------------------------------------
// go-behaviour.md §1.1 file choice

test('file choice on Unix: $HOME/.netrc only; no HOME, no file (go-behaviour.md §1.1; os.UserHomeDir)', () => {
	assert.deepEqual(goNetrcCandidates({HOME: '/home/u'}, 'linux'), {source: 'home', candidates: ['/home/u/.netrc']});
	assert.deepEqual(goNetrcCandidates({HOME: '/Users/u/'}, 'darwin'), {source: 'home', candidates: ['/Users/u/.netrc']});
	assert.deepEqual(goNetrcCandidates({}, 'linux'), {source: 'none', candidates: []});
	assert.deepEqual(goNetrcCandidates({HOME: ''}, 'linux'), {source: 'none', candidates: []});
	// An empty NETRC is not used.
	assert.deepEqual(goNetrcCandidates({NETRC: '', HOME: '/home/u'}, 'linux').candidates, ['/home/u/.netrc']);
	// USERPROFILE means nothing on Unix.
	assert.deepEqual(goNetrcCandidates({USERPROFILE: '/x'}, 'linux').source, 'none');
});

test('file choice on Windows: _netrc then .netrc in USERPROFILE; HOME is not used (go-behaviour.md §1.1)', () => {
	assert.deepEqual(goNetrcCandidates({USERPROFILE: 'C:\\Users\\u', HOME: 'D:\\h'}, 'win32'), {source: 'home', candidates: ['C:\\Users\\u\\_netrc', 'C:\\Users\\u\\.netrc']});
	assert.deepEqual(goNetrcCandidates({HOME: 'D:\\h'}, 'win32'), {source: 'none', candidates: []});
	// Windows environment names are case-insensitive.
	assert.deepEqual(goNetrcCandidates({UserProfile: 'C:\\Users\\u'}, 'win32').candidates[0], 'C:\\Users\\u\\_netrc');
});

// ---------------------------------------------------------------------------------------------------------------
// Fuzz

const word = fc.constantFrom('machine', 'login', 'password', 'macdef', 'default', 'account', 'MACHINE', 'gitlab.test', 'other', 'u', 'p', '"q', 'q"', '"a b"', '#', '#x', '\uFEFFmachine', 'gitlab.test:8443', 'https://gitlab.test');
const separator = fc.constantFrom(' ', '\t', '\n', '\r\n', '\r', '\n\n', '  ', '\u00a0', '\u000b');
const netrcText = fc.array(fc.tuple(word, separator), {maxLength: 40}).map(parts => parts.map(([w, s]) => w + s).join(''));
const anyText = fc.oneof(netrcText, fc.string({maxLength: 200}), fc.string({unit: 'binary', maxLength: 200}));

test('fuzz: parseGoNetrc never throws; entries are complete, whitespace-free and point at their `machine` line', () => {
	fc.assert(
		fc.property(anyText, text => {
			const parse = parseGoNetrc(text);
			const lines = text.split('\n');
			let previousLine = 0;
			for (const entry of parse.entries) {
				assert.ok(entry.line >= 1 && entry.line <= lines.length);
				assert.ok(entry.line >= previousLine, 'entries come in file order');
				previousLine = entry.line;
				for (const value of [entry.machine, entry.login, entry.password]) {
					assert.ok(value.length > 0);
					assert.deepEqual(goFields(value), [value], 'a field holds no whitespace');
				}
				const fields = goFields(lines[entry.line - 1]!);
				assert.ok(fields.some((field, index) => field === 'machine' && fields[index + 1] === entry.machine), 'the machine word is on that line');
			}
			for (const skip of parse.skipped) assert.ok(skip.line >= 1 && skip.line <= lines.length && skip.reason.length > 0);
			for (const line of [parse.stoppedAtDefaultLine, parse.unterminatedMacdefLine]) if (line !== undefined) assert.ok(line >= 1 && line <= lines.length);
			for (const host of [HOST, 'other', 'gitlab.test:8443']) {
				const found = findGoNetrcEntry(parse.entries, host);
				if (found) assert.equal(found, parse.entries.find(entry => entry.machine === found.machine), 'the first entry for its machine');
				for (const miss of goNetrcNearMisses(parse, host)) assert.ok(miss.line >= 1 && miss.line <= lines.length);
			}
		}),
		{numRuns: 3000},
	);
});

test('fuzz: a complete first line always wins for its machine (go-behaviour.md §1.2 first entry wins)', () => {
	fc.assert(
		fc.property(anyText, text => {
			assert.deepEqual(goCredential(`machine gitlab.test login first password secret1\n${text}`), ['first', 'secret1']);
		}),
		{numRuns: 2000},
	);
});
