// The go-proxy check's probes: one module proxy asked for the module the way go asks it (docs/go.md §3.3):
// `<module>/@v/list`, then the chosen version's `.info` (or `@latest` when the list is empty), with the credentials go
// sends to that proxy host (.netrc, or none under GOAUTH without netrc on Go 1.24+; never over http://).
import type {CheckContext} from '../engine/types.js';
import type {GitlabProxyUrl} from '../rules/gitlab-proxy-url.js';
import {followSumdb, proxyAddress, type ProxyAnswer, type ProxyKind, type Route, type RouteProxy, type SumdbRoute} from '../rules/go-route.js';
import type {ProxyEntry} from '../rules/goproxy.js';
import {askableModulePaths, candidateModulePaths} from '../rules/module-path.js';
import type {HttpFailure, HttpResult} from '../system/types.js';
import {failureText, goUserAgent, statusLine} from './gitlab-api.js';
import type {GoEnvData} from '../engine/check-data.js';
import type {NetrcCredential} from '../engine/check-data.js';
import {goCredentialFor} from './netrc-files.js';

/** Go's module path escaping for proxy URLs (golang.org/x/mod/module.EscapePath): an upper-case letter becomes '!' + lower case. */
export function escapeModulePath(path: string): string {
	return path.replace(/[A-Z]/g, letter => `!${letter.toLowerCase()}`);
}

export type ProxyReply =
	| {kind: 'found'; versions: string[]; version: string; url: string; message: string}
	| {kind: 'not-found'; status: number; message: string; url: string; body: unknown}
	| {kind: 'error'; status?: number; message: string; url: string; body?: unknown; failure?: HttpFailure};

export type SentCredential = {login: string; password: string; source: string; netrc?: NetrcCredential};

export type ProxyCredential = {credential?: SentCredential; note?: string; /** The file Go reads .netrc from, for fixes that add an entry. */ netrcFile?: string};

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

async function get(context: CheckContext, url: string, credential: SentCredential | undefined, signal: AbortSignal): Promise<{ok: true; status: number; body: string; json: unknown; line: string} | {ok: false; failure: HttpFailure}> {
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
	return {ok: true, status: response.status, body: response.body, json, line: statusLine(response)};
}

/** One request's answer as go judges it: 200, "not found" (404/410: web.HTTPError.Is(fs.ErrNotExist)) or an error. */
async function ask(context: CheckContext, url: string, credential: SentCredential | undefined, signal: AbortSignal): Promise<{kind: 'ok'; body: string; json: unknown} | Exclude<ProxyReply, {kind: 'found'}>> {
	const answer = await get(context, url, credential, signal);
	if (!answer.ok) return {kind: 'error', message: failureText(answer.failure), url, failure: answer.failure};
	if (answer.status === 200) return {kind: 'ok', body: answer.body, json: answer.json};
	// The server's words, one line, without control characters (a foreign answer never drives the terminal).
	const text = (answer.json !== undefined ? JSON.stringify(answer.json) : answer.body.trim().split('\n')[0]?.slice(0, 300) ?? '').replace(/[\u0000-\u001f\u007f-\u009f]/g, '?');
	// "401 Unauthorized", then the server's words when they say more than the status line does.
	const message = `${answer.line}${text && !answer.line.endsWith(text) ? ` ${text}` : ''}`;
	if (answer.status === 404 || answer.status === 410) return {kind: 'not-found', status: answer.status, message, url, body: answer.json};
	return {kind: 'error', status: answer.status, message, url, body: answer.json};
}

/** `@v/list`, then the version go would take (`.info`), or `@latest` when the list is empty (proxy.go Versions, Latest, Stat). */
async function askPath(context: CheckContext, base: string, path: string, credential: SentCredential | undefined, signal: AbortSignal): Promise<ProxyReply> {
	const root = `${base}/${escapeModulePath(path)}`;
	const listUrl = `${root}/@v/list`;
	const list = await ask(context, listUrl, credential, signal);
	if (list.kind !== 'ok') return list;
	const versions = list.body
		.split('\n')
		.map(line => line.trim().split(/\s+/)[0] ?? '')
		.filter(line => line !== '');
	const latest = latestOf(versions);
	const infoUrl = latest ? `${root}/@v/${escapeModulePath(latest)}.info` : `${root}/@latest`;
	const info = await ask(context, infoUrl, credential, signal);
	if (info.kind !== 'ok') {
		// An empty list and no @latest: "no matching versions", which go counts as not found.
		if (!latest && info.kind === 'not-found') return {...info, message: `200 with an empty version list, then ${info.message} for @latest`};
		return info;
	}
	const fields = typeof info.json === 'object' && info.json !== null ? (info.json as Record<string, unknown>) : {};
	const version = latest ?? (typeof fields['Version'] === 'string' ? fields['Version'] : '?');
	return {kind: 'found', versions: versions.length > 0 ? versions : [version], version, url: listUrl, message: `200 OK: ${versions.join(' ') || `@latest ${version}`}`};
}

/** The module itself first; the shorter module paths go also tries (docs/go.md §5.1) only when it is not there. */
export async function askModule(context: CheckContext, base: string, credential: SentCredential | undefined, signal: AbortSignal): Promise<ProxyReply> {
	const module = context.target.module;
	const first = await askPath(context, base, module, credential, signal);
	if (first.kind !== 'not-found') return first;
	const prefixes = askableModulePaths(candidateModulePaths(module)).filter(path => path !== module && path.includes('/'));
	const answers = await Promise.all(prefixes.map(path => askPath(context, base, path, credential, signal)));
	return answers.find(answer => answer.kind === 'found') ?? first;
}

function decode(text: string): string {
	try {
		return decodeURIComponent(text);
	} catch {
		return text;
	}
}

/** The credentials go sends to a proxy: the .netrc entry for its host[:port], else the userinfo written in GOPROXY. */
export async function credentialFor(context: CheckContext, goEnv: GoEnvData | undefined, proxy: {scheme: string; host: string; userinfo?: string}): Promise<ProxyCredential> {
	// Go never sends credentials over plain http (docs/go.md §1.4).
	if (proxy.scheme !== 'https') return {note: 'Go sends no credentials to an http:// proxy.'};
	const go = await goCredentialFor(context, goEnv, proxy.host);
	const place = go.files.go.path ? {netrcFile: go.files.go.path} : {};
	const note = go.note ? {note: go.note} : {};
	if (go.credential) {
		context.secrets.add(go.credential.password);
		return {credential: {login: go.credential.login, password: go.credential.password, source: go.credential.line > 0 ? `${go.credential.file}:${go.credential.line}` : go.credential.file, netrc: go.credential}, ...place, ...note};
	}
	// Without a .netrc match, net/http sends the userinfo written in the proxy URL.
	if (proxy.userinfo !== undefined) {
		const colon = proxy.userinfo.indexOf(':');
		const login = decode(colon < 0 ? proxy.userinfo : proxy.userinfo.slice(0, colon));
		const password = colon < 0 ? '' : decode(proxy.userinfo.slice(colon + 1));
		context.secrets.add(password);
		context.secrets.add(proxy.userinfo.slice(colon + 1));
		if (colon < 0) context.secrets.add(login);
		return {credential: {login, password, source: 'the userinfo in GOPROXY'}, ...place, ...note};
	}
	return {...place, ...note};
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
		const {credential} = await credentialFor(context, goEnv, proxyAddress(base));
		const reply = await get(context, `${base}/sumdb/${name}/supported`, credential, signal);
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
