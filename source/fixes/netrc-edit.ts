// Adding or replacing one host's entry in a .netrc file, keeping every other line and comment byte for byte.
// Pure: text in, text out. Every candidate edit is checked with the project's faithful parsers (source/rules/
// go-netrc.ts, curl-netrc.ts) before it is offered: Go must then send the new credential for the host, and neither
// Go nor git's libcurl may send anything different for any other host than before. Reading the file with positions:
// netrc-positions.ts.
import {parseCurlNetrc, resolveCurlNetrc, type CurlNetrcDialect, type CurlNetrcOutcome} from '../rules/curl-netrc.js';
import {findGoNetrcEntry, goNetrcKey, parseGoNetrc, splitHostOptionalPort, type GoNetrcEntry} from '../rules/go-netrc.js';
import {isGoSpace} from '../rules/go-strings.js';
import {isHostName} from '../rules/hosts.js';
import {blockMeansHost, fileEol, goEntriesWithSpans, joinLines, lineIndexAt, netrcBlocks, splitLines, type GoSpanEntry, type Line, type NetrcBlock, type Span} from './netrc-positions.js';

export {maskNetrcPasswords, type Span} from './netrc-positions.js';

export type NetrcEditKind = 'replaced-token' | 'replaced-entry' | 'appended' | 'inserted-at-top' | 'created';

export type NetrcEdit = {
	text: string;
	kind: NetrcEditKind;
	/** The login written (the existing one, the one asked for, or `oauth2`). */
	login: string;
	/** 1-based lines of the original text the edit rewrites or removes (empty when it only adds a line). */
	touchedLines: number[];
	/** Whether git's libcurl (curl 7.88 and 8.16+) then sends the same credential as Go. */
	curlAgrees: boolean;
	/** Plain sentences for the preview: why the entry goes where it goes, what is left as it is. */
	notes: string[];
};

export type NetrcEditRequest = {host: string; token: string; login?: string};

/** A stand-in token for previews, parsed exactly like a real (validated) one. */
export const placeholderToken = 'PLACEHOLDER-TOKEN-0000';

const curlDialects: CurlNetrcDialect[] = ['7.88', '8.16'];

// ---------------------------------------------------------------------------------------------------------------
// Checking a candidate

function outcomeKey(outcome: CurlNetrcOutcome): string {
	switch (outcome.kind) {
		case 'match':
			return `match\0${outcome.match.via}\0${outcome.match.login}\0${outcome.match.password}`;
		case 'error':
			return `error\0${outcome.message}`;
		default:
			return outcome.kind;
	}
}

type Verdict = {go: boolean; curl: boolean; curlFailures: Array<{dialect: CurlNetrcDialect; outcome: CurlNetrcOutcome}>; otherChanged?: string};

function check(original: string, candidate: string, host: string, login: string, token: string): Verdict {
	const before = parseGoNetrc(original).entries;
	const after = parseGoNetrc(candidate).entries;
	const ours = findGoNetrcEntry(after, host);
	const go = ours?.login === login && ours.password === token;
	let otherChanged: string | undefined;
	const goKeys = new Set([...before, ...after].map(entry => goNetrcKey(entry.machine)).filter(key => key.toLowerCase() !== host.toLowerCase()));
	for (const key of goKeys) {
		const was = findGoNetrcEntry(before, key);
		const is = findGoNetrcEntry(after, key);
		if (was?.login !== is?.login || was?.password !== is?.password) otherChanged ??= `Go's entry for ${key}`;
	}
	const hostname = splitHostOptionalPort(host).hostname;
	const curlFailures: Verdict['curlFailures'] = [];
	for (const dialect of curlDialects) {
		const curlBefore = parseCurlNetrc(original, {dialect});
		const curlAfter = parseCurlNetrc(candidate, {dialect});
		const mine = resolveCurlNetrc(curlAfter, hostname);
		if (!(mine.kind === 'match' && mine.match.via === 'machine' && mine.match.login === login && mine.match.password === token)) curlFailures.push({dialect, outcome: mine});
		const names = new Set(['unlisted.invalid']);
		for (const entry of [...curlBefore.entries, ...curlAfter.entries]) if (entry.machine !== undefined) names.add(entry.machine.toLowerCase());
		for (const name of names) {
			if (name === host.toLowerCase() || splitHostOptionalPort(name).hostname === hostname.toLowerCase()) continue;
			if (outcomeKey(resolveCurlNetrc(curlBefore, name)) !== outcomeKey(resolveCurlNetrc(curlAfter, name))) {
				otherChanged ??= `what git's libcurl ${dialect} sends to ${name === 'unlisted.invalid' ? 'other hosts (the default entry)' : name}`;
			}
		}
	}
	return {go, curl: curlFailures.length === 0, curlFailures, otherChanged};
}

// ---------------------------------------------------------------------------------------------------------------
// Candidates

type Candidate = {kind: NetrcEditKind; text: string; touchedLines: number[]; why?: string};

function replaceSpans(text: string, replacements: Array<Span & {with: string}>): string {
	let result = text;
	for (const replacement of [...replacements].sort((a, b) => b.start - a.start)) {
		result = result.slice(0, replacement.start) + replacement.with + result.slice(replacement.end);
	}
	return result;
}

function entryLine(host: string, login: string, token: string): string {
	return `machine ${host} login ${login} password ${token}`;
}

/** Keeps the original's last line ending: a file without a final newline still has none. */
function finish(original: Line[], lines: Array<Pick<Line, 'content' | 'eol'>>, eol: '\r\n' | '\n'): string {
	if (lines.length > 0) {
		const last = lines[lines.length - 1]!;
		const originalLast = original[original.length - 1];
		for (const line of lines.slice(0, -1)) if (line.eol === '') line.eol = eol;
		last.eol = originalLast && originalLast.eol === '' ? '' : last.eol || eol;
	}
	return joinLines(lines);
}

/** Removes the block's words from their lines; a line left blank goes; the new entry takes the block's place. */
function replaceBlock(text: string, block: NetrcBlock, newLine: string): Candidate {
	const lines = splitLines(text);
	const eol = fileEol(text);
	const byLine = new Map<number, Span[]>();
	for (const token of block.tokens) {
		const index = lineIndexAt(lines, token.start);
		byLine.set(index, [...(byLine.get(index) ?? []), token]);
	}
	const touched = [...byLine.keys()].sort((a, b) => a - b);
	const first = touched[0]!;
	const out: Array<Pick<Line, 'content' | 'eol'>> = [];
	lines.forEach((line, index) => {
		const spans = byLine.get(index);
		if (!spans) {
			out.push({content: line.content, eol: line.eol});
			return;
		}
		let rest = '';
		let at = line.start;
		for (const span of [...spans].sort((a, b) => a.start - b.start)) {
			rest += text.slice(at, span.start).replace(/[ \t]+$/, '');
			at = span.end;
		}
		rest += text.slice(at, line.start + line.content.length);
		const indentation = /^[ \t]*/.exec(line.content)![0];
		const remainder = rest.trim() === '' ? '' : indentation + rest.replace(/^[ \t]+/, '').replace(/[ \t]+$/, '');
		const machineFirst = index === first && text.slice(line.start, block.tokens[0]!.start).trim() === '';
		if (index === first && machineFirst) out.push({content: newLine, eol});
		if (remainder !== '') out.push({content: remainder, eol: line.eol || eol});
		if (index === first && !machineFirst) out.push({content: newLine, eol});
	});
	return {kind: 'replaced-entry', text: finish(lines, out, eol), touchedLines: touched.map(index => index + 1)};
}

function insertLine(text: string, at: 'top' | 'end', newLine: string): Candidate {
	const lines = splitLines(text);
	const eol = fileEol(text);
	const out: Array<Pick<Line, 'content' | 'eol'>> = lines.map(line => ({content: line.content, eol: line.eol}));
	if (at === 'top') out.unshift({content: newLine, eol});
	else out.push({content: newLine, eol});
	return {kind: at === 'top' ? 'inserted-at-top' : 'appended', text: finish(lines, out, eol), touchedLines: []};
}

/** Why git's libcurl would not send the new entry, in the words of the first dialect that would not. */
function curlWhy(failures: Verdict['curlFailures'], host: string): string {
	const first = failures[0];
	if (!first) return "git's libcurl reads it";
	const which = failures.length === curlDialects.length ? "git's libcurl" : `git's libcurl ${first.dialect}${first.dialect === '8.16' ? ' and later' : ''}`;
	const {outcome} = first;
	switch (outcome.kind) {
		case 'error':
			return `${which} stops at line ${outcome.line} before it (${outcome.message})`;
		case 'match':
			return `${which} would use line ${outcome.match.line} first (${outcome.match.via === 'default' ? 'the `default` entry' : `another entry for ${host}`})`;
		case 'empty':
			return `${which} would stop at the entry on line ${outcome.line}, which has no login or password`;
		case 'none':
			return `${which} would not find it`;
	}
}

function sameEntries(a: GoNetrcEntry[], b: GoNetrcEntry[]): boolean {
	return a.length === b.length && a.every((entry, index) => {
		const other = b[index]!;
		return entry.machine === other.machine && entry.login === other.login && entry.password === other.password && entry.line === other.line;
	});
}

/** The existing login, when it can be written back as it is (GitLab ignores the name for tokens; any works). */
function usableLogin(raw: string | undefined): string | undefined {
	if (raw === undefined) return undefined;
	if (!loginProblem(raw)) return raw;
	const unquoted = /^"([^"\\]*)"$/.exec(raw)?.[1];
	return unquoted !== undefined && !loginProblem(unquoted) ? unquoted : undefined;
}

function wordProblem(word: string, what: string): string | undefined {
	if (word === '') return `the ${what} is empty`;
	if ([...word].some(char => isGoSpace(char) || /\s/.test(char))) {
		return `the ${what} contains a space, tab or line break (did the paste pick up more than the ${what}?): .netrc cannot hold one, Go reads the words apart`;
	}
	if (/["']/.test(word)) return `the ${what} contains a quote: paste it without quotes; Go would keep them as part of the ${what}, git's libcurl would not`;
	if (/[^\x21-\x7e]/.test(word)) return `the ${what} contains a character that is not printable ASCII; GitLab tokens never do`;
	if (word.startsWith('#')) return `the ${what} starts with "#", which git's libcurl reads as the start of a comment`;
	return undefined;
}

/** Why a typed token cannot go into .netrc, or undefined when it can. */
export function tokenProblem(token: string): string | undefined {
	return wordProblem(token, 'token');
}

export function loginProblem(login: string): string | undefined {
	return wordProblem(login, 'login');
}

/** Hosts are written as the `machine` name: a host name or IP literal (with its port), one plain word (rules/hosts.ts). */
function hostProblem(host: string): string | undefined {
	return isHostName(host) ? undefined : `"${host}" is not a host name that can be a .netrc machine name`;
}

/**
 * The edit that gives `host` the credential (login, token): replace the token of the entry Go uses in place; else
 * replace the entry written for the host that Go cannot read with one line Go and curl both read; else add a line,
 * at the end if Go and git then use it, else at the top. `original` is '' for a new file.
 */
export function planNetrcEdit(original: string, request: NetrcEditRequest, options: {fileExists: boolean} = {fileExists: true}): NetrcEdit | {refused: string} {
	const {host, token} = request;
	const problem = hostProblem(host) ?? tokenProblem(token) ?? (request.login !== undefined ? loginProblem(request.login) : undefined);
	if (problem) return {refused: problem};

	const goParse = parseGoNetrc(original);
	const replay = goEntriesWithSpans(original);
	const goEntry = sameEntries(replay.entries, goParse.entries) ? (findGoNetrcEntry(replay.entries, host) as GoSpanEntry | undefined) : undefined;
	const {blocks} = netrcBlocks(original);
	const hostBlocks = blocks.filter(block => blockMeansHost(block.machine, host));
	const block = hostBlocks[0];
	const login = request.login ?? usableLogin(goEntry?.login) ?? usableLogin(block?.login) ?? 'oauth2';
	const newLine = entryLine(host, login, token);

	if (original === '') {
		const text = `${newLine}\n`;
		return {text, kind: options.fileExists ? 'appended' : 'created', login, touchedLines: [], curlAgrees: true, notes: []};
	}

	const candidates: Candidate[] = [];
	if (goEntry) {
		const replacements = [{...goEntry.passwordSpan, with: token}];
		if (goEntry.login !== login) replacements.push({...goEntry.loginSpan, with: login});
		const lines = splitLines(original);
		const touched = [...new Set(replacements.map(span => lineIndexAt(lines, span.start) + 1))].sort((a, b) => a - b);
		candidates.push({kind: 'replaced-token', text: replaceSpans(original, replacements), touchedLines: touched});
	}
	if (block) candidates.push(replaceBlock(original, block, newLine));
	candidates.push(insertLine(original, 'end', newLine), insertLine(original, 'top', newLine));

	const verdicts = candidates.map(candidate => ({candidate, verdict: check(original, candidate.text, host, login, token)}));
	const safe = verdicts.filter(({verdict}) => verdict.go && !verdict.otherChanged);
	const chosen = safe.find(({verdict}) => verdict.curl) ?? safe[0];
	if (!chosen) {
		const changed = verdicts.find(({verdict}) => verdict.otherChanged)?.verdict.otherChanged;
		return {refused: `no edit of this file gives Go the entry for ${host} without changing ${changed ?? 'another entry'}: edit it by hand`};
	}

	const notes: string[] = [];
	const {candidate, verdict} = chosen;
	if (candidate.kind === 'inserted-at-top') {
		const atEnd = verdicts.find(({candidate: other}) => other.kind === 'appended')!.verdict;
		if (!atEnd.go) {
			const why = goParse.stoppedAtDefaultLine !== undefined
				? `Go stops reading at the \`default\` on line ${goParse.stoppedAtDefaultLine}`
				: goParse.unterminatedMacdefLine !== undefined
					? `the macdef on line ${goParse.unterminatedMacdefLine} never ends, so Go reads nothing after it`
					: `Go would use an earlier line for ${host}`;
			notes.push(`The entry goes at the top: at the end Go would not use it (${why}).`);
		} else notes.push(`The entry goes at the top: at the end ${curlWhy(atEnd.curlFailures, host)}.`);
	}
	const touchedBlocks = new Set(candidate.kind === 'replaced-entry' ? [block] : []);
	for (const other of hostBlocks) {
		if (touchedBlocks.has(other) || (candidate.kind === 'replaced-token' && goEntry && other.line === goEntry.line)) continue;
		notes.push(`Line ${other.line} (machine ${other.machine}) is left as it is: Go and git use the first entry for a host.`);
	}
	if (!verdict.curl) {
		notes.push(`git's libcurl will still not send this entry: ${curlWhy(verdict.curlFailures, host)}; git may need its own credential.`);
	}
	return {text: candidate.text, kind: candidate.kind, login, touchedLines: candidate.touchedLines, curlAgrees: verdict.curl, notes};
}
