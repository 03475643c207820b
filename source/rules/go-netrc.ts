// Go's `.netrc` rules: which file, how it is parsed, which entry a request gets per release and when it is sent
// (docs/go.md §1.1–§1.4, §2.1). Pure: text and environment come
// in as arguments. Besides the entries Go keeps, the parse explains in plain words every entry Go drops.
import type {Environment, Platform} from '../system/types.js';
import {getEnv} from './environment.js';
import {goFields} from './go-strings.js';

export type GoNetrcEntry = {
	machine: string;
	login: string;
	password: string;
	/** 1-based line of the `machine` keyword. */
	line: number;
	/** Some of its words come from a line starting with `#`, which Go does not treat as a comment. */
	fromCommentLine?: boolean;
};

export type GoNetrcSkip = {line: number; machine?: string; reason: string};

export type GoNetrcParse = {
	/** Go's list in file order, duplicates included (lookups take the first; later ones are also in `skipped`). */
	entries: GoNetrcEntry[];
	/** Entries and lines Go drops or reads differently from what the file suggests, sorted by line. */
	skipped: GoNetrcSkip[];
	stoppedAtDefaultLine?: number;
	unterminatedMacdefLine?: number;
};

export const GO_REASONS = {
	afterDefault: 'after a line ending in `default`: Go stops reading the file there',
	macdef: 'inside a macdef: Go skips the lines after `macdef` up to the next empty line',
	macdefNeverEndsCrlf: 'inside a macdef that never ends (CRLF file: a blank line is "\\r")',
	macdefNeverEndsBlanks: 'inside a macdef that never ends (the blank-looking lines hold spaces or tabs; Go needs a truly empty line)',
	macdefNeverEnds: 'inside a macdef that never ends (no empty line follows it)',
	duplicate: 'duplicate: an earlier entry for the same machine wins',
	commentLine: '`#` does not start a comment for Go: it still reads the words on this line',
} as const;

const KEYWORDS = new Set(['machine', 'login', 'password', 'macdef', 'default']);

/**
 * The key storeCredential (Go 1.24+) files a netrc machine under: it trims a leading "https://" and nothing else
 * (a trailing "/" stays, so `machine https://host/` never matches: confirmed with go 1.24.4). Older Go compares the
 * machine name as written.
 */
export function goNetrcKey(machine: string): string {
	return machine.startsWith('https://') ? machine.slice('https://'.length) : machine;
}

/**
 * How a Go release matches a netrc machine against a request URL (docs/go.md §0, §1.3):
 * - `hostname` (Go 1.19 and older): AddCredentials compares the machine with req.URL.Hostname(), the host without port;
 * - `host` (Go 1.20–1.23): with req.Host, the URL's host[:port] as written (read in the 1.23 source; 1.20–1.22 from
 *   the change history, not run here);
 * - `goauth` (Go 1.24+): storeCredential keys (see goNetrcKey); loadCredential tries the whole URL after "https://"
 *   (path and query included) and then only the host[:port] before the first "/".
 * The first entry in file order wins under all three.
 */
export type GoNetrcRules = 'hostname' | 'host' | 'goauth';

export function goNetrcRulesFor(goMinor: number): GoNetrcRules {
	return goMinor >= 24 ? 'goauth' : goMinor >= 20 ? 'host' : 'hostname';
}

export function describeGoNetrcRules(rules: GoNetrcRules): string {
	switch (rules) {
		case 'hostname':
			return 'this Go compares each machine name exactly with the URL\'s host name, without its port';
		case 'host':
			return 'this Go compares each machine name exactly with the URL\'s host[:port]; it strips no "https://"';
		case 'goauth':
			return 'this Go strips a leading "https://" from machine names and matches the URL\'s host[:port] exactly (or the whole URL)';
	}
}

type Pending = {
	machine: string;
	login: string;
	password: string;
	line: number;
	fromCommentLine: boolean;
	/** Keywords left as the odd last word of a line while this entry was open: their value is on the next line. */
	dangling: Array<{word: string; line: number}>;
};

function emptyPending(): Pending {
	return {machine: '', login: '', password: '', line: 0, fromCommentLine: false, dangling: []};
}

function incompleteReason(pending: Pending): string {
	const missing = !pending.login && !pending.password ? 'no login and no password' : !pending.login ? 'no login' : 'no password';
	let reason = `${missing} on the same entry: Go drops entries without login and password`;
	const dangling = pending.dangling[0];
	if (dangling) {
		reason += ` (\`${dangling.word}\` is the last word of line ${dangling.line}: Go reads a keyword and its value only from the same line)`;
	}
	return reason;
}

function lookalikeReason(word: string, lineNo: number): string | undefined {
	if (lineNo === 1 && word.startsWith('\uFEFF') && KEYWORDS.has(word.slice(1))) {
		return `the file starts with a UTF-8 byte-order mark, so Go reads the first word as "<BOM>${word.slice(1)}", not as a keyword, and ignores it and the word after it`;
	}
	if (KEYWORDS.has(word.toLowerCase()) && !KEYWORDS.has(word)) {
		return `"${word}" is not a keyword for Go (keywords are lower-case only), so Go ignores it and the word after it`;
	}
	return undefined;
}

/** Lines Go never reads: every `machine NAME` pair on them, for the skip list. */
function machinesOn(line: string): string[] {
	const fields = goFields(line);
	const names: string[] = [];
	for (let index = 0; index + 1 < fields.length; index++) if (fields[index] === 'machine') names.push(fields[index + 1]!);
	return names;
}

function macdefNeverEndsReason(lines: readonly string[], swallowed: readonly number[]): string {
	const blankLooking = swallowed.map(lineNo => lines[lineNo - 1]!).filter(line => goFields(line).length === 0);
	if (blankLooking.length > 0 && blankLooking.every(line => line.includes('\r'))) return GO_REASONS.macdefNeverEndsCrlf;
	if (blankLooking.length > 0) return GO_REASONS.macdefNeverEndsBlanks;
	return GO_REASONS.macdefNeverEnds;
}

export function parseGoNetrc(text: string): GoNetrcParse {
	const lines = text.split('\n');
	const entries: GoNetrcEntry[] = [];
	const skipped: GoNetrcSkip[] = [];
	let pending = emptyPending();
	let macro: {line: number; swallowed: number[]} | undefined;
	let stoppedAtDefaultLine: number | undefined;
	let unterminatedMacdefLine: number | undefined;

	const dropPending = (suffix = ''): void => {
		if (pending.machine) skipped.push({line: pending.line, machine: pending.machine, reason: incompleteReason(pending) + suffix});
	};

	for (let index = 0; index < lines.length; index++) {
		const lineNo = index + 1;
		const line = lines[index]!;
		if (macro) {
			// Only an exactly empty line ends a macro: "\r" (CRLF) or "  " do not. The empty remainder after a final
			// newline ends it too, but only once the whole file is swallowed: report that as a macro that never ends.
			if (line === '' && index < lines.length - 1) {
				for (const swallowedLine of macro.swallowed) {
					for (const machine of machinesOn(lines[swallowedLine - 1]!)) skipped.push({line: swallowedLine, machine, reason: GO_REASONS.macdef});
				}
				macro = undefined;
			} else if (line !== '') macro.swallowed.push(lineNo);
			continue;
		}

		const fields = goFields(line);
		const commentLine = fields[0]?.startsWith('#') ?? false;
		const effects: string[] = [];
		let commentMachine: string | undefined;
		let pairIndex = 0;
		for (; pairIndex < fields.length - 1; pairIndex += 2) {
			const word = fields[pairIndex]!;
			const value = fields[pairIndex + 1]!;
			switch (word) {
				case 'machine':
					dropPending();
					pending = {...emptyPending(), machine: value, line: lineNo, fromCommentLine: commentLine};
					if (commentLine) {
						effects.push(`it starts the entry for machine ${value}`);
						commentMachine = value;
					}
					break;
				case 'login':
				case 'password':
					if (word === 'login') pending.login = value;
					else pending.password = value;
					if (commentLine && pending.machine) {
						pending.fromCommentLine = true;
						effects.push(`it sets the ${word} of the entry for machine ${pending.machine} (line ${pending.line})`);
						commentMachine ??= pending.machine;
					}
					break;
				case 'macdef':
					// The rest of this line is still read; the following lines are skipped.
					macro = {line: lineNo, swallowed: []};
					break;
				case 'default':
					break;
				default: {
					const reason = lookalikeReason(word, lineNo);
					if (reason) skipped.push({line: lineNo, machine: word.replace('\uFEFF', '').toLowerCase() === 'machine' ? value : undefined, reason});
				}
			}
			if (pending.machine && pending.login && pending.password) {
				const entry: GoNetrcEntry = {machine: pending.machine, login: pending.login, password: pending.password, line: pending.line};
				if (pending.fromCommentLine) entry.fromCommentLine = true;
				entries.push(entry);
				pending = emptyPending();
			}
		}
		if (commentLine && effects.length > 0) {
			skipped.push({line: lineNo, machine: commentMachine, reason: `${GO_REASONS.commentLine}: ${effects.join('; ')}`});
		}
		if (pairIndex < fields.length) {
			const last = fields[pairIndex]!;
			if (last === 'default') {
				stoppedAtDefaultLine = lineNo;
				break;
			}
			if (KEYWORDS.has(last) && pending.machine) pending.dangling.push({word: last, line: lineNo});
			if (last === 'machine') {
				const next = goFields(lines[index + 1] ?? '')[0];
				const lost = next === undefined ? '' : `, and the entry for ${next} on the next line is lost`;
				skipped.push({line: lineNo, machine: next, reason: `\`machine\` is the last word of its line: Go reads a keyword and its value only from the same line, so it ignores it${lost}`});
			}
		}
	}

	if (stoppedAtDefaultLine !== undefined) {
		// A macdef opened on the stop line no longer matters: Go has stopped.
		dropPending(`; Go stops reading at the \`default\` on line ${stoppedAtDefaultLine}`);
		for (let lineNo = stoppedAtDefaultLine + 1; lineNo <= lines.length; lineNo++) {
			for (const machine of machinesOn(lines[lineNo - 1]!)) skipped.push({line: lineNo, machine, reason: GO_REASONS.afterDefault});
		}
	} else if (macro) {
		unterminatedMacdefLine = macro.line;
		const reason = macdefNeverEndsReason(lines, macro.swallowed);
		for (const swallowedLine of macro.swallowed) {
			for (const machine of machinesOn(lines[swallowedLine - 1]!)) skipped.push({line: swallowedLine, machine, reason});
		}
		dropPending(`; the macdef on line ${macro.line} never ends, so Go reads nothing after it`);
	} else dropPending();

	const firstLineByKey = new Map<string, number>();
	for (const entry of entries) {
		const key = goNetrcKey(entry.machine);
		const first = firstLineByKey.get(key);
		if (first === undefined) firstLineByKey.set(key, entry.line);
		else skipped.push({line: entry.line, machine: entry.machine, reason: `${GO_REASONS.duplicate} (line ${first})`});
	}

	skipped.sort((a, b) => a.line - b.line);
	const parse: GoNetrcParse = {entries, skipped};
	if (stoppedAtDefaultLine !== undefined) parse.stoppedAtDefaultLine = stoppedAtDefaultLine;
	if (unterminatedMacdefLine !== undefined) parse.unterminatedMacdefLine = unterminatedMacdefLine;
	return parse;
}

/** path.Clean for a slash-separated path (filepath.Join cleans its result on Unix). */
function cleanPosix(path: string): string {
	const rooted = path.startsWith('/');
	const parts: string[] = [];
	for (const part of path.split('/')) {
		if (part === '' || part === '.') continue;
		if (part === '..') {
			if (parts.length > 0 && parts[parts.length - 1] !== '..') parts.pop();
			else if (!rooted) parts.push('..');
		} else parts.push(part);
	}
	const joined = parts.join('/');
	return rooted ? '/' + joined : joined || '.';
}

function joinForGo(dir: string, name: string, platform: Platform): string {
	if (platform !== 'win32') return cleanPosix(`${dir}/${name}`);
	// filepath.Join on Windows turns `/` into `\` and drops repeated separators after the volume.
	const normalized = dir.replace(/\//g, '\\');
	const unc = normalized.startsWith('\\\\') ? '\\\\' : '';
	const body = normalized.slice(unc.length).replace(/\\{2,}/g, '\\').replace(/\\$/, '');
	return `${unc}${body}\\${name}`;
}

/**
 * Go's file choice (netrcPath): NETRC verbatim if non-empty; else os.UserHomeDir() + `.netrc` on Unix;
 * on Windows `_netrc` then `.netrc` in USERPROFILE. Candidates come in the order Go tries them; Go reads the first
 * that exists (on Windows a stat error other than "not exist" on `_netrc` makes Go give up instead).
 */
export function goNetrcCandidates(env: Environment, platform: Platform): {source: 'NETRC' | 'home' | 'none'; candidates: string[]} {
	const netrc = getEnv(env, 'NETRC', platform);
	if (netrc) return {source: 'NETRC', candidates: [netrc]};
	const home = getEnv(env, platform === 'win32' ? 'USERPROFILE' : 'HOME', platform);
	if (!home) return {source: 'none', candidates: []};
	if (platform === 'win32') return {source: 'home', candidates: [joinForGo(home, '_netrc', platform), joinForGo(home, '.netrc', platform)]};
	return {source: 'home', candidates: [joinForGo(home, '.netrc', platform)]};
}

/**
 * The entry Go sends for a request to `host` (host[:port] exactly as in the URL); `path` is the URL's escaped path
 * and query, if any. `rules` is the matching of the Go release that runs (default: the newest known, Go 1.24+).
 */
export function findGoNetrcEntry(entries: GoNetrcEntry[], host: string, path = '', rules: GoNetrcRules = 'goauth'): GoNetrcEntry | undefined {
	if (rules === 'hostname') {
		const hostname = splitHostOptionalPort(host).hostname;
		return entries.find(entry => entry.machine === hostname);
	}
	if (rules === 'host') return entries.find(entry => entry.machine === host);
	const byKey = new Map<string, GoNetrcEntry>();
	for (const entry of entries) {
		const key = goNetrcKey(entry.machine);
		if (!byKey.has(key)) byKey.set(key, entry);
	}
	return (path !== '' ? byKey.get(host + path) : undefined) ?? byKey.get(host);
}

/**
 * Splits host[:port] (IPv6 in brackets) into the name curl compares and the port Go keeps. Unlike net.SplitHostPort
 * it never fails: no port (or a name with several colons) leaves `port` undefined, and the port is not checked.
 */
export function splitHostOptionalPort(host: string): {hostname: string; port?: string} {
	if (host.startsWith('[')) {
		const close = host.indexOf(']');
		if (close < 0) return {hostname: host};
		const rest = host.slice(close + 1);
		return rest.startsWith(':') ? {hostname: host.slice(1, close), port: rest.slice(1)} : {hostname: host.slice(1, close)};
	}
	const colon = host.lastIndexOf(':');
	if (colon < 0 || host.indexOf(':') !== colon) return {hostname: host};
	return {hostname: host.slice(0, colon), port: host.slice(colon + 1)};
}

/** Why a machine key that is not `host` still looks meant for it, or undefined when it is unrelated. */
function nearMissReason(key: string, host: string, rules: GoNetrcRules = 'goauth'): string | undefined {
	const lower = (text: string): string => text.toLowerCase();
	if (rules !== 'goauth' && key.startsWith('https://') && lower(goNetrcKey(key).replace(/\/$/, '')) === lower(host)) {
		return 'starts with https://: only Go 1.24 and later strip it; the Go that runs here compares the machine name exactly';
	}
	if (rules === 'goauth' && key.endsWith('/') && lower(key.slice(0, -1)) === lower(host)) {
		return 'ends with "/": Go strips only a leading "https://", so the key keeps the "/" and never matches (confirmed with go 1.24.4)';
	}
	if (rules === 'hostname') {
		const have = splitHostOptionalPort(key);
		if (have.port !== undefined && lower(have.hostname) === lower(splitHostOptionalPort(host).hostname)) {
			return `names port ${have.port}: Go 1.19 compares the host name without port, so a machine with a port never matches`;
		}
	}
	if (key !== host && lower(key) === lower(host)) return 'differs from the host only in letter case: Go compares machine names exactly';
	if (key.startsWith('http://') && lower(key.slice('http://'.length).replace(/\/$/, '')) === lower(host)) {
		return 'starts with http://: Go strips only "https://" from a machine name, so it never matches';
	}
	const slash = key.indexOf('/');
	if (slash > 0 && lower(key.slice(0, slash)) === lower(host)) {
		return rules === 'goauth' ? 'has a path: Go 1.24 uses it only for a request to exactly that URL, never for the URLs under it' : 'has a path: this Go compares the machine name with the host only';
	}
	const wanted = splitHostOptionalPort(host);
	const have = splitHostOptionalPort(key);
	if (lower(have.hostname) !== lower(wanted.hostname)) return undefined;
	const caseNote = have.hostname !== wanted.hostname ? '; the letter case differs too' : '';
	if (wanted.port !== undefined && have.port === undefined) {
		if (rules === 'hostname') return undefined;
		return `has no port, but the URL has :${wanted.port}: Go 1.20 and later need \`machine ${host}\` (golang/go#81253)${caseNote}`;
	}
	if (wanted.port === undefined && have.port !== undefined) {
		return `names port ${have.port}, but the URL has none: Go uses this entry only for URLs with :${have.port}${caseNote}`;
	}
	if (wanted.port !== have.port) return `names port ${have.port ?? ''}, but the URL has port ${wanted.port ?? ''}${caseNote}`;
	return undefined;
}

/**
 * Near misses worth reporting for a host: entries Go parsed that look meant for it (letter case, port, path,
 * scheme, later duplicates) and dropped entries for it, each with why Go does not use it.
 */
export function goNetrcNearMisses(parse: GoNetrcParse, host: string, rules: GoNetrcRules = 'goauth'): Array<{line: number; machine: string; reason: string}> {
	const chosen = findGoNetrcEntry(parse.entries, host, '', rules);
	const keyOf = (machine: string) => (rules === 'goauth' ? goNetrcKey(machine) : machine);
	const misses: Array<{line: number; machine: string; reason: string}> = [];
	const seen = new Set<string>();
	const add = (line: number, machine: string, reason: string): void => {
		const id = `${line}\u0000${machine}`;
		if (seen.has(id)) return;
		seen.add(id);
		misses.push({line, machine, reason});
	};
	for (const entry of parse.entries) {
		if (entry === chosen) continue;
		const key = keyOf(entry.machine);
		if (key === (rules === 'hostname' ? splitHostOptionalPort(host).hostname : host)) add(entry.line, entry.machine, `${GO_REASONS.duplicate} (line ${chosen?.line ?? '?'})`);
		else {
			const reason = nearMissReason(key, host, rules);
			if (reason) add(entry.line, entry.machine, reason);
		}
	}
	for (const skip of parse.skipped) {
		// Notes on `#` lines describe words Go does read, not drops.
		if (skip.machine === undefined || skip.reason.startsWith(GO_REASONS.commentLine)) continue;
		const key = keyOf(skip.machine);
		if (key === host) add(skip.line, skip.machine, skip.reason);
		else {
			const related = nearMissReason(key, host, rules);
			if (related) add(skip.line, skip.machine, `${skip.reason}; besides, it ${related}`);
		}
	}
	return misses.sort((a, b) => a.line - b.line);
}
