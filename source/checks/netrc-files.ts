// The .netrc files as Go and as git's libcurl find and parse them, read once per run and shared by
// the netrc and git-auth checks (git may be routed to another host than Go).
import type {GoEnvData, NetrcCredential, NetrcFiles} from '../engine/check-data.js';
import type {CheckContext} from '../engine/types.js';
import {curlNetrcCandidates, curlReleaseMatters, parseCurlNetrc, resolveCurlNetrc, type CurlNetrcDialect} from '../rules/curl-netrc.js';
import {compareGoAndCurl} from '../rules/netrc-go-vs-curl.js';
import {findGoNetrcEntry, goNetrcCandidates, goNetrcRulesFor, parseGoNetrc, type GoNetrcParse, type GoNetrcRules} from '../rules/go-netrc.js';
import {goAtLeast, setting} from './go-env.js';
import {credentialFromRound, goauthCache, goauthRound, mergeGoauthRound, parseGoauthSetting, type GoauthRound} from './goauth-credentials.js';
import {curlVersionQuery, type Query} from '../system/early-commands.js';
import type {System} from '../system/types.js';
import {readTextFile, type TextFile} from './read-text.js';

const run = (system: System, {command, args, options}: Query) => system.exec.run(command, args, options);

/** curl reads NETRC only from 8.16.0 on (docs/curl.md §1.1, docs/sources.md §R16). */
export function curlHonoursNetrcEnv(curlVersionOutput: string): boolean {
	const match = /\bcurl (\d+)\.(\d+)/.exec(curlVersionOutput) ?? /libcurl\/(\d+)\.(\d+)/.exec(curlVersionOutput);
	if (!match) return false;
	const major = Number(match[1]);
	const minor = Number(match[2]);
	return major > 8 || (major === 8 && minor >= 16);
}

/** The parser of the curl that runs: NETRC support came with the rewritten one (8.16). */
function curlDialect(honoursNetrcEnv: boolean): CurlNetrcDialect {
	return honoursNetrcEnv ? '8.16' : '7.88';
}

async function firstExisting(context: CheckContext, candidates: string[]): Promise<{path?: string; file: TextFile}> {
	for (const path of candidates) {
		const file = await readTextFile(context.system, path);
		if (file.kind !== 'missing') return {path, file};
	}
	return {path: candidates[0], file: {kind: 'missing'}};
}

// One read per run, whatever the number of modules: the netrc check, token, go-import and git-auth all look at the
// same files (and `curl --version` runs once). A run again (after a fix) reads afresh.
const readsByContext = new WeakMap<CheckContext, Promise<NetrcFiles>>();

export function readNetrcFiles(context: CheckContext): Promise<NetrcFiles> {
	if (context.perRun) return context.perRun.once('netrc-files', () => readFiles(context));
	// A check run alone: once for its context.
	let read = readsByContext.get(context);
	if (!read) {
		read = readFiles(context);
		readsByContext.set(context, read);
	}
	return read;
}

async function readFiles(context: CheckContext): Promise<NetrcFiles> {
	const {system, secrets} = context;
	const goChoice = goNetrcCandidates(system.env, system.platform);
	// Without NETRC every curl looks at the same files; when none is there, its release changes nothing (and
	// `curl --version` is not run: the command's entry decided the same and did not start it).
	const older = curlNetrcCandidates(system.env, system.platform, {honoursNetrcEnv: false});
	const [goFound, olderFound] = await Promise.all([firstExisting(context, goChoice.candidates), firstExisting(context, older)]);
	let honoursNetrcEnv = false;
	let curlFound = olderFound;
	if (curlReleaseMatters(system.env, system.platform, path => path === olderFound.path && olderFound.file.kind !== 'missing')) {
		// git's libcurl and the curl program come from the same curl release on the systems we know.
		const curlVersion = await run(system, curlVersionQuery(system.env));
		honoursNetrcEnv = curlVersion.code === 0 && curlHonoursNetrcEnv(curlVersion.stdout);
		// Only NETRC changes the file curl 8.16+ reads; without it the file read above is the one.
		const newer = curlNetrcCandidates(system.env, system.platform, {honoursNetrcEnv: true});
		if (honoursNetrcEnv && newer.join('\0') !== older.join('\0')) curlFound = await firstExisting(context, newer);
	}

	const goParse = goFound.file.kind === 'text' ? parseGoNetrc(goFound.file.text) : undefined;
	const curlParse = curlFound.file.kind === 'text' ? parseCurlNetrc(curlFound.file.text, {dialect: curlDialect(honoursNetrcEnv)}) : undefined;
	// Every password in either file is a secret, whichever host it belongs to.
	for (const entry of goParse?.entries ?? []) secrets.add(entry.password);
	for (const entry of curlParse?.entries ?? []) secrets.add(entry.password);
	return {
		go: {source: goChoice.source, path: goFound.path, file: goFound.file, parse: goParse},
		curl: {path: curlFound.path, file: curlFound.file, parse: curlParse, honoursNetrcEnv},
	};
}

/** What libcurl sends to `hostname` from its .netrc, or why it sends nothing. */
export function curlCredentialFor(
	files: NetrcFiles,
	hostname: string,
	user?: string,
): {credential?: NetrcCredential & {viaDefault: boolean}; problem?: string} {
	const {parse, path} = files.curl;
	if (!parse || !path) return {};
	const outcome = resolveCurlNetrc(parse, hostname, user);
	switch (outcome.kind) {
		case 'match':
			return {
				credential: {
					file: path,
					line: outcome.match.passwordLine ?? outcome.match.line,
					login: outcome.match.login,
					password: outcome.match.password,
					viaDefault: outcome.match.via === 'default',
				},
			};
		case 'error':
			return {problem: `git cannot use ${path}: line ${outcome.line}: ${outcome.message}`};
		case 'empty':
			return {problem: `${path} line ${outcome.line} matches ${hostname} but gives git neither login nor password`};
		case 'none':
			return {};
	}
}

/**
 * Why Go and git's libcurl pick differently from the one file both read (quotes, `default`, case, ports…), in plain
 * words; nothing when they read two files. The details are the curl port's (rules/curl-netrc.ts, netrc-go-vs-curl.ts).
 */
export function whyGoAndCurlDiffer(files: NetrcFiles, host: string, goRules: GoNetrcRules): string[] {
	const {go, curl} = files;
	if (go.file.kind !== 'text' || go.path !== curl.path) return [];
	return compareGoAndCurl(go.file.text, host, {dialect: curlDialect(curl.honoursNetrcEnv), goRules});
}

/** Go's entry for `host` in the file Go reads, whatever GOAUTH says (so a report can tell "no entry" from "not read"). */
export function goNetrcCredential(files: NetrcFiles, host: string, rules: GoNetrcRules): NetrcCredential | undefined {
	const {parse, path} = files.go;
	const entry = parse && path ? findGoNetrcEntry(parse.entries, host, '', rules) : undefined;
	return entry && path ? {file: path, line: entry.line, login: entry.login, password: entry.password} : undefined;
}

/** Whether Go reads .netrc at all under GOAUTH (Go 1.24+; older Go always reads it). */
export function goauthReadsNetrc(goauth: string): {reads: boolean; note?: string} {
	const commands = goauth.split(';').map(command => command.trim());
	if (goauth.trim() === '') return {reads: true};
	if (commands.includes('off')) return {reads: false, note: 'GOAUTH=off: Go sends no credentials at all, .netrc included'};
	if (!commands.includes('netrc')) {
		const gitMode = commands.find(command => command.startsWith('git '));
		return {
			reads: false,
			note: gitMode
				? `GOAUTH=${goauth} has no netrc entry: Go reads no .netrc; "${gitMode}" asks git credential fill only after a 4xx answer`
				: `GOAUTH=${goauth} has no netrc entry: Go reads no .netrc and asks that command for credentials instead`,
		};
	}
	return {reads: true};
}

/** The netrc matching of the Go that runs (go-env's effective version); the newest rules when go is unknown. */
export function goNetrcRules(goEnv: GoEnvData | undefined): GoNetrcRules {
	const version = goEnv?.goVersion;
	return version ? goNetrcRulesFor(version.major > 1 ? Number.MAX_SAFE_INTEGER : version.minor) : 'goauth';
}

/** Where a credential comes from, for sentences: "FILE line N", or the GOAUTH source (line 0). */
export function credentialPlace(credential: NetrcCredential): string {
	return credential.line > 0 ? `${credential.file} line ${credential.line}` : credential.file;
}

export type GoCredential = {
	credential?: NetrcCredential;
	goReadsNetrc: boolean;
	note?: string;
	files: NetrcFiles;
	/** What go did under GOAUTH to get it (commands run), in plain words without any value. */
	goauthRan?: string[];
	/**
	 * Go 1.24+ with GOAUTH git or a command: the credential Go retries with after a 4xx answer to `url` (the round run
	 * with the URL, stored over what earlier rounds stored, as go's one credential cache keeps it).
	 */
	retryAfter4xx?: (url: string, response: {status: number; statusText: string; headers: Record<string, string>}) => Promise<{credential?: NetrcCredential; ran: string[]}>;
	/** Go 1.24+ with GOAUTH git or a command: what go's credential cache sends to `url` now (after earlier retries too). */
	credentialAt?: (url: string) => NetrcCredential | undefined;
};

// The first GOAUTH round runs once per run (for every module of a repository), as go runs it once per process; a
// check run alone runs it once for its context.
const firstRounds = new WeakMap<CheckContext, Promise<GoauthRound>>();

/** The Basic credential the go command sends with its own HTTPS requests to `host` (host[:port]). */
export async function goCredentialFor(context: CheckContext, goEnv: GoEnvData | undefined, host: string): Promise<GoCredential> {
	const files = await readNetrcFiles(context);
	const goauth = goAtLeast(goEnv, 24) ? goauthReadsNetrc(setting(goEnv, 'GOAUTH')) : {reads: true};
	const fromFile = goauth.reads ? goNetrcCredential(files, host, goNetrcRules(goEnv)) : undefined;
	let credential = fromFile;
	const value = setting(goEnv, 'GOAUTH');
	if (!goAtLeast(goEnv, 24) || value.trim() === '' || value.trim() === 'netrc') return {credential, goReadsNetrc: goauth.reads, note: goauth.note, files};

	// GOAUTH with commands or git: the first round, as go runs it before its first request.
	const parsed = await parseGoauthSetting(context, value);
	if (parsed.fatal) return {goReadsNetrc: false, note: parsed.fatal, files};
	const netrc = files.go.parse && files.go.path ? {entries: files.go.parse.entries, file: files.go.path} : undefined;
	let first = context.perRun?.once(`goauth-first-round ${value}`, () => goauthRound(context, parsed.methods, netrc)) ?? firstRounds.get(context);
	if (!first) {
		first = goauthRound(context, parsed.methods, netrc);
		firstRounds.set(context, first);
	}
	const round = await first;
	const fromRound = credentialFromRound(round, `https://${host}`);
	credential = fromRound.credential ? {file: fromRound.credential.source, line: 0, login: fromRound.credential.login, password: fromRound.credential.password} : undefined;
	// The round's netrc source names the file: the entry's line comes from Go's own parse.
	if (credential?.file.startsWith(files.go.path ?? '\u0000')) credential = fromFile ?? credential;
	const notes = [goauth.note, ...round.ran, fromRound.otherHeader ? `GOAUTH gives ${host} a header other than Basic: the tool cannot replay it` : undefined].filter(Boolean);
	const retries = parsed.methods.some(method => method.kind === 'git' || method.kind === 'command');
	const cache = goauthCache(round);
	const fromCache = (url: string): NetrcCredential | undefined => {
		const found = credentialFromRound(cache, url).credential;
		return found ? {file: found.source, line: 0, login: found.login, password: found.password} : undefined;
	};
	return {
		credential,
		goReadsNetrc: goauth.reads,
		note: notes.join('; ') || undefined,
		files,
		goauthRan: round.ran,
		...(retries
			? {
				retryAfter4xx: async (url, response) => {
					const again = await goauthRound(context, parsed.methods, netrc, url, response);
					mergeGoauthRound(cache, again);
					return {credential: fromCache(url), ran: again.ran};
				},
				credentialAt: fromCache,
			}
			: {}),
	};
}
