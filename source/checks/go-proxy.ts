// go-proxy: the route go takes through GOPROXY for this module, asked live. Every proxy go would ask — a company proxy
// (Athens, Artifactory, Nexus, goproxy), GitLab's own Go proxy — is asked as go asks it, with the credentials go sends
// to its host; public proxies (proxy.golang.org and the like) are never sent the path of a module that may be
// private, and are judged from the settings: they answer 404/410 for a module on a host they cannot reach. The walk is
// the route model's (rules/go-route.ts; docs/go.md §3.2–§3.4). The outcome also tells the engine whether go ever
// reaches the direct route, so the go-import and git steps judge only when go meets them.
import {maskSecret} from '../engine/redact.js';
import type {GitlabProxy, GoEnvData, GoProxyData} from '../engine/check-data.js';
import {type CheckContext, type Fix, type Outcome, type RouteDecision, defineCheck} from '../engine/types.js';
import {parseGitlabProxy} from '../rules/gitlab-proxy-url.js';
import {followRoute, predictedAnswer, proxyAddress, routeOf, sumdbCandidates, type SumdbRoute, type ProxyAnswer, type Route, type RouteOutcome, type RouteProxy} from '../rules/go-route.js';
import {formatGoproxy, goproxyWithEntriesBeforeEnd, parseGoproxy, type GoSettingsForPrivacy, type ProxyEntry} from '../rules/goproxy.js';
import {askModule, askSumdbRoute, credentialFor, type Asked} from './go-proxy-ask.js';
import {explainProxy} from './go-proxy-explain.js';
import {goproxyFix, sumdbProblem} from './go-proxy-fixes.js';
import {ownSetting, setting} from './go-env.js';

export {escapeModulePath} from './go-proxy-ask.js';
export {parseGitlabProxy} from '../rules/gitlab-proxy-url.js';

function separatorWord(entry: ProxyEntry): string {
	return entry.fallback === 'any-error' ? "'|'" : entry.fallback === 'not-found' ? "','" : '';
}

export function entryName(entry: ProxyEntry | undefined): string {
	if (!entry) return 'nothing';
	return entry.kind === 'proxy' ? (entry.display ?? entry.raw) : entry.kind;
}

/** What Go does after this entry answered, in words (docs/go.md §3.3). */
export function nextStep(entries: ProxyEntry[], index: number, notFound: boolean): {goesOn: boolean; text: string} {
	const entry = entries[index]!;
	const next = entries[index + 1];
	if (entry.fallback === 'none' || !next) return {goesOn: false, text: 'It is the last GOPROXY entry, so go get stops with this answer.'};
	if (notFound) return {goesOn: true, text: `The ${separatorWord(entry)} after it lets Go try the next entry, ${entryName(next)}, after a 404 or 410.`};
	if (entry.fallback === 'any-error') return {goesOn: true, text: `The '|' after it makes Go try the next entry, ${entryName(next)}, after any error.`};
	return {
		goesOn: false,
		text: `The ',' after it lets Go move on only after a 404 or 410, so go get stops here (with '|' instead, Go would try ${entryName(next)} next).`,
	};
}

const kindWords: Record<RouteProxy['kind'], string> = {public: 'the public proxy', gitlab: "GitLab's Go proxy", company: 'the module proxy', file: 'the proxy directory'};

export const goProxyCheck = defineCheck({
	id: 'go-proxy',
	title: 'GOPROXY route',
	needs: ['go-env'],
	reads: ['netrc-file'],
	local: false,
	decidesRoute: true,
	// Per proxy: @v/list and .info for the module, then its shorter paths; then up to a few GitLab project lookups.
	timeLimitMs: options => options.timeoutMs * 8 + 2000,
	async run(context, upstream, signal): Promise<Outcome<GoProxyData>> {
		const goEnv = upstream.data('go-env');
		const module = context.target.module;
		const goproxy = setting(goEnv, 'GOPROXY');
		const settings = {
			GOPROXY: goproxy,
			GONOPROXY: ownSetting(goEnv, 'GONOPROXY'),
			GONOSUMDB: ownSetting(goEnv, 'GONOSUMDB'),
			GOPRIVATE: setting(goEnv, 'GOPRIVATE'),
			GOSUMDB: setting(goEnv, 'GOSUMDB'),
			GOINSECURE: setting(goEnv, 'GOINSECURE'),
		};
		const route = routeOf(settings, module, context.system.platform);
		const parsed = parseGoproxy(goproxy, context.system.platform);
		const proxies: GitlabProxy[] = parsed.entries.flatMap(entry => {
			const gitlab = entry.kind === 'proxy' && entry.url ? parseGitlabProxy(entry.url) : undefined;
			return gitlab ? [{display: entry.display ?? entry.raw, host: gitlab.host, projectId: gitlab.projectId}] : [];
		});
		// Userinfo in a GOPROXY URL is a credential: a password, or a lone user name that is usually a token.
		for (const entry of parsed.entries) {
			const userinfo = entry.url ? proxyAddress(entry.url).userinfo : undefined;
			if (userinfo !== undefined) context.secrets.add(userinfo.includes(':') ? userinfo.slice(userinfo.indexOf(':') + 1) : userinfo);
		}
		const shown = formatGoproxy(parsed.entries.map(entry => ({raw: entry.kind === 'proxy' ? (entry.display ?? entry.raw) : entry.raw, fallback: entry.fallback})));
		const evidence: Record<string, unknown> = {GOPROXY: shown || goproxy.replace(/\/\/[^/@]*@/g, '//xxxxx@') || '(empty)'};
		const direct: RouteDecision = {direct: true, summary: '', details: []};

		if (route.error !== undefined) {
			return {
				status: 'skip',
				summary: `Go cannot use GOPROXY at all (${route.error}); see the private-module step`,
				evidence,
				data: {proxies, outcome: 'not-reached'},
				route: {direct: false, summary: `go cannot use GOPROXY (${route.error}), so it fetches nothing`, details: []},
			};
		}
		if (route.bypass) {
			const {variable, pattern} = route.bypass;
			const named = proxies.length > 0 ? 'the GitLab Go proxy' : route.plan.ignoredProxyEntries.length > 0 || parsed.entries.some(entry => entry.kind === 'proxy') ? 'the GOPROXY proxies' : 'a proxy';
			return {
				status: 'skip',
				summary: `${variable} covers ${module}: Go fetches it straight from GitLab with git and never asks ${named}`,
				details: [
					`${variable === 'GOPRIVATE' ? 'GONOPROXY is empty, so it defaults to GOPRIVATE' : 'GONOPROXY'} (pattern ${JSON.stringify(pattern)}) makes Go skip every GOPROXY entry for this module (docs/go.md §3.2, §3.3).`,
					...(parsed.entries.some(entry => entry.kind === 'proxy')
						? ["To fetch it through a module proxy instead, list it in GONOSUMDB (which keeps it away from the checksum database) and not in GOPRIVATE or GONOPROXY, as GitLab's Go proxy docs do."]
						: []),
				],
				evidence,
				data: {proxies, outcome: 'not-reached'},
				route: direct,
			};
		}
		const stranded = route.plan.ignoredProxyEntries.filter(raw => !/^(direct|off)$/.test(raw));
		const asked = await walk(context, goEnv, route, parsed.entries, signal);
		const outcome = followRoute(route, index => asked[index]?.verdict);
		const judged = await judge(context, goEnv, settings, route, parsed.entries, asked, outcome, evidence, proxies, signal);
		if (stranded.length > 0 && (judged.status === 'skip' || judged.status === 'pass')) {
			const stop = parsed.entries.at(-1)?.kind ?? 'direct';
			return {
				...judged,
				status: judged.status === 'pass' ? 'pass' : 'warn',
				reason: judged.status === 'pass' ? undefined : 'goproxy-entries-after-end',
				summary: judged.status === 'pass' ? judged.summary : `GOPROXY lists ${stranded.join(', ')} after "${stop}": Go never reads entries after ${stop}`,
				details: [`Go stops reading GOPROXY at "direct" or "off" (docs/go.md §3.3), so ${stranded.join(', ')} is never asked.`, ...(judged.details ?? [])],
				fixes: [...(judged.fixes ?? []), goproxyFix(goEnv, `Put ${stranded.join(', ')} before ${stop}`, goproxyWithEntriesBeforeEnd(parsed.entries, stranded))],
			};
		}
		return judged;
	},
});

type Walked = {asked?: Asked; verdict: ProxyAnswer | undefined; predicted?: boolean};

/** Asks each proxy of the route in order, as go would, until one decides the walk (public ones are predicted, never asked). */
async function walk(context: CheckContext, goEnv: GoEnvData | undefined, route: Route, entries: ProxyEntry[], signal: AbortSignal): Promise<Walked[]> {
	const walked: Walked[] = [];
	for (const [index, proxy] of route.proxies.entries()) {
		const predicted = predictedAnswer(proxy);
		if (predicted !== undefined || proxy.kind === 'file') {
			walked.push({verdict: predicted, predicted: true});
			if (predicted === undefined) break;
			continue;
		}
		const url = proxy.entry.url!;
		const gitlab = proxy.kind === 'gitlab' ? parseGitlabProxy(url) : undefined;
		const {netrcFile, sender} = await credentialFor(context, goEnv, proxyAddress(url));
		const answer = await askModule(context, url.replace(/\/+$/, ''), sender, signal);
		// The credential of the request that decided, which a GOAUTH retry after a 4xx may have changed.
		const credential = answer.sent;
		const retries = sender.said.length > 0 ? {goauthRetries: sender.said} : {};
		const asked: Asked = {goEnv, entries, entry: entries[index] ?? proxy.entry, index, kind: proxy.kind, ...(gitlab ? {gitlab} : {}), answer, ...(credential ? {credential} : {}), ...(netrcFile ? {netrcFile} : {}), ...retries};
		const verdict: ProxyAnswer = answer.kind === 'found' ? 'serves' : answer.kind;
		walked.push({asked, verdict});
		const next = followRoute({...route, proxies: route.proxies.slice(0, index + 1)}, i => walked[i]?.verdict);
		if (next.kind === 'served' || next.kind === 'stopped') break;
	}
	return walked;
}

function sentWith(asked: Asked): string {
	return asked.credential ? `with ${asked.credential.login} / ${maskSecret(asked.credential.password)} from ${asked.credential.source}` : 'without credentials';
}

function nameOf(proxy: RouteProxy | Asked): string {
	return proxy.entry.display ?? proxy.entry.raw;
}

/** The verdict, from where the walk ended. */
async function judge(
	context: CheckContext,
	goEnv: GoEnvData | undefined,
	settings: GoSettingsForPrivacy,
	route: Route,
	entries: ProxyEntry[],
	walked: Walked[],
	outcome: RouteOutcome,
	evidence: Record<string, unknown>,
	proxies: GitlabProxy[],
	signal: AbortSignal,
): Promise<Outcome<GoProxyData>> {
	const module = context.target.module;
	const steps = walked.map((step, index) => {
		const proxy = route.proxies[index]!;
		if (!step.asked) {
			return step.verdict === 'not-found'
				? `${nameOf(proxy)} (public): not asked, so it never learns the path; for a module on a host it cannot reach it answers 404/410 "not found", and go moves on`
				: `${nameOf(proxy)}: a directory go reads itself; not asked by this tool`;
		}
		const {answer} = step.asked;
		if (answer.kind === 'found') return `${nameOf(proxy)} (${sentWith(step.asked)}): lists ${answer.versions.join(', ')}; ${answer.version} answers 200`;
		return `${nameOf(proxy)} (${sentWith(step.asked)}): ${answer.message}. ${nextStep(entries, step.asked.index, answer.kind === 'not-found').text}`;
	});
	if (outcome.kind === 'direct' && route.end === 'direct') steps.push('direct: go fetches the module from GitLab with git (the go-import and git steps check that path)');
	if (outcome.kind === 'exhausted' && outcome.end === 'off') steps.push('off: go stops with "module lookup disabled by GOPROXY=off"');
	evidence['steps'] = steps;
	const asked = walked.flatMap(step => (step.asked ? [step.asked] : []));
	for (const record of asked) evidence[`asked ${nameOf(record)}`] = `GET ${record.answer.url.replace(/^(https?:\/\/)[^/]*@/, '$1')} → ${record.answer.kind === 'found' ? `200: ${record.answer.versions.join(' ')}` : record.answer.message}`;
	for (const record of asked) if (record.goauthRetries) evidence[`GOAUTH after a 4xx from ${nameOf(record)}`] = record.goauthRetries;
	const sumdbWay = route.plan.sumdb.consulted ? await askSumdbRoute(context, goEnv, route, sumdbCandidates(settings, module, context.system.platform), signal) : undefined;
	if (sumdbWay && sumdbWay.said.length > 0) evidence['checksum database'] = sumdbWay.said;
	const sumdb = sumdbProblem(goEnv, route.plan, module, sumdbWay ? sumdbWords(sumdbWay.sumdb, sumdbCandidates(settings, module, context.system.platform)) : undefined);
	const sumdbDetails = sumdb ? [sumdb.detail] : [];
	const sumdbFixes = sumdb ? [sumdb.fix] : [];
	const data = (kind: GoProxyData['outcome'], extra: Partial<GoProxyData> = {}): GoProxyData => ({proxies, outcome: kind, ...extra});

	if (asked.length === 0) {
		// Nothing this tool may ask: public proxies (predicted), a directory, or no proxy at all.
		const publicOnes = route.proxies.filter(proxy => proxy.kind === 'public').map(nameOf);
		const reaches = outcome.kind === 'direct';
		const summary =
			route.proxies.length === 0
				? `GOPROXY=${route.end === 'off' ? 'off: go asks no proxy and fetches nothing' : `${route.end}: go asks no proxy, it fetches ${module} from GitLab with git`}`
				: publicOnes.length === route.proxies.length
					? `GOPROXY names only public proxies (${publicOnes.join(', ')}): never asked about a private module; they answer 404/410 for it, so go ${reaches ? 'goes on to direct' : 'finds it nowhere'}`
					: `GOPROXY starts with ${nameOf(route.proxies[walked.length - 1]!)}, which this tool cannot ask`;
		return {
			status: outcome.kind === 'unknown' ? 'warn' : 'skip',
			reason: 'go-proxy-cannot-ask',
			summary,
			details: [...steps, 'The private-module step judges whether a public proxy learns the module path and whether go fetches it at all.'],
			evidence,
			data: data(reaches ? 'direct' : 'not-reached'),
			route: routeDecision(route, entries, walked, outcome),
		};
	}

	if (outcome.kind === 'served') {
		const served = walked[outcome.at]!.asked!;
		const answer = served.answer as Extract<Asked['answer'], {kind: 'found'}>;
		const earlier = asked.filter(record => record !== served).map(record => `Before it, ${nameOf(record)} answered ${record.answer.message}, and Go moved on.`);
		const who = served.kind === 'gitlab' ? `GitLab's Go proxy ${nameOf(served)}` : nameOf(served);
		const details = [...earlier, ...(served.kind === 'company' ? [`It holds its own credentials for GitLab: go never contacts ${module.split('/')[0]} for this module, so .netrc, go-import and git do not matter on this route.`] : [])];
		const result = data('served', {servedBy: nameOf(served), versions: answer.versions});
		if (sumdb) {
			return {
				status: 'fail',
				reason: 'checksum-database',
				summary: `${who} serves ${module} (${answer.version}), but Go then verifies it against the checksum database ${route.plan.sumdb.name ?? 'sum.golang.org'}, which cannot know a private module`,
				details: [sumdb.detail, ...details],
				evidence,
				fixes: [sumdb.fix],
				data: result,
				route: routeDecision(route, entries, walked, outcome),
			};
		}
		const count = `${answer.versions.length} version${answer.versions.length === 1 ? '' : 's'}`;
		return {
			status: 'pass',
			summary: `${who} lists ${count} of ${module} (newest ${answer.version}) ${served.credential ? `for ${served.credential.login}` : 'without credentials'}: go downloads it there`,
			details: [route.plan.sumdb.reason, ...details],
			evidence,
			data: result,
			route: routeDecision(route, entries, walked, outcome),
		};
	}

	const why = outcome.kind === 'stopped' ? walked[outcome.at]!.asked! : asked.find(record => record.answer.kind !== 'found') ?? asked[0]!;
	const reason = await explainProxy(context, why, signal);
	if (outcome.kind === 'direct' || outcome.kind === 'unknown') {
		// Go goes on to git: the proxy is only a detour. The checksum database still stops Go after a direct fetch.
		return {
			status: sumdb ? 'fail' : 'warn',
			reason: sumdb ? 'checksum-database' : 'go-proxy-falls-back-to-git',
			summary: sumdb
				? `${reason.summary}; Go falls back to git, then checks ${module} against the public checksum database, which fails`
				: `${reason.summary}; Go falls back to fetching with git`,
			details: [...reason.details, 'Go falls back to "direct": it fetches the module from GitLab with git, which the go-import and git steps check.', ...sumdbDetails],
			evidence,
			fixes: [...sumdbFixes, ...reason.fixes],
			data: data('direct'),
			route: routeDecision(route, entries, walked, outcome),
		};
	}
	const stopText =
		outcome.kind === 'exhausted' && outcome.end === 'off'
			? 'then GOPROXY says off, so go get fails with "module lookup disabled by GOPROXY=off"'
			: outcome.kind === 'stopped'
				? `go get fails with "${goReadingError(why)}"`
				: `no entry is left, so go get fails with "${goReadingError(why)}"`;
	return {
		status: 'fail',
		reason: outcome.kind === 'exhausted' && outcome.end === 'off' ? 'goproxy-off' : proxyAnswerReason(why),
		summary: `${reason.summary}; ${stopText}`,
		details: [...reason.details, nextStep(entries, why.index, why.answer.kind === 'not-found').text, ...sumdbDetails],
		evidence,
		fixes: [...reason.fixes, ...walkFixes(goEnv, entries, why, outcome), ...sumdbFixes],
		data: data('stopped'),
		route: routeDecision(route, entries, walked, outcome),
	};
}

/** Fixes to the walk itself: '|' instead of ',' so an error passes on, or `direct` at the end. */
function walkFixes(goEnv: GoEnvData | undefined, entries: ProxyEntry[], why: Asked, outcome: RouteOutcome): Fix[] {
	const fixes: Fix[] = [];
	if (outcome.kind === 'stopped' && why.entry.fallback === 'not-found') {
		const value = entries.map((entry, index) => ({raw: entry.raw, fallback: index === why.index ? ('any-error' as const) : entry.fallback}));
		fixes.push(goproxyFix(goEnv, `Or let go move on after any error of ${nameOf(why)} ('|' instead of ',')`, formatGoproxy(value)));
	}
	if (outcome.kind === 'exhausted' && outcome.end === 'none' && why.kind !== 'gitlab') {
		fixes.push(goproxyFix(goEnv, 'Or let go fall back to GitLab itself (git) when no proxy has the module: add direct', formatGoproxy([...entries.map(entry => ({raw: entry.raw, fallback: entry.fallback === 'none' ? ('not-found' as const) : entry.fallback})), {raw: 'direct', fallback: 'none' as const}])));
	}
	return fixes;
}

/** How Go words a proxy's answer: `reading <url>: 404 Not Found`. */
function goReadingError(asked: Asked): string {
	const {answer} = asked;
	return `reading ${answer.url.replace(/^(https?:\/\/)[^/]*@/, '$1')}: ${answer.message.split(' {')[0]}`;
}

/** Whether go meets the direct route, and if not why, for the steps that judge that route. */
function routeDecision(route: Route, entries: ProxyEntry[], walked: Walked[], outcome: RouteOutcome): RouteDecision {
	switch (outcome.kind) {
		case 'direct':
		case 'unknown':
			return {direct: true, summary: '', details: []};
		case 'served': {
			const served = walked[outcome.at]!.asked!;
			const next = nextStep(entries, served.index, true);
			return {
				direct: false,
				summary: `${kindWords[served.kind]} ${nameOf(served)} serves the module, so go never fetches it from GitLab with git`,
				details: [`If it stopped serving the module (404 or 410): ${next.goesOn ? next.text.replace(/^The /, 'the ') : 'it is the last GOPROXY entry, so go get would fail there; this step would matter only with direct after it.'}`],
			};
		}
		case 'stopped': {
			const stopped = walked[outcome.at]!.asked!;
			return {direct: false, summary: `go stops at ${nameOf(stopped)} (${stopped.answer.message.split(' {')[0]}) before it reaches GitLab`, details: ['Fix the go-proxy step first; this step matters only once go falls back to direct.']};
		}
		case 'exhausted':
			return {
				direct: false,
				summary: outcome.end === 'off' ? 'GOPROXY ends in off: go never fetches the module from GitLab itself' : 'GOPROXY has no direct entry: go never fetches the module from GitLab itself',
				details: [`The proxies of the route: ${route.proxies.map(nameOf).join(', ') || '(none)'}.`],
			};
	}
}

/** Where go looks the module up in the checksum database, in words (initBase; docs/go.md §3.4). */
function sumdbWords(sumdb: SumdbRoute, candidates: RouteProxy[]): string | undefined {
	const shown = (index: number) => candidates[index]!.entry.display ?? candidates[index]!.entry.raw;
	switch (sumdb.kind) {
		case 'via-proxy':
			return `Go reaches ${sumdb.name} through ${shown(sumdb.at)}, which serves /sumdb/${sumdb.name}/supported and passes on the database's 404/410 for a module it cannot know.`;
		case 'direct': {
			if (sumdb.url !== `https://${sumdb.name}`) return `GOSUMDB names ${sumdb.url} for ${sumdb.name}: Go asks it directly, never through a proxy.`;
			const asked = candidates.map((_, index) => `${shown(index).replace(/\/+$/, '')}/sumdb/${sumdb.name}/supported`);
			return `${asked.length > 0 ? `Go first asks ${asked.join(', ')}, which ${asked.length === 1 ? 'does' : 'do'} not serve the database (404/410), so it asks` : 'Go asks'} ${sumdb.url} itself, which answers 404/410 for a module it cannot know.`;
		}
		case 'stopped':
			return `${shown(sumdb.at)} fails /sumdb/${sumdb.name}/supported with an error the ',' after it does not pass over, so "verifying" fails there.`;
		default:
			return undefined;
	}
}

/** The stable code of the proxy answer that stopped go (JSON `reason`). */
function proxyAnswerReason(asked: Asked): string {
	const {answer} = asked;
	if (answer.kind === 'not-found') return 'go-proxy-not-found';
	if (answer.kind !== 'error') return 'go-proxy-error';
	if (answer.status === 401 || answer.status === 403) return 'go-proxy-auth';
	if (answer.status === undefined) return 'go-proxy-unreachable';
	return answer.status >= 500 ? 'go-proxy-server-error' : 'go-proxy-error';
}
