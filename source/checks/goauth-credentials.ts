// The credentials Go 1.24+ sends under GOAUTH, obtained as the go command obtains them (rules/goauth.ts;
// docs/go.md §2.1, §2.2): the user's GOAUTH command is run exactly as go runs it (no shell; once without a URL, again
// with the URL and the response after a 4xx), `git credential fill` for `git DIR` after a 4xx. What they return is registered as a secret
// and never shown: the evidence only says that they ran and whether they gave a credential.
import type {CheckContext} from '../engine/types.js';
import {
	basicFromHeaders,
	loadCredential,
	parseGitCredentialOutput,
	parseGoauth,
	parseUserAuthOutput,
	quotedSplit,
	responseForStdin,
	type CredentialStore,
	type GoauthMethod,
} from '../rules/goauth.js';
import {goNetrcKey, type GoNetrcEntry} from '../rules/go-netrc.js';

export type GoauthCredential = {login: string; password: string; source: string};

export type GoauthRound = {
	store: CredentialStore;
	/** Per method, in plain words, without any value: "ran the GOAUTH command helper (no URL): gave credentials for 1 URL". */
	ran: string[];
	/** Labels of the stored prefixes' sources, for saying where a credential came from. */
	sources: Map<string, string>;
};

const COMMAND_LIMIT_MS = 10_000;

function commandName(command: string): string {
	const words = quotedSplit(command).words;
	return words[0] ?? command;
}

async function dirProblem(context: CheckContext, dir: string): Promise<string | undefined> {
	const info = await context.system.fs.stat(dir);
	if (!info) return `stat ${dir}: no such file or directory`;
	return info.isDirectory ? undefined : 'not a directory';
}

/** The GOAUTH value parsed as go parses it (git directories checked as go checks them). */
export async function parseGoauthSetting(context: CheckContext, value: string): Promise<ReturnType<typeof parseGoauth>> {
	const dirs = new Map<string, string | undefined>();
	for (const part of value.split(';')) {
		const words = part.trim().split(/\s+/);
		if (words[0] === 'git' && words.length === 2 && words[1]!.startsWith('/')) dirs.set(words[1]!, await dirProblem(context, words[1]!));
	}
	return parseGoauth(value, dir => dirs.get(dir));
}

function registerHeaders(context: CheckContext, store: CredentialStore): void {
	for (const headers of store.values()) {
		for (const header of headers) {
			context.secrets.add(header.value);
			// The token inside "Basic …" / "Bearer …" too, whichever form reaches an output.
			for (const word of header.value.split(/\s+/)) if (word.length >= 8) context.secrets.add(word);
			const basic = basicFromHeaders([header]);
			if (basic) context.secrets.add(basic.password);
		}
	}
}

async function runCommand(
	context: CheckContext,
	command: string,
	url: string | undefined,
	response: {status: number; statusText: string; headers: Record<string, string>} | undefined,
): Promise<{store?: CredentialStore; said: string}> {
	const name = commandName(command);
	const split = quotedSplit(command);
	if (split.error || split.words.length === 0) return {said: `go cannot run the GOAUTH command ${name}: cannot parse GOAUTH command: ${split.error ?? 'empty'}`};
	const args = [...split.words.slice(1), ...(url ? [url] : [])];
	const result = await context.system.exec.run(split.words[0]!, args, {
		env: context.system.env,
		timeoutMs: COMMAND_LIMIT_MS,
		...(response ? {input: responseForStdin(response.status, response.statusText, response.headers)} : {}),
	});
	const when = url ? 'with the URL, after the 4xx answer' : 'once without a URL, as go does before its first request';
	if (result.startError || result.code !== 0) {
		return {said: `ran the GOAUTH command ${name} ${when}: it failed (${result.startError ?? `exit status ${result.code ?? 'killed'}`}), so go gets no credentials from it`};
	}
	const parsed = parseUserAuthOutput(result.stdout);
	// Go's parse error quotes the offending line, which may be a token: the line is never shown.
	const error = parsed.error?.startsWith('could not parse URL') ? 'could not parse a URL line (not shown)' : parsed.error;
	if (!parsed.credentials) return {said: `ran the GOAUTH command ${name} ${when}: go cannot parse its output (${error}), so it gets no credentials from it`};
	registerHeaders(context, parsed.credentials);
	return {store: parsed.credentials, said: `ran the GOAUTH command ${name} ${when}: it gave credentials for ${parsed.credentials.size} URL prefix${parsed.credentials.size === 1 ? '' : 'es'} (not shown)`};
}

function storeNetrc(round: GoauthRound, entries: GoNetrcEntry[], file: string): void {
	// storeCredential in reverse file order: the first entry for a key wins.
	for (const entry of [...entries].reverse()) {
		const key = goNetrcKey(entry.machine);
		round.store.set(key, [{name: 'Authorization', value: `Basic ${Buffer.from(`${entry.login}:${entry.password}`).toString('base64')}`}]);
		round.sources.set(key, `${file} line ${entry.line}`);
	}
}

async function runGitFill(context: CheckContext, dir: string, url: string): Promise<{prefix?: string; login?: string; password?: string; said: string}> {
	const result = await context.system.exec.run('git', ['credential', 'fill'], {
		env: {...context.system.env, GIT_TERMINAL_PROMPT: '0', GCM_INTERACTIVE: 'never'},
		cwd: dir,
		timeoutMs: COMMAND_LIMIT_MS,
		input: `url=${url}\n`,
	});
	if (result.startError || result.code !== 0) return {said: `ran git credential fill in ${dir} for the URL (GOAUTH=git): it failed, so go gets no credentials from it`};
	const parsed = parseGitCredentialOutput(result.stdout);
	context.secrets.add(parsed.password);
	if (!parsed.prefix || !url.startsWith(parsed.prefix)) return {said: `ran git credential fill in ${dir} (GOAUTH=git): its answer is not for ${url}, so go ignores it`};
	return {prefix: parsed.prefix, login: parsed.username, password: parsed.password, said: `ran git credential fill in ${dir} (GOAUTH=git) for the URL: it gave a credential (not shown)`};
}

/**
 * One round of runGoAuth: without `url` the first (netrc and commands), with `url` and `response` the one after a
 * 4xx (netrc again, git credential fill, commands with the URL). Methods run in reverse GOAUTH order, each storing
 * over the last, so the earlier method wins for the same prefix.
 */
export async function goauthRound(
	context: CheckContext,
	methods: GoauthMethod[],
	netrc: {entries: GoNetrcEntry[]; file: string} | undefined,
	url?: string,
	response?: {status: number; statusText: string; headers: Record<string, string>},
): Promise<GoauthRound> {
	const round: GoauthRound = {store: new Map(), ran: [], sources: new Map()};
	for (const method of [...methods].reverse()) {
		if (method.kind === 'off') return round;
		if (method.kind === 'netrc') {
			if (netrc) storeNetrc(round, netrc.entries, netrc.file);
		} else if (method.kind === 'git') {
			if (!url) continue;
			const filled = await runGitFill(context, method.dir, url);
			round.ran.push(filled.said);
			if (filled.prefix && filled.login !== undefined && filled.password !== undefined) {
				const key = filled.prefix.replace(/^https:\/\//, '');
				round.store.set(key, [{name: 'Authorization', value: `Basic ${Buffer.from(`${filled.login}:${filled.password}`).toString('base64')}`}]);
				round.sources.set(key, `git credential fill in ${method.dir} (GOAUTH=git)`);
			}
		} else {
			const ran = await runCommand(context, method.command, url, response);
			round.ran.push(ran.said);
			for (const [key, headers] of ran.store ?? []) {
				round.store.set(key, headers);
				round.sources.set(key, `the GOAUTH command ${commandName(method.command)}`);
			}
		}
	}
	return round;
}

/** What `round` sends to `url`, as a Basic credential (undefined: nothing, or a header the tool cannot replay). */
export function credentialFromRound(round: GoauthRound, url: string): {credential?: GoauthCredential; otherHeader?: boolean} {
	const headers = loadCredential(round.store, url);
	if (!headers) return {};
	const basic = basicFromHeaders(headers);
	if (!basic) return {otherHeader: true};
	const prefix = url.replace(/^https:\/\//, '');
	const key = round.store.has(prefix) ? prefix : prefix.split('/')[0]!;
	return {credential: {...basic, source: round.sources.get(key) ?? 'GOAUTH'}};
}

/**
 * Go keeps one credential cache per process (docs/go.md §2.1): a later round stores over the same prefixes
 * and keeps the others. A copy of `round` that rounds after a 4xx are merged into.
 */
export function goauthCache(round: GoauthRound): GoauthRound {
	return {store: new Map(round.store), ran: [...round.ran], sources: new Map(round.sources)};
}

/** Stores `later` over `cache`, as storeCredential does for every prefix the later round gave. */
export function mergeGoauthRound(cache: GoauthRound, later: GoauthRound): void {
	for (const [key, headers] of later.store) cache.store.set(key, headers);
	for (const [key, source] of later.sources) cache.sources.set(key, source);
}
