// libcurl's `.netrc` rules (what git uses for HTTPS), restated from curl/curl lib/netrc.c `parsenetrc` and the
// netrc part of lib/url.c `override_login` (docs/curl.md §1): which entry curl uses for a host, and which file it
// reads. Two dialects:
// - '7.88': curl 7.88.1 (git 2.39 on Debian 12): the parser is a state machine driven by the host name, and values
//   may carry over from one entry for the host to the next.
// - '8.16': the rewritten parser that ships with NETRC support (curl ≥ 8.16): an entry's login and password stay
//   together. Restated from a source copy with NETRC support that predates the 2026 fixes (curl#20950, #21049,
//   #22921); as there, a blank CRLF line or a non-ASCII letter outside quotes is a syntax error (read, not run).
// Which entry curl uses depends on the host (a non-matching `machine` block is read in another state than a matching
// one), so resolveCurlNetrc replays curl's parser for that host instead of looking up a table. How curl loads and
// splits the file into words is curl-netrc-tokenizer.ts; how Go and curl read one file differently is
// netrc-go-vs-curl.ts. Pure.
import type {Environment, Platform} from '../system/types.js';
import {curlEqual, walk788, walk816, type CurlNetrcEntry, type CurlNetrcParse} from './curl-netrc-tokenizer.js';

export {curlNetrcCandidates, curlReleaseMatters} from './curl-netrc-location.js';
export {parseCurlNetrc, type CurlNetrcDialect, type CurlNetrcEntry, type CurlNetrcOptions, type CurlNetrcParse} from './curl-netrc-tokenizer.js';

/** What libcurl ends up with for one host, after parsenetrc and url.c's blank-user fill-in. */
export type CurlNetrcMatch = CurlNetrcEntry & {
	via: 'machine' | 'default';
	/** The user name curl sends: the login read from the file, the URL's user, or '' when the file gives only a password. */
	login: string;
	/** The password curl sends ('' when the matched entry has a login but no password). */
	password: string;
	loginFromFile: boolean;
	passwordFromFile: boolean;
	loginLine?: number;
	passwordLine?: number;
	/** Login and password come from two different entries (7.88 keeps values across entries for the same host). */
	mixed: boolean;
};

export type CurlNetrcOutcome =
	| {kind: 'match'; match: CurlNetrcMatch}
	/** A machine or default block matched, but it gave curl neither login nor password: curl sends nothing. */
	| {kind: 'empty'; line: number; machine: string | undefined}
	| {kind: 'none'}
	| {kind: 'error'; line: number; message: string};

type Block = {machine: string | undefined; line: number};
type Piece = {value: string; line: number; block: Block};

function outcomeOf(found: Block | undefined, login: Piece | undefined, password: Piece | undefined, urlUser: string | undefined, blankPassword: boolean): CurlNetrcOutcome {
	if (!found) return {kind: 'none'};
	if (!login && !password && !blankPassword) return {kind: 'empty', line: found.line, machine: found.machine};
	const block = password?.block ?? login?.block ?? found;
	// url.c: a password without any user name gets a blank user name.
	const user = login?.value ?? urlUser ?? '';
	const match: CurlNetrcMatch = {
		machine: block.machine,
		line: block.line,
		via: block.machine === undefined ? 'default' : 'machine',
		login: user,
		password: password?.value ?? '',
		loginFromFile: login !== undefined,
		passwordFromFile: password !== undefined,
		mixed: login !== undefined && password !== undefined && login.block !== password.block,
	};
	if (login) match.loginLine = login.line;
	if (password) match.passwordLine = password.line;
	return {kind: 'match', match};
}

/** curl 7.88.1 parsenetrc for one host; `user` is the URL's user name, if any. */
function resolve788(parse: CurlNetrcParse, host: string, user: string | undefined): CurlNetrcOutcome {
	const specific = user !== undefined && user !== '';
	let state: 'NOTHING' | 'HOSTFOUND' | 'HOSTVALID' | 'MACDEF' = 'NOTHING';
	let loginKeyword = false;
	let passwordKeyword = false;
	// Initially TRUE so that a login-less entry's password serves the URL's user (curl 7.85+).
	let ourLogin = true;
	let loginValue: string | undefined = user;
	let login: Piece | undefined;
	let password: Piece | undefined;
	let found: Block | undefined;
	let block: Block | undefined;
	let machineLine = 0;
	const {error} = walk788(parse.input, {
		inMacdef: () => state === 'MACDEF',
		endMacdef: () => {
			state = 'NOTHING';
		},
		token: ({value, line}) => {
			// Checked after the word is read, so a broken quote right after a complete entry still fails.
			if (loginValue && password?.value) return 'stop';
			switch (state) {
				case 'NOTHING':
					if (curlEqual(value, 'macdef')) state = 'MACDEF';
					else if (curlEqual(value, 'machine')) {
						state = 'HOSTFOUND';
						machineLine = line;
					} else if (curlEqual(value, 'default')) {
						state = 'HOSTVALID';
						block = {machine: undefined, line};
						found ??= block;
					}
					return;
				case 'MACDEF':
					if (value === '') state = 'NOTHING';
					return;
				case 'HOSTFOUND':
					if (curlEqual(host, value)) {
						state = 'HOSTVALID';
						block = {machine: value, line: machineLine};
						found ??= block;
					} else state = 'NOTHING';
					return;
				case 'HOSTVALID':
					if (loginKeyword) {
						if (specific) ourLogin = loginValue === value;
						else if (loginValue === undefined || loginValue !== value) {
							loginValue = value;
							login = {value, line, block: block!};
						}
						loginKeyword = false;
					} else if (passwordKeyword) {
						if ((ourLogin || !specific) && (password === undefined || password.value !== value)) password = {value, line, block: block!};
						passwordKeyword = false;
					} else if (curlEqual(value, 'login')) loginKeyword = true;
					else if (curlEqual(value, 'password')) passwordKeyword = true;
					else if (curlEqual(value, 'machine')) {
						state = 'HOSTFOUND';
						ourLogin = false;
						machineLine = line;
					}
					return;
			}
		},
	});
	if (error) return {kind: 'error', ...error};
	return outcomeOf(found, login, password, user, false);
}

/** curl ≥ 8.16 parsenetrc for one host. */
function resolve816(parse: CurlNetrcParse, host: string, user: string | undefined): CurlNetrcOutcome {
	const specific = user !== undefined;
	let state: 'NOTHING' | 'HOSTFOUND' | 'HOSTVALID' | 'MACDEF' = 'NOTHING';
	let keyword: 'login' | 'password' | undefined;
	let foundLogin = false;
	let foundPassword = false;
	let ourLogin = false;
	let login: Piece | undefined;
	let password: Piece | undefined;
	let found: Block | undefined;
	let block: Block | undefined;
	let machineLine = 0;
	const forget = (): void => {
		password = undefined;
		if (!specific) login = undefined;
	};
	const {error} = walk816(parse.input, {
		inMacdef: () => false,
		endMacdef: () => {
			if (state === 'MACDEF') state = 'NOTHING';
		},
		token: ({value, line}) => {
			switch (state) {
				case 'NOTHING':
					if (curlEqual(value, 'macdef')) state = 'MACDEF';
					else if (curlEqual(value, 'machine')) {
						state = 'HOSTFOUND';
						keyword = undefined;
						foundLogin = foundPassword = false;
						ourLogin = false;
						forget();
						machineLine = line;
					} else if (curlEqual(value, 'default')) {
						state = 'HOSTVALID';
						block = {machine: undefined, line};
						found ??= block;
					}
					return;
				case 'MACDEF':
					if (value === '') state = 'NOTHING';
					return;
				case 'HOSTFOUND':
					if (curlEqual(host, value)) {
						state = 'HOSTVALID';
						block = {machine: value, line: machineLine};
						found ??= block;
					} else state = 'NOTHING';
					return;
				case 'HOSTVALID':
					if (keyword === 'login') {
						if (specific) ourLogin = user === value;
						else {
							ourLogin = true;
							login = {value, line, block: block!};
						}
						foundLogin = true;
						keyword = undefined;
					} else if (keyword === 'password') {
						password = {value, line, block: block!};
						if (!specific || ourLogin) foundPassword = true;
						keyword = undefined;
					} else if (curlEqual(value, 'login')) keyword = 'login';
					else if (curlEqual(value, 'password')) keyword = 'password';
					else if (curlEqual(value, 'machine')) {
						if (foundPassword) return 'stop';
						state = 'HOSTFOUND';
						keyword = undefined;
						foundLogin = foundPassword = false;
						forget();
						machineLine = line;
					} else if (curlEqual(value, 'default')) {
						state = 'HOSTVALID';
						block = {machine: undefined, line};
						found ??= block;
						forget();
					}
					if (foundLogin && foundPassword && ourLogin) return 'stop';
					return;
			}
		},
	});
	if (error) return {kind: 'error', ...error};
	if (!found) return {kind: 'none'};
	// "success without a password, set a blank one"; a default with nothing in it is no match.
	const blankPassword = password === undefined && ourLogin;
	// With a URL user curl still reports success here, but has taken nothing from the file.
	if (!blankPassword && !password && !login && !specific) return {kind: 'none'};
	return outcomeOf(found, specific ? undefined : login, password, user, blankPassword);
}

/** What libcurl does with the file for `hostname` (no port, case-insensitive) and the URL's user, if any. */
export function resolveCurlNetrc(parse: CurlNetrcParse, hostname: string, user?: string): CurlNetrcOutcome {
	const host = hostname.startsWith('[') && hostname.endsWith(']') ? hostname.slice(1, -1) : hostname;
	return parse.dialect === '7.88' ? resolve788(parse, host, user) : resolve816(parse, host, user);
}

/**
 * The entry libcurl uses for `hostname` (no port; case-insensitive; `default` matches any host; first match wins;
 * `user`, when the URL has one, selects the entry with that login). Undefined when curl takes nothing from the file
 * (no match, a match without login or password, or a parser error: see resolveCurlNetrc for which).
 */
export function findCurlNetrcEntry(parse: CurlNetrcParse, hostname: string, user?: string): CurlNetrcMatch | undefined {
	const outcome = resolveCurlNetrc(parse, hostname, user);
	return outcome.kind === 'match' ? outcome.match : undefined;
}
