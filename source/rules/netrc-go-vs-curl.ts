// The same .netrc read by Go and by git's libcurl, side by side: which entry each picks for a host and why they
// differ, in plain words (git-behaviour.md §3, go-behaviour.md §1.4). Go's rules are in go-netrc.ts, curl's in
// curl-netrc.ts; this file only compares their answers. Nothing derived from a password is ever printed. Pure.
import {parseCurlNetrc, resolveCurlNetrc, type CurlNetrcDialect, type CurlNetrcMatch, type CurlNetrcOptions, type CurlNetrcOutcome, type CurlNetrcParse} from './curl-netrc.js';
import {findGoNetrcEntry, goNetrcKey, goNetrcNearMisses, parseGoNetrc, splitHostOptionalPort, type GoNetrcEntry, type GoNetrcParse, type GoNetrcRules} from './go-netrc.js';
import {goFields} from './go-strings.js';


/** Every word either parser may take as a password: nothing derived from these is ever printed. */
function passwordsIn(text: string, goParse: GoNetrcParse, curlParse: CurlNetrcParse, curlMatch: CurlNetrcMatch | undefined): string[] {
	const found = new Set<string>();
	for (const line of text.split('\n')) {
		const fields = goFields(line);
		for (let index = 0; index + 1 < fields.length; index++) if (fields[index]!.toLowerCase() === 'password') found.add(fields[index + 1]!);
	}
	for (const entry of goParse.entries) found.add(entry.password);
	for (const entry of curlParse.entries) if (entry.password !== undefined) found.add(entry.password);
	if (curlMatch) found.add(curlMatch.password);
	found.delete('');
	return [...found];
}

/** Quotes a login or machine name for a message, unless it could carry a secret (curl's quoted words may span lines). */
function shower(passwords: readonly string[]): (value: string) => string {
	return value => {
		const risky = /[\u0000-\u0020\u007f]/.test(value) || value.length > 200 || passwords.some(password => value === password || (password.length >= 4 && value.includes(password)));
		return risky ? '(not shown)' : `"${value}"`;
	};
}

function gitLabel(dialect: CurlNetrcDialect): string {
	return dialect === '7.88' ? 'git (libcurl 7.88)' : 'git (libcurl 8.16+)';
}

function describeCurlSends(match: CurlNetrcMatch, show: (value: string) => string): string {
	if (!match.loginFromFile && match.login === '') return 'a password with an empty user name';
	if (!match.passwordFromFile) return `login ${show(match.login)} with an empty password`;
	return `login ${show(match.login)}`;
}

function describeCurlSource(match: CurlNetrcMatch, show: (value: string) => string): string {
	return match.via === 'default' ? `the \`default\` entry on line ${match.line}` : `the entry for machine ${show(match.machine ?? '')} on line ${match.line}`;
}

function passwordDifference(goPassword: string, curlPassword: string): string {
	if (goPassword.startsWith('"')) {
		return 'the passwords differ: Go keeps the double quotes as part of the password (and cuts it at the first space); curl reads the quoted string without them';
	}
	if (goPassword.startsWith('#')) return 'the passwords differ: curl 7.88 reads the `#` that starts the password as the start of a comment';
	if (curlPassword === '') return 'the passwords differ: curl found no password in the entry and sends an empty one';
	return 'the passwords differ (values not shown)';
}

/** Why curl has nothing for a host Go found an entry for. */
function whyCurlMissesGoEntry(entry: GoNetrcEntry, hostname: string, curlParse: CurlNetrcParse, show: (value: string) => string): string[] {
	const reasons: string[] = [];
	const key = goNetrcKey(entry.machine);
	if (splitHostOptionalPort(key).port !== undefined) {
		reasons.push(`curl ignores ports: it compares ${show(entry.machine)} with the host name ${hostname}, and they differ`);
	} else if (key !== entry.machine) reasons.push(`Go strips "https://" from ${show(entry.machine)}; curl compares the name as written`);
	if (entry.fromCommentLine && curlParse.dialect === '7.88') reasons.push(`curl reads a line starting with \`#\` as a comment, and this entry uses one (line ${entry.line} or after)`);
	if (entry.fromCommentLine && curlParse.dialect === '8.16') reasons.push('curl drops lines that start with `#`, and this entry uses one');
	for (const note of curlParse.notes) reasons.push(`curl: line ${note.line}: ${note.message}`);
	return reasons;
}

function compareSides(goParse: GoNetrcParse, goEntry: GoNetrcEntry | undefined, curlParse: CurlNetrcParse, outcome: CurlNetrcOutcome, host: string, show: (value: string) => string, rules: GoNetrcRules): string[] {
	const git = gitLabel(curlParse.dialect);
	const {hostname} = splitHostOptionalPort(host);
	const out: string[] = [];

	if (outcome.kind === 'error') {
		const goSide = goEntry ? `Go reads the file and sends login ${show(goEntry.login)} from line ${goEntry.line}` : 'Go reads the file without complaint';
		out.push(`${git} cannot use the file: line ${outcome.line}: ${outcome.message}; ${goSide}`);
		return out;
	}
	const curlMatch = outcome.kind === 'match' ? outcome.match : undefined;

	if (goEntry && !curlMatch) {
		const curlSide =
			outcome.kind === 'empty'
				? `${git} matches ${outcome.machine === undefined ? 'the `default` entry' : `machine ${show(outcome.machine)}`} on line ${outcome.line}, which gives it neither login nor password, so git sends nothing from .netrc`
				: `${git} finds no entry for ${hostname}`;
		out.push(`Go sends login ${show(goEntry.login)} from line ${goEntry.line} (machine ${show(goEntry.machine)}), but ${curlSide}`);
		out.push(...whyCurlMissesGoEntry(goEntry, hostname, curlParse, show));
		return out;
	}

	if (!goEntry && curlMatch) {
		out.push(`${git} sends ${describeCurlSends(curlMatch, show)} from ${describeCurlSource(curlMatch, show)}, but Go sends nothing for ${host}`);
		if (curlMatch.via === 'default') out.push('Go never uses the `default` entry');
		if (!curlMatch.loginFromFile && curlMatch.passwordFromFile) out.push('Go drops entries without a login');
		for (const miss of goNetrcNearMisses(goParse, host, rules)) out.push(`Go does not use line ${miss.line} (machine ${show(miss.machine)}): ${miss.reason}`);
		if (goParse.stoppedAtDefaultLine !== undefined && goParse.stoppedAtDefaultLine < curlMatch.line) {
			out.push(`Go stops reading at line ${goParse.stoppedAtDefaultLine}, whose last word is \`default\``);
		}
		if (goParse.unterminatedMacdefLine !== undefined && goParse.unterminatedMacdefLine < curlMatch.line) {
			out.push(`Go reads nothing after the macdef on line ${goParse.unterminatedMacdefLine}: it never ends (Go needs an exactly empty line)`);
		}
		if (curlMatch.machine !== undefined && curlMatch.machine !== hostname && curlMatch.machine.toLowerCase() === hostname.toLowerCase()) {
			out.push(`curl compares ${show(curlMatch.machine)} with ${hostname} ignoring letter case; Go compares exactly`);
		}
		return out;
	}

	if (goEntry && curlMatch) {
		if (curlMatch.via === 'default' || curlMatch.line !== goEntry.line) {
			const why = curlMatch.via === 'default' ? ' (curl takes the first entry that matches, and `default` matches every host)' : '';
			out.push(`Go sends the entry on line ${goEntry.line} (machine ${show(goEntry.machine)}), ${git} ${describeCurlSource(curlMatch, show)}${why}`);
		}
		if (curlMatch.mixed) out.push(`${git} takes the login from line ${curlMatch.loginLine} and the password from line ${curlMatch.passwordLine}`);
		if (goEntry.login !== curlMatch.login) out.push(`the logins differ: Go sends ${show(goEntry.login)}, ${git} sends ${show(curlMatch.login)}`);
		if (goEntry.password !== curlMatch.password) out.push(passwordDifference(goEntry.password, curlMatch.password));
	}
	return out;
}

/**
 * Every point where Go and git (libcurl) pick differently from the same file for `host` (host[:port] as in the URL;
 * curl ignores the port), as plain sentences. Passwords are never printed: a login or machine name that could hold
 * one shows as "(not shown)", and any long password left in a sentence is masked. Empty when both send the same.
 */
export function compareGoAndCurl(text: string, host: string, options: CurlNetrcOptions & {user?: string; goRules?: GoNetrcRules} = {}): string[] {
	const goParse = parseGoNetrc(text);
	const rules = options.goRules ?? 'goauth';
	const goEntry = findGoNetrcEntry(goParse.entries, host, '', rules);
	const curlParse = parseCurlNetrc(text, options);
	const outcome = resolveCurlNetrc(curlParse, splitHostOptionalPort(host).hostname, options.user);
	const passwords = passwordsIn(text, goParse, curlParse, outcome.kind === 'match' ? outcome.match : undefined);
	const lines = compareSides(goParse, goEntry, curlParse, outcome, host, shower(passwords), rules);
	// Backstop for words quoted inside reasons (e.g. a skipped entry's neighbour); short values would mangle prose.
	const long = passwords.filter(password => password.length >= 8);
	return lines.map(line => long.reduce((masked, password) => masked.split(password).join('(not shown)'), line));
}
