// The route go takes for one module through GOPROXY, and where it verifies the module's checksum. A port of
// cmd/go/internal/modfetch: proxy.go proxyList/TryProxies, repo.go lookup, sumdb.go useSumDB/dbDial/initBase
// (docs/go.md §3.2–§3.4). Read in /usr/lib/go-1.19, 1.23 and 1.24/src: the walk is the same code in all three
// releases; 1.24 only adds GOAUTH to how the credentials of each request are found, and moves the GOSUMDB=off test
// into dbDial (useSumDB already stops before it, so the route is the same).
//
// - proxyList: a non-empty GONOPROXY (GOPRIVATE by default) adds an implicit "noproxy" entry first unless
//   GOPROXY=direct; "direct" and "off" end the list; the separator after an entry decides its fallBackOnError.
// - lookup: a module matching GONOPROXY is fetched direct by "noproxy" (or "direct"); every proxy entry answers
//   errNoproxy (not found) for it, without a request. Otherwise "noproxy" answers errUseProxy and the walk goes on.
// - TryProxies: an entry that serves ends the walk; an error counts as "not found" only for HTTP 404 or 410
//   (web.HTTPError.Is); after any other error go stops unless the entry was followed by '|'.
// - initBase: the checksum database is reached through the first proxy answering 200 to <proxy>/sumdb/<name>/supported,
//   the same walk with the same fallback rules; "noproxy" is skipped whatever the module; "direct", "off" or the end
//   of the list mean the database's own URL; GOSUMDB "name+key URL" bypasses the proxies.
import type {Platform} from '../system/types.js';
import {parseGoproxy, planModuleFetch, type FetchPlan, type GoSettingsForPrivacy, type ProxyEntry} from './goproxy.js';
import {firstMatchingPattern} from './private-patterns.js';
import {parseGitlabProxy} from './gitlab-proxy-url.js';

/**
 * Who runs a proxy, which decides whether the tool may ask it about the module:
 * public (a proxy anyone uses: it must never learn a private module path), gitlab (GitLab's own Go proxy on the
 * module's host), company (any other http(s) proxy: go sends it the path anyway), file (a directory on disk).
 */
export type ProxyKind = 'public' | 'gitlab' | 'company' | 'file';

export type RouteProxy = {entry: ProxyEntry; kind: ProxyKind; host: string};

export type Route = {
	/** GONOPROXY (or GOPRIVATE, its default) covers the module: "noproxy" fetches it direct and no proxy is asked. */
	bypass?: {variable: 'GONOPROXY' | 'GOPRIVATE'; pattern: string};
	/** The proxies go asks for the module, in order (empty with a bypass). */
	proxies: RouteProxy[];
	/** What comes after the last proxy: the direct route, "off", or nothing. */
	end: 'direct' | 'off' | 'none';
	/** The privacy plan of the same settings (checksum database, GOINSECURE, ignored entries). */
	plan: FetchPlan;
	/** Go's error when GOPROXY cannot be used at all. */
	error?: string;
};

/** Proxies run for everyone: they must never receive a module path that may be private. Host, or host + path prefix. */
export const publicProxies: readonly string[] = [
	'proxy.golang.org',
	'goproxy.io',
	'goproxy.cn',
	'proxy.golang.com.cn',
	'goproxy.dev',
	'gocenter.io',
	'goproxy.baidu.com',
	'mirrors.aliyun.com/goproxy',
	'mirrors.tencent.com/go',
	'repo.huaweicloud.com/repository/goproxy',
	'mirrors.cloud.tencent.com/go',
];

/** Public checksum databases (and their mirrors): never asked about a module that may be private. */
export const publicSumdbs: readonly string[] = ['sum.golang.org', 'sum.golang.google.cn', 'gosum.io'];

/** scheme, host[:port] (lower case), userinfo and path of a GOPROXY URL: the one parser of proxy addresses. */
export function proxyAddress(url: string): {scheme: string; host: string; userinfo?: string; path: string} {
	const match = /^([a-z][a-z0-9+.-]*):\/\/([^/?#]*)([^?#]*)/i.exec(url);
	const authority = match?.[2] ?? '';
	const at = authority.lastIndexOf('@');
	return {
		scheme: (match?.[1] ?? '').toLowerCase(),
		host: (at >= 0 ? authority.slice(at + 1) : authority).toLowerCase(),
		...(at >= 0 ? {userinfo: authority.slice(0, at)} : {}),
		path: (match?.[3] ?? '').replace(/\/+$/, ''),
	};
}

export function isPublicProxy(url: string): boolean {
	const {host, path} = proxyAddress(url);
	const bare = host.replace(/:443$/, '');
	return publicProxies.some(known => {
		const slash = known.indexOf('/');
		return slash < 0 ? bare === known : bare === known.slice(0, slash) && (path === known.slice(slash) || path.startsWith(`${known.slice(slash)}/`));
	});
}

export function proxyKind(url: string, moduleHost: string): ProxyKind {
	if (url.startsWith('file:')) return 'file';
	if (isPublicProxy(url)) return 'public';
	const gitlab = parseGitlabProxy(url);
	if (gitlab && gitlab.host.replace(/:\d+$/, '') === moduleHost.toLowerCase()) return 'gitlab';
	return 'company';
}

/** The route of `module` through these settings, before any proxy is asked. */
export function routeOf(settings: GoSettingsForPrivacy, module: string, platform?: Platform): Route {
	const plan = planModuleFetch(settings, module, platform);
	const parsed = parseGoproxy(settings.GOPROXY, platform);
	const moduleHost = (module.split('/')[0] ?? module).toLowerCase();
	if (plan.error !== undefined) return {proxies: [], end: 'none', plan, error: plan.error};
	const pattern = firstMatchingPattern(plan.effectiveGonoproxy, module);
	if (pattern !== undefined) {
		// GOPROXY=direct adds no "noproxy" entry, but "direct" itself fetches it the same way.
		return {bypass: {variable: settings.GONOPROXY !== '' ? 'GONOPROXY' : 'GOPRIVATE', pattern}, proxies: [], end: 'direct', plan};
	}
	const proxies: RouteProxy[] = [];
	let end: Route['end'] = 'none';
	for (const entry of parsed.entries) {
		if (entry.kind !== 'proxy') {
			end = entry.kind;
			break;
		}
		proxies.push({entry, kind: proxyKind(entry.url!, moduleHost), host: proxyAddress(entry.url!).host});
	}
	return {proxies, end, plan};
}

/** What one proxy answered for the module: serves it, 404/410, or any other error (status, TLS, DNS, timeout). */
export type ProxyAnswer = 'serves' | 'not-found' | 'error';

export type RouteOutcome =
	/** The proxy at `at` serves the module: go downloads it there. */
	| {kind: 'served'; at: number}
	/** Every proxy before it let go move on: go fetches the module from its VCS (go-import, git). */
	| {kind: 'direct'}
	/** The proxy at `at` failed with an error its separator does not pass over (',' or the last entry): go stops. */
	| {kind: 'stopped'; at: number}
	/** Every proxy answered not found (or passed on an error with '|'), and no "direct" follows: go fails. */
	| {kind: 'exhausted'; end: 'off' | 'none'}
	/** The walk reached a proxy whose answer is not known (not asked): the rest depends on it. */
	| {kind: 'unknown'; at: number};

/** Follows TryProxies over the route, given what each proxy answers (undefined: not known). */
export function followRoute(route: Route, answerAt: (index: number) => ProxyAnswer | undefined): RouteOutcome {
	if (route.error !== undefined) return {kind: 'exhausted', end: 'none'};
	for (let index = 0; index < route.proxies.length; index++) {
		const answer = answerAt(index);
		if (answer === undefined) return {kind: 'unknown', at: index};
		if (answer === 'serves') return {kind: 'served', at: index};
		if (answer === 'error' && route.proxies[index]!.entry.fallback !== 'any-error') return {kind: 'stopped', at: index};
	}
	return route.end === 'direct' ? {kind: 'direct'} : {kind: 'exhausted', end: route.end};
}

/** What go meets at a public proxy for a module it cannot fetch (an internal GitLab): 404/410 "not found". */
export function predictedAnswer(proxy: RouteProxy): ProxyAnswer | undefined {
	return proxy.kind === 'public' ? 'not-found' : undefined;
}

/** How go reaches the checksum database, if it consults one for this module. */
export type SumdbRoute =
	| {kind: 'not-consulted'; reason: string}
	| {kind: 'unusable'; error: string}
	/** Through the proxy at `at` (it answered 200 to /sumdb/<name>/supported), or straight to `url`. */
	| {kind: 'via-proxy'; name: string; at: number; url: string}
	| {kind: 'direct'; name: string; url: string}
	/** The /supported request at `at` failed with an error its separator does not pass over: "verifying" fails. */
	| {kind: 'stopped'; name: string; at: number}
	| {kind: 'unknown'; name: string; at: number};

/** The proxies go asks `/sumdb/<name>/supported`, in GOPROXY order: every proxy before direct/off, whatever GONOPROXY says. */
export function sumdbCandidates(settings: Pick<GoSettingsForPrivacy, 'GOPROXY'>, module: string, platform?: Platform): RouteProxy[] {
	const moduleHost = (module.split('/')[0] ?? module).toLowerCase();
	const candidates: RouteProxy[] = [];
	for (const entry of parseGoproxy(settings.GOPROXY, platform).entries) {
		if (entry.kind !== 'proxy') break;
		candidates.push({entry, kind: proxyKind(entry.url!, moduleHost), host: proxyAddress(entry.url!).host});
	}
	return candidates;
}

/** Follows initBase, given what each candidate answers to /sumdb/<name>/supported ('serves' = 200). */
export function followSumdb(route: Route, candidates: RouteProxy[], supportedAt: (index: number) => ProxyAnswer | undefined): SumdbRoute {
	const {sumdb} = route.plan;
	if (!sumdb.consulted) return {kind: 'not-consulted', reason: sumdb.reason};
	if (sumdb.error !== undefined || sumdb.name === undefined) return {kind: 'unusable', error: sumdb.error ?? 'missing GOSUMDB'};
	const name = sumdb.name;
	const direct = `https://${name}`;
	// "name+key URL": that URL, never a proxy.
	if (sumdb.via?.length === 1 && sumdb.via[0] !== direct) return {kind: 'direct', name, url: sumdb.via[0]!};
	for (let index = 0; index < candidates.length; index++) {
		const answer = supportedAt(index);
		if (answer === undefined) return {kind: 'unknown', name, at: index};
		if (answer === 'serves') return {kind: 'via-proxy', name, at: index, url: `${candidates[index]!.entry.url!.replace(/\/+$/, '')}/sumdb/${name}`};
		if (answer === 'error' && candidates[index]!.entry.fallback !== 'any-error') return {kind: 'stopped', name, at: index};
	}
	return {kind: 'direct', name, url: direct};
}

/** The variable that keeps the module away from the checksum database, when one does. */
export function sumdbCover(settings: GoSettingsForPrivacy, module: string): {variable: 'GONOSUMDB' | 'GOPRIVATE'; pattern: string} | undefined {
	const variable = settings.GONOSUMDB !== '' ? 'GONOSUMDB' : 'GOPRIVATE';
	const pattern = firstMatchingPattern(settings[variable], module);
	return pattern === undefined ? undefined : {variable, pattern};
}
