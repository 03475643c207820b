import {test} from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
	curlNetrcCandidates,
	curlReleaseMatters,
	findCurlNetrcEntry,
	parseCurlNetrc,
	resolveCurlNetrc,
	type CurlNetrcDialect,
} from '../../source/rules/curl-netrc.js';
import {compareGoAndCurl} from '../../source/rules/netrc-go-vs-curl.js';

const HOST = 'gitlab.test';

/** [user, password] curl sends for HOST, or undefined when it takes nothing from the file. */
function curlSends(text: string, options: {dialect?: CurlNetrcDialect; user?: string; host?: string; windowsTextMode?: boolean} = {}): [string, string] | undefined {
	const match = findCurlNetrcEntry(parseCurlNetrc(text, options), options.host ?? HOST, options.user);
	return match ? [match.login, match.password] : undefined;
}

function bothDialects(run: (dialect: CurlNetrcDialect) => void): void {
	run('7.88');
	run('8.16');
}

// ---------------------------------------------------------------------------------------------------------------
// docs/curl.md §1.3, curl column (git 2.39.5 + libcurl 7.88.1, docs/git.md §6.16/docs/git.md §6.17); curl ≥ 8.16 from source [docs/sources.md §R16]

test('`default login u password p` only: curl uses u:p (docs/curl.md §1.3 row 1)', () => {
	bothDialects(dialect => {
		const match = findCurlNetrcEntry(parseCurlNetrc('default login u password p\n', {dialect}), HOST);
		assert.deepEqual(match && [match.login, match.password, match.via, match.machine, match.line], ['u', 'p', 'default', undefined, 1]);
	});
});

test('a line with just `default`, then the machine entry: curl uses the machine entry (docs/curl.md §1.3 row 2)', () => {
	bothDialects(dialect => {
		const match = findCurlNetrcEntry(parseCurlNetrc('default\nmachine gitlab.test login u password p\n', {dialect}), HOST);
		assert.deepEqual(match && [match.login, match.password, match.line], ['u', 'p', 2]);
	});
});

test('`default …` before `machine gitlab.test …`: default wins, first match (docs/curl.md §1.3 row 3)', () => {
	bothDialects(dialect => assert.deepEqual(curlSends('default login d password dp\nmachine gitlab.test login u password p\n', {dialect}), ['d', 'dp']));
});

test('`password "tok"` (quoted): curl reads tok (docs/curl.md §1.3 row 4)', () => {
	bothDialects(dialect => assert.deepEqual(curlSends('machine gitlab.test login u password "tok"\n', {dialect}), ['u', 'tok']));
});

test('`password "a b"`: curl reads `a b` (docs/curl.md §1.3 row 5)', () => {
	bothDialects(dialect => assert.deepEqual(curlSends('machine gitlab.test login u password "a b"\n', {dialect}), ['u', 'a b']));
});

test('`machine gitlab.test:18080 …`: never matches, curl compares the host name without port (docs/curl.md §1.3 row 6)', () => {
	bothDialects(dialect => {
		const parse = parseCurlNetrc('machine gitlab.test:18080 login u password p\n', {dialect});
		assert.deepEqual(resolveCurlNetrc(parse, HOST), {kind: 'none'});
	});
});

test('`machine gitlab.test …` for a URL on port 18080: curl matches, the port is ignored (docs/curl.md §1.3 row 7)', () => {
	const text = 'machine gitlab.test login u password p\n';
	assert.deepEqual(curlSends(text), ['u', 'p']);
	// compareGoAndCurl takes the URL's host[:port] and hands curl the name only: Go 1.24+ misses, curl matches.
	const differences = compareGoAndCurl(text, 'gitlab.test:18080');
	assert.match(differences[0] ?? '', /git \(libcurl 7\.88\) sends login "u" from the entry for machine "gitlab\.test" on line 1, but Go sends nothing for gitlab\.test:18080/);
	assert.ok(differences.some(line => /#81253/.test(line)));
});

test('`MACHINE GitLab.TEST LOGIN u PASSWORD p`: matches, keywords and host are case-insensitive (docs/curl.md §1.3 row 8)', () => {
	bothDialects(dialect => assert.deepEqual(curlSends('MACHINE GitLab.TEST LOGIN u PASSWORD p\n', {dialect}), ['u', 'p']));
	// Login and password values keep their case.
	assert.deepEqual(curlSends('machine GITLAB.test login User password PassWord\n'), ['User', 'PassWord']);
});

test('pair split across lines: matches (docs/curl.md §1.3 row 9)', () => {
	bothDialects(dialect => assert.deepEqual(curlSends('machine gitlab.test login\nu password\np\n', {dialect}), ['u', 'p']));
});

test('one token per line: matches (docs/curl.md §1.3 row 10)', () => {
	bothDialects(dialect => assert.deepEqual(curlSends('machine\ngitlab.test\nlogin\nu\npassword\np\n', {dialect}), ['u', 'p']));
});

test('CRLF endings: fine, `\\r` is not part of the values (docs/curl.md §1.3 row 11)', () => {
	bothDialects(dialect => assert.deepEqual(curlSends('machine other login a password b\r\nmachine gitlab.test login u password p\r\n', {dialect}), ['u', 'p']));
	// A CRLF macdef does not swallow the rest of the file for curl 7.88, unlike Go.
	assert.deepEqual(curlSends('machine other login a password b\r\nmacdef init\r\ncd /pub\r\n\r\nmachine gitlab.test login u password p\r\n'), ['u', 'p']);
});

test('UTF-8 BOM before the first `machine`: curl 7.88 loses the first entry (docs/curl.md §1.3 row 12)', () => {
	const text = '\uFEFFmachine gitlab.test login u password p\nmachine other login a password b\n';
	assert.equal(curlSends(text), undefined);
	assert.deepEqual(curlSends(text, {host: 'other'}), ['a', 'b']);
	assert.match(parseCurlNetrc(text).notes[0]?.message ?? '', /byte-order mark/);
});

test('`# old: machine gitlab.test …`: ignored as a comment (docs/curl.md §1.3 row 13)', () => {
	bothDialects(dialect => assert.equal(curlSends('# old: machine gitlab.test login u password p\n', {dialect}), undefined));
	// Leading blanks before `#` still make a comment line.
	bothDialects(dialect => assert.equal(curlSends('   # machine gitlab.test login u password p\n', {dialect}), undefined));
});

test('`password #tok`: 7.88 sends an empty password (comment); 8.16+ sends `#tok` (docs/curl.md §1.3 row 14)', () => {
	const text = 'machine gitlab.test login u password #tok\n';
	const old = findCurlNetrcEntry(parseCurlNetrc(text), HOST);
	assert.deepEqual(old && [old.login, old.password, old.passwordFromFile], ['u', '', false]);
	assert.deepEqual(curlSends(text, {dialect: '8.16'}), ['u', '#tok']);
});

test('`machine gitlab.test password p` (no login): curl sends `:p` (docs/curl.md §1.3 row 15; url.c blank user)', () => {
	bothDialects(dialect => {
		const match = findCurlNetrcEntry(parseCurlNetrc('machine gitlab.test password p\n', {dialect}), HOST);
		assert.deepEqual(match && [match.login, match.password, match.loginFromFile], ['', 'p', false]);
	});
});

test('NETRC=/other/file: 7.88 ignores it, ≥ 8.16 uses it (docs/curl.md §1.3 row 16, docs/curl.md §1.1; docs/git.md §6.18)', () => {
	const env = {HOME: '/home/u', NETRC: '/other/file'};
	assert.deepEqual(curlNetrcCandidates(env, 'linux', {honoursNetrcEnv: false}), ['/home/u/.netrc']);
	assert.deepEqual(curlNetrcCandidates(env, 'linux', {honoursNetrcEnv: true}), ['/other/file']);
});

test('two entries for one host: the first wins (docs/curl.md §1.3 row 17)', () => {
	bothDialects(dialect => assert.deepEqual(curlSends('machine gitlab.test login u1 password p1\nmachine gitlab.test login u2 password p2\n', {dialect}), ['u1', 'p1']));
});

// ---------------------------------------------------------------------------------------------------------------
// Parser details read from lib/netrc.c (7.88.1 `parsenetrc`; ≥ 8.16 copy) and lib/url.c `override_login`

test('an unterminated quote: curl fails with ".netrc parser error" (docs/curl.md §1.2, docs/git.md §5.3; docs/git.md §6.17)', () => {
	const parse = parseCurlNetrc('machine gitlab.test login u password "abc\n');
	assert.deepEqual(parse.error, {line: 1, message: 'unterminated quoted string: curl fails with ".netrc parser error"'});
	assert.deepEqual(resolveCurlNetrc(parse, HOST), {kind: 'error', line: 1, message: 'unterminated quoted string: curl fails with ".netrc parser error"'});
	assert.match(resolveCurlNetrc(parseCurlNetrc('machine x password "abc\n', {dialect: '8.16'}), HOST).kind, /error/);
	// An escape at the very end also leaves the quote open.
	assert.equal(resolveCurlNetrc(parseCurlNetrc('machine x password "abc\\"\n'), HOST).kind, 'error');
});

test('7.88: a broken quote after a complete entry is not reached, unless it is the very next word (netrc.c: tokenize, then `done`)', () => {
	const far = 'machine gitlab.test login u password p\nmachine other login x password y\nmachine bad password "oops\n';
	assert.deepEqual(curlSends(far), ['u', 'p']);
	assert.equal(resolveCurlNetrc(parseCurlNetrc('machine gitlab.test login u password p "oops\n'), HOST).kind, 'error');
	// ≥ 8.16 stops right after the completing word.
	assert.deepEqual(curlSends('machine gitlab.test login u password p "oops\n', {dialect: '8.16'}), ['u', 'p']);
});

test('quoted strings: \\" \\\\ \\n \\r \\t escapes; other escaped letters stand for themselves', () => {
	bothDialects(dialect => assert.deepEqual(curlSends('machine gitlab.test login "a\\"b" password "c\\\\d\\te\\nf\\x"\n', {dialect}), ['a"b', 'c\\d\te\nfx']));
});

test('7.88: the character right after a closing quote is skipped (`tok = ++tok_end`)', () => {
	// After "p" the X is skipped, so `login` is read as a keyword.
	assert.deepEqual(curlSends('machine gitlab.test password "p"Xlogin u\n'), ['u', 'p']);
});

test('a URL user selects the entry with that login (curl 7.82+, docs/curl.md §1.2)', () => {
	const text = 'machine gitlab.test login alice password pa\nmachine gitlab.test login bob password pb\n';
	bothDialects(dialect => {
		assert.deepEqual(curlSends(text, {dialect, user: 'bob'}), ['bob', 'pb']);
		assert.deepEqual(curlSends(text, {dialect, user: 'alice'}), ['alice', 'pa']);
	});
	// A user no entry names: 7.88 takes no password. The ≥ 8.16 copy stores every password of the host and keeps the
	// last one, so carol gets bob's (the flaw curl#20950 reports, fixed in 2026).
	assert.equal(curlSends(text, {user: 'carol'}), undefined);
	assert.deepEqual(curlSends(text, {dialect: '8.16', user: 'carol'}), ['carol', 'pb']);
});

test('7.88: a login-less entry lends its password to the URL user (state_our_login starts TRUE)', () => {
	assert.deepEqual(curlSends('machine gitlab.test password p\n', {user: 'alice'}), ['alice', 'p']);
});

test('7.88: a pending `password` keyword takes the next word curl reads, even on the next line', () => {
	// `#tok` ends the line as a comment; the next word read is `machine`, which becomes the password.
	assert.deepEqual(curlSends('machine gitlab.test login u password #tok\nmachine other login x password y\n'), ['u', 'machine']);
});

test('7.88: login and password are collected across entries for the same host; ≥ 8.16 keeps them per entry', () => {
	const text = 'machine gitlab.test login u\nmachine other login x password y\nmachine gitlab.test password p\n';
	const old = findCurlNetrcEntry(parseCurlNetrc(text), HOST);
	assert.deepEqual(old && [old.login, old.password, old.mixed, old.loginLine, old.passwordLine, old.line], ['u', 'p', true, 1, 3, 3]);
	// 8.16 forgets the login at the next `machine`; the password alone gets a blank user.
	assert.deepEqual(curlSends(text, {dialect: '8.16'}), ['', 'p']);
});

test('login without password: 7.88 sends an empty password; ≥ 8.16 sets a blank one ("success without a password")', () => {
	bothDialects(dialect => {
		const match = findCurlNetrcEntry(parseCurlNetrc('machine gitlab.test login u\n', {dialect}), HOST);
		assert.deepEqual(match && [match.login, match.password, match.passwordFromFile], ['u', '', false]);
	});
});

test('a matching entry without login or password gives nothing', () => {
	assert.deepEqual(resolveCurlNetrc(parseCurlNetrc('machine gitlab.test\n'), HOST), {kind: 'empty', line: 1, machine: HOST});
	// ≥ 8.16: "a default with no credentials" is no match at all.
	assert.deepEqual(resolveCurlNetrc(parseCurlNetrc('default\n', {dialect: '8.16'}), HOST), {kind: 'none'});
});

test('macdef (LF): lines are skipped up to an empty line (docs/curl.md §1.2; curl#7238)', () => {
	const text = 'macdef init\nmachine gitlab.test login evil password x\n\nmachine gitlab.test login u password p\n';
	bothDialects(dialect => {
		const match = findCurlNetrcEntry(parseCurlNetrc(text, {dialect}), HOST);
		assert.deepEqual(match && [match.login, match.line], ['u', 4]);
	});
});

test('7.88: a blank after the macro name yields an empty word, which ends the macro at once', () => {
	assert.deepEqual(curlSends('macdef init \nmachine gitlab.test login m password mp\n'), ['m', 'mp']);
});

test('7.88: lines longer than 4 KiB are skipped (Curl_get_line, docs/curl.md §1.2)', () => {
	const long = 'x'.repeat(4100);
	const text = `machine gitlab.test login u password ${long}\nmachine other login a password b\n`;
	const parse = parseCurlNetrc(text);
	assert.equal(findCurlNetrcEntry(parse, HOST), undefined);
	assert.deepEqual(parse.notes, [{line: 1, message: 'longer than 4 KiB: curl 7.88 skips this line'}]);
	// A line of 4094 bytes plus its newline still fits.
	const fits = `machine gitlab.test login u password ${'y'.repeat(4094 - 'machine gitlab.test login u password '.length)}\n`;
	assert.equal(findCurlNetrcEntry(parseCurlNetrc(fits), HOST)?.login, 'u');
	assert.equal(findCurlNetrcEntry(parseCurlNetrc(fits.replace('password ', 'password y')), HOST), undefined);
});

test('a missing final newline is tolerated (docs/curl.md §1.2; curl#9973)', () => {
	bothDialects(dialect => assert.deepEqual(curlSends('machine gitlab.test login u password p', {dialect}), ['u', 'p']));
});

test('≥ 8.16: `#` starts a comment only as the first non-blank of a line (docs/curl.md §1.2 HEAD)', () => {
	assert.deepEqual(curlSends('machine gitlab.test login u # note\npassword p\n', {dialect: '8.16'}), ['u', 'p']);
	// 7.88 drops the rest of the first line and still reads the second.
	assert.deepEqual(curlSends('machine gitlab.test login u # note\npassword p\n'), ['u', 'p']);
	assert.deepEqual(curlSends('machine gitlab.test # login x\nlogin u password p\n'), ['u', 'p']);
});

test('≥ 8.16: a quoted string may span lines; 7.88 reads line by line and fails', () => {
	const text = 'machine gitlab.test login u password "a\nb"\n';
	assert.deepEqual(curlSends(text, {dialect: '8.16'}), ['u', 'a\nb']);
	assert.equal(resolveCurlNetrc(parseCurlNetrc(text), HOST).kind, 'error');
});

test('≥ 8.16: files over 128 KiB (comment lines aside) fail; words over 4 KiB fail', () => {
	const big = 'machine gitlab.test login u password p\n' + 'machine filler login f password f\n'.repeat(4000);
	assert.match(resolveCurlNetrc(parseCurlNetrc(big, {dialect: '8.16'}), HOST).kind, /error/);
	const comments = 'machine gitlab.test login u password p\n' + '# filler filler filler filler\n'.repeat(5000);
	assert.deepEqual(curlSends(comments, {dialect: '8.16'}), ['u', 'p']);
	const longWord = `machine gitlab.test login u password ${'z'.repeat(5000)}\n`;
	assert.equal(resolveCurlNetrc(parseCurlNetrc(longWord, {dialect: '8.16'}), HOST).kind, 'error');
});

test('Windows text mode turns CRLF into LF before curl reads it', () => {
	const text = 'machine gitlab.test login u\r\n\r\npassword p\r\n';
	assert.deepEqual(curlSends(text, {dialect: '8.16', windowsTextMode: true}), ['u', 'p']);
});

test('parse entries: the reader view of each block, in file order, with lines', () => {
	const parse = parseCurlNetrc('machine a login u password p\n\ndefault\n  login d\n  password dp\nmachine b password q\n');
	assert.deepEqual(parse.entries, [
		{machine: 'a', login: 'u', password: 'p', line: 1},
		{machine: undefined, login: 'd', password: 'dp', line: 3},
		{machine: 'b', password: 'q', line: 6},
	]);
	assert.equal(parse.error, undefined);
});

test('an IPv6 host in brackets is compared without them', () => {
	assert.deepEqual(curlSends('machine ::1 login u password p\n', {host: '[::1]'}), ['u', 'p']);
});

// ---------------------------------------------------------------------------------------------------------------
// File choice (docs/curl.md §1.1; lib/netrc.c Curl_parsenetrc)

test('file choice on Unix: $HOME/.netrc, else the passwd home; HOME="" is still a value', () => {
	assert.deepEqual(curlNetrcCandidates({HOME: '/home/u'}, 'linux', {honoursNetrcEnv: false, passwdHome: '/pw'}), ['/home/u/.netrc']);
	assert.deepEqual(curlNetrcCandidates({}, 'linux', {honoursNetrcEnv: false, passwdHome: '/pw'}), ['/pw/.netrc']);
	assert.deepEqual(curlNetrcCandidates({}, 'darwin', {honoursNetrcEnv: false}), []);
	assert.deepEqual(curlNetrcCandidates({HOME: ''}, 'linux', {honoursNetrcEnv: false, passwdHome: '/pw'}), ['/.netrc']);
	// USERPROFILE is a Windows-only fallback.
	assert.deepEqual(curlNetrcCandidates({USERPROFILE: '/x'}, 'linux', {honoursNetrcEnv: false}), []);
});

test('file choice on Windows: %HOME% else %USERPROFILE%, .netrc then _netrc (docs/curl.md §1.1)', () => {
	assert.deepEqual(curlNetrcCandidates({HOME: 'D:\\h', USERPROFILE: 'C:\\Users\\u'}, 'win32', {honoursNetrcEnv: false}), ['D:\\h\\.netrc', 'D:\\h\\_netrc']);
	assert.deepEqual(curlNetrcCandidates({USERPROFILE: 'C:\\Users\\u'}, 'win32', {honoursNetrcEnv: false}), ['C:\\Users\\u\\.netrc', 'C:\\Users\\u\\_netrc']);
	assert.deepEqual(curlNetrcCandidates({HOME: '', USERPROFILE: 'C:\\Users\\u'}, 'win32', {honoursNetrcEnv: false}), ['C:\\Users\\u\\.netrc', 'C:\\Users\\u\\_netrc']);
	assert.deepEqual(curlNetrcCandidates({NETRC: 'C:\\n', HOME: 'D:\\h'}, 'win32', {honoursNetrcEnv: true}), ['C:\\n']);
});

test('curl --version matters only when NETRC is set or a file curl would read is there', () => {
	const none = () => false;
	const only = (file: string) => (path: string) => path === file;
	assert.equal(curlReleaseMatters({HOME: '/home/u'}, 'linux', none), false, 'no NETRC, no file: every curl reads nothing');
	assert.equal(curlReleaseMatters({HOME: '/home/u'}, 'linux', only('/home/u/.netrc')), true, 'a file: the two parsers may read it differently');
	assert.equal(curlReleaseMatters({HOME: '/home/u', NETRC: '/ci/netrc'}, 'linux', none), true, 'NETRC: only curl 8.16+ reads it');
	assert.equal(curlReleaseMatters({HOME: '/home/u', NETRC: ''}, 'linux', none), true, 'NETRC="": curl 8.16+ reads no file at all, older curl ~/.netrc');
	assert.equal(curlReleaseMatters({HOME: 'D:\\h', NETRC: ''}, 'win32', none), false, 'on Windows an empty NETRC is unset');
	assert.equal(curlReleaseMatters({HOME: 'D:\\h'}, 'win32', only('D:\\h\\_netrc')), true, 'the second Windows name counts too');
});

// ---------------------------------------------------------------------------------------------------------------
// Go and git side by side (docs/curl.md §1.3 rows, as the `netrc` check prints them)

test('compare: both sides agree on a plain entry, so there is nothing to say', () => {
	assert.deepEqual(compareGoAndCurl('machine gitlab.test login u password p\n', HOST), []);
	assert.deepEqual(compareGoAndCurl('machine gitlab.test login u1 password p1\nmachine gitlab.test login u2 password p2\n', HOST), []);
});

test('compare: default used by curl only (docs/curl.md §1.3 rows 1 and 3)', () => {
	assert.deepEqual(compareGoAndCurl('default login u password p\n', HOST), [
		'git (libcurl 7.88) sends login "u" from the `default` entry on line 1, but Go sends nothing for gitlab.test',
		'Go never uses the `default` entry',
	]);
	const before = compareGoAndCurl('default login d password dp\nmachine gitlab.test login u password p\n', HOST);
	assert.match(before[0] ?? '', /Go sends the entry on line 2.*the `default` entry on line 1/);
	assert.ok(before.includes('the logins differ: Go sends "u", git (libcurl 7.88) sends "d"'));
});

test('compare: quotes kept by Go (docs/curl.md §1.3 row 4)', () => {
	assert.deepEqual(compareGoAndCurl('machine gitlab.test login u password "tok"\n', HOST), [
		'the passwords differ: Go keeps the double quotes as part of the password (and cuts it at the first space); curl reads the quoted string without them',
	]);
});

test('compare: an entry with a port is Go-only; a `#` line is Go-only (docs/curl.md §1.3 rows 6 and 13)', () => {
	const port = compareGoAndCurl('machine gitlab.test:18080 login u password p\n', 'gitlab.test:18080');
	assert.match(port[0] ?? '', /^Go sends login "u" from line 1 \(machine "gitlab\.test:18080"\), but git \(libcurl 7\.88\) finds no entry for gitlab\.test$/);
	assert.match(port[1] ?? '', /curl ignores ports/);
	const comment = compareGoAndCurl('# old: machine gitlab.test login u password p\n', HOST);
	assert.match(comment.join('\n'), /comment/);
});

test('compare: a broken quote stops git but not Go', () => {
	assert.deepEqual(compareGoAndCurl('machine gitlab.test login u password "abc\n', HOST), [
		'git (libcurl 7.88) cannot use the file: line 1: unterminated quoted string: curl fails with ".netrc parser error"; Go reads the file and sends login "u" from line 1',
	]);
});

test('compare: a login that swallowed other lines (an 8.16 quoted string) is not printed', () => {
	const text = 'default login "x\nmachine gitlab.test login u password Zq9secretvalue\n"\n';
	const lines = compareGoAndCurl(text, HOST, {dialect: '8.16'});
	assert.ok(lines.includes('the logins differ: Go sends "u", git (libcurl 8.16+) sends (not shown)'), lines.join('\n'));
	assert.ok(lines.every(line => !line.includes('Zq9secretvalue')));
});

// ---------------------------------------------------------------------------------------------------------------
// Fuzz

const word = fc.constantFrom('machine', 'login', 'password', 'macdef', 'default', 'MACHINE', 'Login', 'gitlab.test', 'GitLab.Test', 'other', 'u', 'p', '"q"', '"q', '"a\\"b"', '"\\', '#', '#x', '\uFEFFmachine', 'é', 'gitlab.test:8443');
const separator = fc.constantFrom(' ', '\t', '\n', '\r\n', '\r', '\n\n', ' \n', '\u000b', '\u0000');
const netrcText = fc.array(fc.tuple(word, separator), {maxLength: 40}).map(parts => parts.map(([w, s]) => w + s).join(''));
const anyText = fc.oneof(netrcText, fc.string({maxLength: 200}), fc.string({unit: 'binary', maxLength: 200}));
const dialect = fc.constantFrom<CurlNetrcDialect>('7.88', '8.16');
const user = fc.option(fc.constantFrom('u', 'alice', ''), {nil: undefined});

function lineCount(text: string): number {
	return text.split('\n').length;
}

test('fuzz: parseCurlNetrc and the lookup never throw; every line they name is in the file', () => {
	fc.assert(
		fc.property(anyText, dialect, user, fc.boolean(), (text, chosen, urlUser, windowsTextMode) => {
			const parse = parseCurlNetrc(text, {dialect: chosen, windowsTextMode});
			const lines = lineCount(text);
			for (const entry of parse.entries) assert.ok(entry.line >= 1 && entry.line <= lines);
			if (parse.error) assert.ok(parse.error.line >= 1 && parse.error.line <= lines);
			for (const note of parse.notes) assert.ok(note.line >= 1 && note.line <= lines);
			for (const host of [HOST, 'other', '']) {
				const outcome = resolveCurlNetrc(parse, host, urlUser);
				if (outcome.kind === 'match') {
					const {match} = outcome;
					for (const line of [match.line, match.loginLine, match.passwordLine]) if (line !== undefined) assert.ok(line >= 1 && line <= lines);
					assert.equal(match.via === 'default', match.machine === undefined);
					if (match.machine !== undefined) assert.equal(match.machine.toLowerCase(), host.toLowerCase(), 'a machine match names the host');
					if (urlUser) assert.equal(match.login, urlUser, 'a URL user is what curl sends');
				} else if (outcome.kind === 'error' || outcome.kind === 'empty') assert.ok(outcome.line >= 1 && outcome.line <= lines);
			}
		}),
		{numRuns: 3000},
	);
});

test('fuzz: a complete first line always wins for its host, in both dialects (first match wins)', () => {
	fc.assert(
		fc.property(anyText, dialect, (text, chosen) => {
			const outcome = resolveCurlNetrc(parseCurlNetrc(`machine gitlab.test login first password secret1\n${text}`, {dialect: chosen}), HOST);
			if (outcome.kind === 'match') assert.deepEqual([outcome.match.login, outcome.match.password, outcome.match.line], ['first', 'secret1', 1]);
			// 7.88 still reads the very next word before it stops, so a broken quote there is an error; 8.16 can
			// only fail on the whole file (size).
			else assert.equal(outcome.kind, 'error');
		}),
		{numRuns: 2000},
	);
});

test('fuzz: without any machine or default keyword curl finds nothing', () => {
	const plain = fc.array(fc.tuple(fc.constantFrom('login', 'password', 'u', 'p', 'gitlab.test', '"q"', '#'), separator), {maxLength: 30}).map(parts => parts.map(([w, s]) => w + s).join(''));
	fc.assert(
		fc.property(plain, dialect, (text, chosen) => {
			assert.notEqual(resolveCurlNetrc(parseCurlNetrc(text, {dialect: chosen}), HOST).kind, 'match');
		}),
		{numRuns: 2000},
	);
});

test('fuzz: compareGoAndCurl never throws and never prints a password', () => {
	const secret = fc.stringMatching(/^[A-Za-z0-9]{6,12}$/).map(body => `Zq9${body}`);
	fc.assert(
		fc.property(netrcText, secret, dialect, fc.constantFrom(HOST, 'gitlab.test:8443', 'other'), (text, password, chosen, host) => {
			const withSecret = `${text}\nmachine gitlab.test login u password ${password}\nmachine gitlab.test:8443 password "${password}"\n`;
			for (const line of compareGoAndCurl(withSecret, host, {dialect: chosen})) assert.ok(!line.includes(password), line);
		}),
		{numRuns: 1500},
	);
});
