// The go-proxy check's probes: one module proxy asked for the module the way go asks it (docs/go.md §3.3):
// `<module>/@v/list`, then the chosen version's `.info` (or `@latest` when the list is empty), with the credentials go
// sends to that proxy host (.netrc, or GOAUTH on Go 1.24+; never over http://). On Go 1.24+ a 4xx answer over https
// makes go ask GOAUTH again with the URL and the response and send the request once more (docs/go.md §2.1).
import type {CheckContext} from '../engine/types.js';
import type {GitlabProxyUrl} from '../rules/gitlab-proxy-url.js';
import {followSumdb, proxyAddress, type ProxyAnswer, type ProxyKind, type Route, type RouteProxy, type SumdbRoute} from '../rules/go-route.js';
import type {ProxyEntry} from '../rules/goproxy.js';
import {askableModulePaths} from '../rules/module-path.js';
import type {HttpFailure, HttpResult} from '../system/types.js';
import {failureText, goUserAgent, statusLine} from './gitlab-api.js';
import type {GoEnvData} from '../engine/check-data.js';
import type {NetrcCredential} from '../engine/check-data.js';
import {goCredentialFor} from './netrc-files.js';

/** Go's module path escaping for proxy URLs (golang.org/x/mod/module.EscapePath): an upper-case letter becomes '!' + lower case. */
export function escapeModulePath(path: string): string {
	return path.replace(/[A-Z]/g, letter => `!${letter.toLowerCase()}`);
}

/** `sent`: the credential of the request that gave this answer (after a GOAUTH retry, the retry's). */
export type ProxyReply =
	| {kind: 'found'; versions: string[]; version: string; url: string; message: string; sent?: SentCredential}
	| {kind: 'not-found'; status: number; message: string; url: string; body: unknown; sent?: SentCredential}
	| {kind: 'error'; status?: number; message: string; url: string; body?: unknown; failure?: HttpFailure; sent?: SentCredential};

export type SentCredential = {login: string; password: string; source: string; netrc?: NetrcCredential};

/** What go sends to one proxy host, request by request. */
export type Sender = {
	/** The credential of the first request to `url`. */
	first: (url: string) => SentCredential | undefined;
	/** Go 1.24+: after a 4xx over https, GOAUTH is asked again with the URL and the response; the retry sends this (docs/go.md §2.1). */
	retry?: (url: string, response: {status: number; statusText: string; headers: Record<string, string>}) => Promise<{credential?: SentCredential; ran: string[]}>;
	/** Each retry in words, without any value the GOAUTH methods returned. */
	said: string[];
};

export type ProxyCredential = {credential?: SentCredential; note?: string; /** The file Go reads .netrc from, for fixes that add an entry. */ netrcFile?: string; sender: Sender};

/** A sender that always sends `credential` and never retries (tests, and requests outside GOAUTH). */
export function fixedSender(credential: SentCredential | undefined): Sender {
	return {first: () => credential, said: []};
}

const semver = /^v(\d+)\.(\d+)\.(\d+)(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$/;

/** The version `go mod download M@latest` picks from a list: the highest release, else the highest pre-release. */
export function latestOf(versions: readonly string[]): string | undefined {
	const parsed = versions.map(version => ({version, match: semver.exec(version)})).filter(item => item.match !== null);
	const compare = (a: RegExpExecArray, b: RegExpExecArray) => {
		for (const index of [1, 2, 3]) {
			const diff = Number(a[index]) - Number(b[index]);
			if (diff !== 0) return diff;
		}
		return (a[4] ?? '').localeCompare(b[4] ?? '');
	};
	const releases = parsed.filter(item => item.match![4] === undefined);
	const pool = releases.length > 0 ? releases : parsed;
	return pool.sort((a, b) => compare(a.match!, b.match!)).at(-1)?.version;
}

type Got = {ok: true; status: number; statusText: string; headers: Record<string, string>; body: string; json: unknown; line: string} | {ok: false; failure: HttpFailure};

/** One GET as go's web.Get sends it: the credential for the URL, and on Go 1.24+ one retry after a 4xx over https. */
async function send(context: CheckContext, url: string, sender: Sender, signal: AbortSignal): Promise<{answer: Got; sent?: SentCredential}> {
	const first = sender.first(url);
	const answer = await get(context, url, first, signal);
	if (!sender.retry || !url.startsWith('https://') || !answer.ok || answer.status < 400 || answer.status >= 500) return {answer, ...(first ? {sent: first} : {})};
	const again = await sender.retry(url, {status: answer.status, statusText: answer.statusText, headers: answer.headers});
	const shown = url.replace(/^(https:\/\/)[^/]*@/, '$1');
	sender.said.push(`${shown} answered ${answer.line}: go asked GOAUTH again with the URL (${again.ran.join('; ') || 'no method runs then'}) and sent the request again ${again.credential ? `with a credential from ${again.credential.source}` : 'without credentials'}`);
	return {answer: await get(context, url, again.credential, signal), ...(again.credential ? {sent: again.credential} : {})};
}

async function get(context: CheckContext, url: string, credential: SentCredential | undefined, signal: AbortSignal): Promise<Got> {
	let result: HttpResult;
	try {
		const http = await context.system.http();
		result = await http.get({
			url,
			headers: {'User-Agent': goUserAgent},
			...(credential ? {basicAuth: {login: credential.login, password: credential.password}} : {}),
			timeoutMs: context.options.timeoutMs,
			signal,
			maxBodyBytes: 256 * 1024,
		});
	} catch (error) {
		return {ok: false, failure: {kind: 'other', message: `could not ask: ${error instanceof Error ? error.message : String(error)}`, via: {}}};
	}
	if (!result.ok) return {ok: false, failure: result.failure};
	const {response} = result;
	let json: unknown;
	try {
		json = /json/i.test(response.headers['content-type'] ?? '') ? JSON.parse(response.body) : undefined;
	} catch {
		json = undefined;
	}
	return {ok: true, status: response.status, statusText: response.statusText, headers: response.headers, body: response.body, json, line: statusLine(response)};
}

/** One request's answer as go judges it: 200, "not found" (404/410: web.HTTPError.Is(fs.ErrNotExist)) or an error. */
async function ask(context: CheckContext, url: string, sender: Sender, signal: AbortSignal): Promise<{kind: 'ok'; body: string; json: unknown; sent?: SentCredential} | Exclude<ProxyReply, {kind: 'found'}>> {
	const {answer, sent: used} = await send(context, url, sender, signal);
	const sent = used ? {sent: used} : {};
	if (!answer.ok) return {kind: 'error', message: failureText(answer.failure), url, failure: answer.failure, ...sent};
	if (answer.status === 200) return {kind: 'ok', body: answer.body, json: answer.json, ...sent};
	// The server's words, one line, without control characters (a foreign answer never drives the terminal).
	const text = (answer.json !== undefined ? JSON.stringify(answer.json) : answer.body.trim().split('\n')[0]?.slice(0, 300) ?? '').replace(/[\u0000-\u001f\u007f-\u009f]/g, '?');
	// "401 Unauthorized", then the server's words when they say more than the status line does.
	const message = `${answer.line}${text && !answer.line.endsWith(text) ? ` ${text}` : ''}`;
	if (answer.status === 404 || answer.status === 410) return {kind: 'not-found', status: answer.status, message, url, body: answer.json, ...sent};
	return {kind: 'error', status: answer.status, message, url, body: answer.json, ...sent};
}

/** `@v/list`, then the version go would take (`.info`), or `@latest` when the list is empty (proxy.go Versions, Latest, Stat). */
async function askPath(context: CheckContext, base: string, path: string, sender: Sender, signal: AbortSignal): Promise<ProxyReply> {
	const root = `${base}/${escapeModulePath(path)}`;
	const listUrl = `${root}/@v/list`;
	const list = await ask(context, listUrl, sender, signal);
	if (list.kind !== 'ok') return list;
	const versions = list.body
		.split('\n')
		.map(line => line.trim().split(/\s+/)[0] ?? '')
		.filter(line => line !== '');
	const latest = latestOf(versions);
	const infoUrl = latest ? `${root}/@v/${escapeModulePath(latest)}.info` : `${root}/@latest`;
	const info = await ask(context, infoUrl, sender, signal);
	if (info.kind !== 'ok') {
		// An empty list and no @latest: "no matching versions", which go counts as not found.
		if (!latest && info.kind === 'not-found') return {...info, message: `200 with an empty version list, then ${info.message} for @latest`};
		return info;
	}
	const fields = typeof info.json === 'object' && info.json !== null ? (info.json as Record<string, unknown>) : {};
	const version = latest ?? (typeof fields['Version'] === 'string' ? fields['Version'] : '?');
	const sent = info.sent ?? list.sent;
	return {kind: 'found', versions: versions.length > 0 ? versions : [version], version, url: listUrl, message: `200 OK: ${versions.join(' ') || `@latest ${version}`}`, ...(sent ? {sent} : {})};
}

/** The module itself first; the shorter module paths go also tries (docs/go.md §5.1) only when it is not there. */
export async function askModule(context: CheckContext, base: string, sender: Sender, signal: AbortSignal): Promise<ProxyReply> {
	const module = context.target.module;
	const first = await askPath(context, base, module, sender, signal);
	if (first.kind !== 'not-found') return first;
	const prefixes = askableModulePaths(context.target.candidates).filter(path => path !== module && path.includes('/'));
	const answers = await Promise.all(prefixes.map(path => askPath(context, base, path, sender, signal)));
	return answers.find(answer => answer.kind === 'found') ?? first;
}

function decode(text: string): string {
	try {
		return decodeURIComponent(text);
	} catch {
		return text;
	}
}

function sentFrom(credential: NetrcCredential): SentCredential {
	return {login: credential.login, password: credential.password, source: credential.line > 0 ? `${credential.file}:${credential.line}` : credential.file, ...(credential.line > 0 ? {netrc: credential} : {})};
}

/** The userinfo written in a GOPROXY URL, as net/http sends it when no Authorization header is set. */
function userinfoCredential(context: CheckContext, userinfo: string): SentCredential {
	const colon = userinfo.indexOf(':');
	const login = decode(colon < 0 ? userinfo : userinfo.slice(0, colon));
	const password = colon < 0 ? '' : decode(userinfo.slice(colon + 1));
	context.secrets.add(password);
	context.secrets.add(userinfo.slice(colon + 1));
	if (colon < 0) context.secrets.add(login);
	return {login, password, source: 'the userinfo in GOPROXY'};
}

/**
 * The credentials go sends to a proxy: the .netrc entry (or GOAUTH's credential on Go 1.24+) for its host[:port], else
 * the userinfo written in GOPROXY; with GOAUTH git or a command, per URL from go's credential cache, asked again after a 4xx.
 */
export async function credentialFor(context: CheckContext, goEnv: GoEnvData | undefined, proxy: {scheme: string; host: string; userinfo?: string}): Promise<ProxyCredential> {
	// Go never sends credentials over plain http (docs/go.md §1.4), nor runs GOAUTH for it.
	if (proxy.scheme !== 'https') return {note: 'Go sends no credentials to an http:// proxy.', sender: fixedSender(undefined)};
	const go = await goCredentialFor(context, goEnv, proxy.host);
	const place = go.files.go.path ? {netrcFile: go.files.go.path} : {};
	const note = go.note ? {note: go.note} : {};
	context.secrets.add(go.credential?.password);
	const fromUrl = proxy.userinfo !== undefined ? userinfoCredential(context, proxy.userinfo) : undefined;
	const credential = go.credential ? sentFrom(go.credential) : fromUrl;
	const retry = go.retryAfter4xx;
	const at = go.credentialAt;
	const sender: Sender = {
		first: url => {
			const cached = at?.(url);
			return cached ? sentFrom(cached) : at ? fromUrl : credential;
		},
		...(retry
			? {
					retry: async (url, response) => {
						const again = await retry(url, response);
						return {credential: again.credential ? sentFrom(again.credential) : fromUrl, ran: again.ran};
					},
				}
			: {}),
		said: [],
	};
	return {...(credential ? {credential} : {}), ...place, ...note, sender};
}

/** One proxy of the route, asked: what go would send it and what it answered. */
export type Asked = {
	goEnv: GoEnvData | undefined;
	/** Every GOPROXY entry go reads, for the walk and for fixes that rewrite GOPROXY. */
	entries: ProxyEntry[];
	entry: ProxyEntry;
	/** Its place in `entries`. */
	index: number;
	kind: ProxyKind;
	/** The parts of a GitLab Go proxy URL, when it is one. */
	gitlab?: GitlabProxyUrl;
	answer: ProxyReply;
	credential?: SentCredential;
	netrcFile?: string;
	/** GOAUTH asked again after a 4xx (Go 1.24+), in words without values. */
	goauthRetries?: string[];
};

/** How go reaches the checksum database (initBase): each proxy before direct/off is asked `/sumdb/<name>/supported`,
 * which carries no module path; public proxies are not asked (proxy.golang.org and its peers serve the database). */
export async function askSumdbRoute(context: CheckContext, goEnv: GoEnvData | undefined, route: Route, candidates: RouteProxy[], signal: AbortSignal): Promise<{sumdb: SumdbRoute; said: string[]}> {
	const name = route.plan.sumdb.name;
	const answers: Array<ProxyAnswer | undefined> = [];
	const said: string[] = [];
	const ask = async (index: number): Promise<ProxyAnswer | undefined> => {
		const candidate = candidates[index]!;
		if (candidate.kind === 'public') return 'serves';
		if (candidate.kind === 'file' || name === undefined) return undefined;
		const base = candidate.entry.url!.replace(/\/+$/, '');
		const {sender} = await credentialFor(context, goEnv, proxyAddress(base));
		const {answer: reply} = await send(context, `${base}/sumdb/${name}/supported`, sender, signal);
		said.push(...sender.said);
		const shown = candidate.entry.display ?? candidate.entry.raw;
		if (!reply.ok) {
			said.push(`${shown}/sumdb/${name}/supported: ${failureText(reply.failure)}`);
			return 'error';
		}
		said.push(`${shown}/sumdb/${name}/supported: ${reply.line}`);
		return reply.status === 200 ? 'serves' : reply.status === 404 || reply.status === 410 ? 'not-found' : 'error';
	};
	// GOSUMDB "name URL" (or an unusable GOSUMDB) decides without any proxy.
	const before = followSumdb(route, [], () => undefined);
	if (before.kind !== 'direct' || before.url !== `https://${before.name}`) return {sumdb: before, said};
	// Asked in order, as go does, until the walk is decided.
	for (let index = 0; index < candidates.length; index++) {
		answers[index] = await ask(index);
		const sumdb = followSumdb(route, candidates.slice(0, index + 1), i => answers[i]);
		if (sumdb.kind !== 'direct' || index === candidates.length - 1) return {sumdb: followSumdb(route, candidates, i => answers[i]), said};
	}
	return {sumdb: followSumdb(route, candidates, i => answers[i]), said};
}
