// go-proxy: when GOPROXY names GitLab's Go proxy (…/api/v4/projects/ID/packages/go), does it answer `@v/list` for the
// module with the credentials Go sends from .netrc, what does Go do next given the `,` or `|` after the entry, and does
// GONOSUMDB keep the module away from the public checksum database? (gitlab-behaviour.md §4; go-behaviour.md §1.3,
// §3.3, §3.4.) Only GitLab proxies are asked: a private module path is never sent to a public proxy.
import {goEnvCommand, goEnvFix, netrcEntryFix, replaceTokenFix} from '../fixes/builders.js';
import type {GoEnvData, NetrcCredential, GitlabProxy, GoProxyData} from '../engine/check-data.js';
import {maskSecret} from '../engine/redact.js';
import {type Check, type CheckContext, type Fix, type FixAction, type Outcome, defineCheck} from '../engine/types.js';
import {parseGoproxy, planModuleFetch, type FetchPlan, type ProxyEntry} from '../rules/goproxy.js';
import {askableModulePaths, candidateModulePaths, hostOf} from '../rules/module-path.js';
import {matchPrefixPatterns, mergedPrivatePatterns} from '../rules/private-patterns.js';
import type {HttpResult} from '../system/types.js';
import {apiError, apiGet, failureText, fieldsOf, gitlabPrefixOf, goUserAgent, isDeployLogin, statusLine} from './gitlab-api.js';
import {ownSetting, setting} from './go-env.js';
import {parseGitlabProxy} from './go-proxy-url.js';
import {goCredentialFor} from './netrc-files.js';

export {parseGitlabProxy} from './go-proxy-url.js';

const featureFlagDocs = 'https://docs.gitlab.com/administration/feature_flags/';
const goProxyDocs = 'https://docs.gitlab.com/user/packages/go_proxy/';

/** Go's module path escaping for proxy URLs (golang.org/x/mod/module.EscapePath): an upper-case letter becomes '!' + lower case. */
export function escapeModulePath(path: string): string {
	return path.replace(/[A-Z]/g, letter => `!${letter.toLowerCase()}`);
}

type Answer =
	| {kind: 'found'; versions: string[]; url: string; message: string}
	| {kind: 'not-found'; status: number; message: string; url: string; body: unknown}
	| {kind: 'error'; status?: number; message: string; url: string; body?: unknown};

type Asked = {goEnv: GoEnvData | undefined; entries: ProxyEntry[]; entry: ProxyEntry; index: number; proxy: ReturnType<typeof parseGitlabProxy> & {}; answer: Answer; credential?: SentCredential} & NetrcPlace;

type SentCredential = {login: string; password: string; source: string; netrc?: NetrcCredential};

/** The file Go reads .netrc from, for fixes that add an entry. */
type NetrcPlace = {netrcFile?: string};

function separatorWord(entry: ProxyEntry): string {
	return entry.fallback === 'any-error' ? "'|'" : entry.fallback === 'not-found' ? "','" : '';
}

function entryName(entry: ProxyEntry | undefined): string {
	if (!entry) return 'nothing';
	return entry.kind === 'proxy' ? (entry.display ?? entry.raw) : entry.kind;
}

/** What Go does after this entry answered, in words (go-behaviour.md §3.3). */
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

async function askList(context: CheckContext, listUrl: string, credential: SentCredential | undefined, signal: AbortSignal): Promise<Answer> {
	let result: HttpResult;
	try {
		const http = await context.system.http();
		result = await http.get({
			url: listUrl,
			headers: {'User-Agent': goUserAgent},
			...(credential ? {basicAuth: {login: credential.login, password: credential.password}} : {}),
			timeoutMs: context.options.timeoutMs,
			signal,
			maxBodyBytes: 256 * 1024,
		});
	} catch (error) {
		return {kind: 'error', message: `could not ask: ${error instanceof Error ? error.message : String(error)}`, url: listUrl};
	}
	if (!result.ok) return {kind: 'error', message: failureText(result.failure), url: listUrl};
	const {response} = result;
	let body: unknown;
	try {
		body = /json/i.test(response.headers['content-type'] ?? '') ? JSON.parse(response.body) : undefined;
	} catch {
		body = undefined;
	}
	if (response.status === 200) {
		const versions = response.body
			.split('\n')
			.map(line => line.trim().split(/\s+/)[0] ?? '')
			.filter(line => line !== '');
		// An empty list sends Go to @latest, which GitLab's proxy does not have (404): not found (§4).
		if (versions.length === 0) return {kind: 'not-found', status: 200, message: '200 with an empty version list (and GitLab has no @latest)', url: listUrl, body};
		return {kind: 'found', versions, url: listUrl, message: `200 OK: ${versions.join(' ')}`};
	}
	const message = `${statusLine(response)}${body !== undefined ? ` ${JSON.stringify(body)}` : ''}`;
	if (response.status === 404 || response.status === 410) return {kind: 'not-found', status: response.status, message, url: listUrl, body};
	return {kind: 'error', status: response.status, message, url: listUrl, body};
}

/** The module itself first; the shorter module paths Go also tries (§5.1) only when it is not there. */
async function askProxy(context: CheckContext, base: string, credential: SentCredential | undefined, signal: AbortSignal): Promise<Answer> {
	const module = context.options.module;
	const first = await askList(context, `${base}/${escapeModulePath(module)}/@v/list`, credential, signal);
	if (first.kind !== 'not-found') return first;
	const prefixes = askableModulePaths(candidateModulePaths(module)).filter(path => path !== module && path.includes('/'));
	const answers = await Promise.all(prefixes.map(path => askList(context, `${base}/${escapeModulePath(path)}/@v/list`, credential, signal)));
	return answers.find(answer => answer.kind === 'found') ?? first;
}

async function credentialFor(context: CheckContext, goEnv: GoEnvData | undefined, proxy: NonNullable<ReturnType<typeof parseGitlabProxy>>): Promise<{credential?: SentCredential; note?: string} & NetrcPlace> {
	// Go never sends credentials over plain http (go-behaviour.md §1.4).
	if (proxy.scheme !== 'https') return {note: `Go sends no credentials to an http:// proxy.`};
	const go = await goCredentialFor(context, goEnv, proxy.host);
	const place = go.files.go.path ? {netrcFile: go.files.go.path} : {};
	if (go.credential) {
		context.secrets.add(go.credential.password);
		return {credential: {login: go.credential.login, password: go.credential.password, source: go.credential.line > 0 ? `${go.credential.file}:${go.credential.line}` : go.credential.file, netrc: go.credential}, ...place, ...(go.note ? {note: go.note} : {})};
	}
	// Without a .netrc match, net/http sends the userinfo written in the proxy URL.
	if (proxy.userinfo !== undefined) {
		const colon = proxy.userinfo.indexOf(':');
		const decode = (text: string) => {
			try {
				return decodeURIComponent(text);
			} catch {
				return text;
			}
		};
		const login = decode(colon < 0 ? proxy.userinfo : proxy.userinfo.slice(0, colon));
		const password = colon < 0 ? '' : decode(proxy.userinfo.slice(colon + 1));
		context.secrets.add(password);
		context.secrets.add(proxy.userinfo.slice(colon + 1));
		if (colon < 0) context.secrets.add(login);
		return {credential: {login, password, source: 'the userinfo in GOPROXY'}, ...place, ...(go.note ? {note: go.note} : {})};
	}
	return {...place, ...(go.note ? {note: go.note} : {})};
}

export const goProxyCheck = defineCheck({
	id: 'go-proxy',
	title: 'GitLab Go proxy',
	needs: ['go-env'],
	after: ['netrc', 'private-module'],
	reads: ['netrc-file'],
	local: false,
	// Per GitLab proxy: @v/list for the module, then its shorter paths; then up to a few project lookups.
	timeLimitMs: options => options.timeoutMs * 8 + 2000,
	async run(context, upstream, signal): Promise<Outcome<GoProxyData>> {
		const goEnv = upstream.data('go-env');
		const module = context.options.module;
		const goproxy = setting(goEnv, 'GOPROXY');
		const parsed = parseGoproxy(goproxy, context.system.platform);
		const gitlab = parsed.entries
			.map((entry, index) => ({entry, index, proxy: entry.kind === 'proxy' && entry.url ? parseGitlabProxy(entry.url) : undefined}))
			.filter((item): item is {entry: ProxyEntry; index: number; proxy: NonNullable<ReturnType<typeof parseGitlabProxy>>} => item.proxy !== undefined);
		const ignored = parsed.ignored.filter(raw => parseGitlabProxy(/:\//.test(raw) ? raw : `https://${raw}`) !== undefined);
		const proxies: GitlabProxy[] = gitlab.map(({entry, proxy}) => ({display: entry.display ?? entry.raw, host: proxy.host, projectId: proxy.projectId}));
		for (const {proxy} of gitlab) if (proxy.userinfo !== undefined) context.secrets.add(proxy.userinfo.split(':').slice(1).join(':'));
		const evidence: Record<string, unknown> = {GOPROXY: joinEntries(parsed.entries.map(entry => ({raw: entryName(entry), fallback: entry.fallback}))) || goproxy};

		if (gitlab.length === 0 && ignored.length === 0) {
			return {status: 'skip', summary: `GOPROXY names no GitLab Go proxy (…/api/v4/projects/ID/packages/go)`, evidence: {GOPROXY: goproxy || '(empty)'}, data: {proxies, outcome: 'not-reached'}};
		}
		if (parsed.error !== undefined) {
			return {status: 'skip', summary: `Go cannot use GOPROXY at all (${parsed.error}); see the private-module step`, evidence, data: {proxies, outcome: 'not-reached'}};
		}
		if (gitlab.length === 0) {
			const stop = parsed.entries.at(-1)?.kind ?? 'direct';
			return {
				status: 'warn',
				summary: `GOPROXY lists the GitLab Go proxy after "${stop}": Go never reads entries after ${stop}`,
				details: [`Go stops reading GOPROXY at "direct" or "off" (go-behaviour.md §3.3), so ${ignored.join(', ')} is never asked.`],
				evidence,
				fixes: [goproxyFix(goEnv, `Put the GitLab Go proxy before ${stop}`, reorderedGoproxy(parsed.entries, ignored))],
				data: {proxies, outcome: 'not-reached'},
			};
		}

		const settings = {
			GOPROXY: goproxy,
			GONOPROXY: ownSetting(goEnv, 'GONOPROXY'),
			GONOSUMDB: ownSetting(goEnv, 'GONOSUMDB'),
			GOPRIVATE: setting(goEnv, 'GOPRIVATE'),
			GOSUMDB: setting(goEnv, 'GOSUMDB'),
			GOINSECURE: setting(goEnv, 'GOINSECURE'),
		};
		const plan = planModuleFetch(settings, module, context.system.platform);
		if (matchPrefixPatterns(plan.effectiveGonoproxy, module)) {
			const fromPrivate = settings.GONOPROXY === '';
			return {
				status: 'skip',
				summary: `${fromPrivate ? 'GOPRIVATE' : 'GONOPROXY'} covers ${module}: Go fetches it straight from GitLab with git and never asks the GitLab Go proxy`,
				details: [
					`${fromPrivate ? 'GONOPROXY is empty, so it defaults to GOPRIVATE' : 'GONOPROXY'} (${plan.effectiveGonoproxy}) makes Go skip every GOPROXY entry for this module (go-behaviour.md §3.2, §3.3).`,
					'To fetch it through the GitLab Go proxy instead, list it in GONOSUMDB (which keeps it away from the checksum database) and not in GOPRIVATE or GONOPROXY, as GitLab\'s Go proxy docs do.',
				],
				evidence,
				data: {proxies, outcome: 'not-reached'},
			};
		}

		return walk(context, goEnv, parsed.entries, gitlab, plan, evidence, signal);
	},
});

async function walk(
	context: CheckContext,
	goEnv: GoEnvData | undefined,
	entries: ProxyEntry[],
	gitlab: Array<{entry: ProxyEntry; index: number; proxy: NonNullable<ReturnType<typeof parseGitlabProxy>>}>,
	plan: FetchPlan,
	evidence: Record<string, unknown>,
	signal: AbortSignal,
): Promise<Outcome<GoProxyData>> {
	const module = context.options.module;
	const proxies: GitlabProxy[] = gitlab.map(({entry, proxy}) => ({display: entry.display ?? entry.raw, host: proxy.host, projectId: proxy.projectId}));
	const notes: string[] = [];
	const asked: Asked[] = [];
	const steps: string[] = [];
	let stoppedBy: Asked | undefined;
	let served: Asked | undefined;
	let end: 'direct' | 'off' | 'exhausted' | undefined;

	for (let index = 0; index < entries.length && !served && !stoppedBy && !end; index++) {
		const entry = entries[index]!;
		if (entry.kind === 'direct') {
			end = 'direct';
			steps.push('direct: Go fetches the module from GitLab with git (the go-import and git steps check that path)');
			break;
		}
		if (entry.kind === 'off') {
			end = 'off';
			steps.push('off: Go stops with "module lookup disabled by GOPROXY=off"');
			break;
		}
		const item = gitlab.find(candidate => candidate.index === index);
		if (!item) {
			// Not GitLab's: never asked here (a private path must not go to a public proxy); Go gets "not found" there.
			steps.push(`${entryName(entry)}: not asked by this tool; a public proxy answers 404/410 for a private module, and learns its path`);
			continue;
		}
		const {credential, note, netrcFile} = await credentialFor(context, goEnv, item.proxy);
		if (note && !notes.includes(note)) notes.push(note);
		const base = (entry.url ?? '').replace(/\/+$/, '');
		const answer = await askProxy(context, base, credential, signal);
		const record: Asked = {goEnv, entries, entry, index, proxy: item.proxy, answer, ...(credential ? {credential} : {}), ...(netrcFile ? {netrcFile} : {})};
		asked.push(record);
		const sent = credential ? `with ${credential.login} / ${maskSecret(credential.password)} from ${credential.source}` : 'without credentials';
		if (answer.kind === 'found') {
			served = record;
			steps.push(`${entryName(entry)} (${sent}): lists ${answer.versions.join(', ')}`);
			break;
		}
		const next = nextStep(entries, index, answer.kind === 'not-found');
		steps.push(`${entryName(entry)} (${sent}): ${answer.message}. ${next.text}`);
		if (!next.goesOn) {
			if (answer.kind === 'not-found') end = 'exhausted';
			else stoppedBy = record;
		}
	}
	if (!served && !stoppedBy && !end) end = 'exhausted';
	evidence['steps'] = steps;
	for (const record of asked) evidence[`list ${record.entry.display ?? record.entry.raw}`] = `GET ${record.answer.url.replace(/^https?:\/\/[^/]*@/, 'https://')} → ${record.answer.kind === 'found' ? `200: ${record.answer.versions.join(' ')}` : record.answer.message}`;

	const sumdb = sumdbProblem(goEnv, plan, module);
	const first = asked[0];
	const why = stoppedBy ?? asked.find(record => record.answer.kind !== 'found') ?? first;
	const explained = why ? await explain(context, why, signal) : undefined;

	if (served && served.answer.kind === 'found') {
		const versions = served.answer.versions;
		const data: GoProxyData = {proxies, servedBy: served.entry.display ?? served.entry.raw, versions, outcome: 'served'};
		const earlier = asked.filter(record => record !== served).map(record => `${record.entry.display ?? record.entry.raw} answered ${record.answer.message}`);
		const details = [...earlier.map(text => `Before it, ${text}, and Go moved on.`), ...notes];
		if (sumdb) {
			return {
				status: 'fail',
				summary: `GitLab's Go proxy serves ${module} (${versions.at(-1)}), but Go then verifies it against the checksum database ${plan.sumdb.name ?? 'sum.golang.org'}, which cannot know a private module`,
				details: [sumdb.detail, ...details],
				evidence,
				fixes: [sumdb.fix],
				data,
			};
		}
		return {
			status: 'pass',
			summary: `GitLab's Go proxy ${served.entry.display ?? served.entry.raw} lists ${versions.length} version${versions.length === 1 ? '' : 's'} of ${module} (newest ${versions.at(-1)}) ${served.credential ? `for ${served.credential.login}` : 'without credentials'}`,
			details: [plan.sumdb.reason, ...details],
			evidence,
			data,
		};
	}

	const data: GoProxyData = {proxies, outcome: end === 'direct' ? 'direct' : end === 'off' || end === 'exhausted' || stoppedBy ? 'stopped' : 'not-reached'};
	const reason = explained ?? {summary: 'GitLab\'s Go proxy does not serve the module', details: [], fixes: []};
	const sumdbDetails = sumdb ? [sumdb.detail] : [];
	const sumdbFixes = sumdb ? [sumdb.fix] : [];
	if (end === 'direct' && !stoppedBy) {
		// Go goes on to git: the proxy is only a detour. The checksum database still stops Go after a direct fetch.
		const leak = plan.proxiesAsked.filter(name => !proxies.some(proxy => proxy.display === name));
		const details = [
			...reason.details,
			'Go falls back to "direct": it fetches the module from GitLab with git, which the go-import and git steps check.',
			...(leak.length > 0 ? [`On the way it asks ${leak.join(', ')}, which learns the module path.`] : []),
			...sumdbDetails,
			...notes,
		];
		return {
			status: sumdb ? 'fail' : 'warn',
			summary: sumdb
				? `${reason.summary}; Go falls back to git, then checks ${module} against the public checksum database, which fails`
				: `${reason.summary}; Go falls back to fetching with git`,
			details,
			evidence,
			fixes: [...sumdbFixes, ...reason.fixes],
			data,
		};
	}
	const stopText =
		end === 'off'
			? 'then GOPROXY says off, so go get fails with "module lookup disabled by GOPROXY=off"'
			: stoppedBy
				? `go get fails with "${goReadingError(stoppedBy.answer)}"`
				: why && why.index === lastProxyIndex(entries)
					? `no entry is left, so go get fails with "${goReadingError(why.answer)}"`
					: 'no entry is left, so go get fails with the last proxy\'s not-found answer';
	return {
		status: 'fail',
		summary: `${reason.summary}; ${stopText}`,
		details: [...reason.details, ...(why ? [nextStep(entries, why.index, why.answer.kind === 'not-found').text] : []), ...sumdbDetails, ...notes],
		evidence,
		fixes: [...reason.fixes, ...sumdbFixes],
		data,
	};
}

/** How Go words a proxy's answer: `reading <url>: 404 Not Found`. */
function goReadingError(answer: Answer): string {
	return `reading ${answer.url.replace(/^(https?:\/\/)[^/]*@/, '$1')}: ${answer.message.split(' {')[0]}`;
}

function lastProxyIndex(entries: ProxyEntry[]): number {
	return entries.map(entry => entry.kind).lastIndexOf('proxy');
}

type Explanation = {summary: string; details: string[]; fixes: Fix[]};

/** Why a GitLab Go proxy did not serve the module, from its answer (gitlab-behaviour.md §4). */
async function explain(context: CheckContext, asked: Asked, signal: AbortSignal): Promise<Explanation> {
	const {answer, proxy, credential} = asked;
	const module = context.options.module;
	const where = `GitLab's Go proxy for project ${decodeId(proxy.projectId)} on ${proxy.host}`;
	const status = answer.kind === 'found' ? 200 : answer.status;
	const fields = fieldsOf(answer.kind === 'found' ? undefined : answer.body);
	const message = typeof fields['message'] === 'string' ? fields['message'] : undefined;
	const sent = credential ? `${credential.login} / ${maskSecret(credential.password)} from ${credential.source}` : undefined;

	if (answer.kind === 'error' && status === undefined) {
		return {summary: `${where} could not be reached: ${answer.message}`, details: ['The https step checks the module\'s host the same way; a proxy on another host needs the same network path.'], fixes: []};
	}
	if (status === 401) {
		const error = apiError(401, answer.kind === 'found' ? undefined : answer.body);
		if (!credential) {
			return {
				summary: `${where} answers 401 Unauthorized: Go sends it no credentials`,
				details: [
					`Go sends the .netrc entry whose machine is exactly ${proxy.host} (host and port, Go 1.24+); there is none, so GitLab sees an anonymous request for a private project.`,
					'GitLab\'s Go proxy takes a personal, project or group access token with read_api or api, sent as HTTP Basic from .netrc.',
				],
				fixes: [netrcEntryFix({host: proxy.host, file: asked.netrcFile, applicable: true})],
			};
		}
		const password = credential.password;
		const jobToken = credential.login === 'gitlab-ci-token' || gitlabPrefixOf(password) === 'glcbt';
		const deploy = isDeployLogin(credential.login) || gitlabPrefixOf(password) === 'gldt';
		if (jobToken || deploy) {
			return {
				summary: `${where} rejects the ${jobToken ? 'CI job token' : 'deploy token'} Go sends (${sent}): 401 Unauthorized`,
				details: [
					`GitLab's Go proxy reads only personal, project and group access tokens from HTTP Basic; a ${jobToken ? 'job token works there only in a JOB-TOKEN header, which Go cannot send' : 'deploy token is not accepted there'} (gitlab-behaviour.md §4).`,
				],
				fixes: credential.netrc ? [replaceTokenFix(proxy.host, {...credential.netrc, login: ''}, 'a personal, project or group access token with the read_api scope (in CI, keep it in a masked CI/CD variable)')] : [],
			};
		}
		const why =
			error.kind === 'expired' ? 'has expired' : error.kind === 'revoked' ? 'has been revoked' : 'is not a token GitLab knows (mistyped, deleted, or from another GitLab)';
		return {
			summary: `${where} rejects the credentials Go sends (${sent}): 401 Unauthorized`,
			details: [`The token ${why}. GitLab's Go proxy wants a personal, project or group access token with read_api or api.`],
			fixes: credential.netrc ? [replaceTokenFix(proxy.host, credential.netrc)] : [],
		};
	}
	if (status === 403) {
		const error = apiError(403, answer.kind === 'found' ? undefined : answer.body);
		if (error.kind === 'insufficient-scope') {
			return {
				summary: `${where} refuses the token Go sends (${sent}): it lacks the read_api or api scope`,
				details: ['Scopes cannot be added to a token: create a new one with read_api.'],
				fixes: credential?.netrc ? [replaceTokenFix(proxy.host, credential.netrc)] : [],
			};
		}
		return {
			summary: `${where} answers 403 Forbidden: ${credential ? credential.login : 'this user'} can see the project but not read its packages`,
			details: [
				'Reading packages needs the Reporter role or higher in the project (a Guest can see a private project but not its package registry), and the project\'s package registry must be enabled.',
			],
			fixes: [{title: 'Ask a maintainer of the project for the Reporter role or higher (Manage > Members)', commands: [], safe: false, link: `https://${proxy.host}${proxy.root}/projects/${proxy.projectId}`}],
		};
	}
	if (answer.kind === 'not-found') {
		if (status === 200) {
			return {summary: `${where} lists no versions of ${module}`, details: ['The project has no semantic-version tags (vX.Y.Z) yet; Go then asks @latest, which GitLab\'s proxy does not serve, and moves on.'], fixes: []};
		}
		if (message === '404 Project Not Found') {
			return {
				summary: `${where} answers 404 Project Not Found: there is no project ${decodeId(proxy.projectId)} that ${credential ? credential.login : 'an anonymous user'} can see`,
				details: ['The project ID in GOPROXY is wrong, or the token\'s user is not a member of the project.'],
				fixes: await rightIdFixes(context, asked, signal),
			};
		}
		if (message === undefined && typeof fields['error'] === 'string') {
			return {
				summary: `${proxy.host} has no Go proxy route (${answer.message})`,
				details: ['GitLab\'s catch-all API answer: the instance has no Go proxy (before GitLab 13.1) or the package registry is disabled instance-wide.'],
				fixes: [],
			};
		}
		// {"message":"404 Not Found"}: the feature flag is off (the default), or the project has no such module.
		const project = credential ? await projectPathOf(context, proxy, credential, signal) : undefined;
		const candidates = candidateModulePaths(module);
		const moduleHost = hostOf(module);
		if (project && !candidates.includes(`${moduleHost}/${project}`)) {
			return {
				summary: `${where} answers 404: project ${decodeId(proxy.projectId)} is ${project}, not the project of ${module}`,
				details: ['Each GitLab Go proxy URL serves the module of one project; Go asks the next GOPROXY entry when it answers 404.'],
				fixes: await rightIdFixes(context, asked, signal),
			};
		}
		return {
			summary: `${where} answers 404 Not Found for ${module}: the go_proxy feature flag is off${project ? ` for ${project}` : ''} (GitLab's default), or the project's go.mod declares another module path`,
			details: [
				'GitLab\'s Go proxy is an experiment behind the go_proxy feature flag, off by default; only an administrator can turn it on, for the instance or for one project (gitlab-behaviour.md §4).',
				...(project ? [`The project ID is right: ${decodeId(proxy.projectId)} is ${project}.`] : ['Without a token this tool cannot ask GitLab which project the ID names.']),
			],
			fixes: [
				{
					title: `Ask a GitLab administrator to turn on the go_proxy feature flag for the project (the Go proxy is an experiment)`,
					commands: [`sudo gitlab-rails runner "Feature.enable(:go_proxy, Project.find(${/^\d+$/.test(proxy.projectId) ? proxy.projectId : `'${decodeId(proxy.projectId)}'`}))"`],
					safe: false,
					link: featureFlagDocs,
				},
				fetchDirectFix(context.options.module, asked),
			],
		};
	}
	return {
		summary: `${where} answered ${answer.message}`,
		details: status !== undefined && status >= 500 ? ['A server error: try again later, or tell the GitLab administrators.'] : [],
		fixes: [],
	};
}

function decodeId(id: string): string {
	try {
		return decodeURIComponent(id);
	} catch {
		return id;
	}
}

/** The project the proxy's ID names, asked with the token Go sends, as PRIVATE-TOKEN (the same host, over HTTPS). */
async function projectPathOf(context: CheckContext, proxy: NonNullable<ReturnType<typeof parseGitlabProxy>>, credential: SentCredential, signal: AbortSignal): Promise<string | undefined> {
	if (proxy.root !== '' || proxy.scheme !== 'https') return undefined;
	const answer = await apiGet(context, proxy.host, {path: `projects/${proxy.projectId}`, headers: {'PRIVATE-TOKEN': credential.password}, signal});
	if (answer.kind !== 'json' || answer.status !== 200) return undefined;
	const path = fieldsOf(answer.body)['path_with_namespace'];
	return typeof path === 'string' ? path : undefined;
}

/** The GOPROXY entry with the ID of the project the module path names, when GitLab tells it. */
async function rightIdFixes(context: CheckContext, asked: Asked, signal: AbortSignal): Promise<Fix[]> {
	const {proxy, credential, entry} = asked;
	const module = context.options.module;
	const moduleHost = hostOf(module);
	const fixes: Fix[] = [];
	if (credential && proxy.root === '' && proxy.scheme === 'https' && proxy.host === moduleHost) {
		const paths = askableModulePaths(candidateModulePaths(module))
			.filter(path => path.startsWith(`${moduleHost}/`))
			.map(path => path.slice(moduleHost.length + 1))
			.filter(path => path.includes('/'));
		for (const path of paths) {
			const answer = await apiGet(context, proxy.host, {path: `projects/${encodeURIComponent(path)}`, headers: {'PRIVATE-TOKEN': credential.password}, signal});
			const id = answer.kind === 'json' && answer.status === 200 ? fieldsOf(answer.body)['id'] : undefined;
			if (typeof id === 'number' || typeof id === 'string') {
				const url = (entry.url ?? '').replace(/\/projects\/[^/]+\/packages\/go/, `/projects/${id}/packages/go`);
				fixes.push({title: `Use the ID of ${path} (${id}) in GOPROXY`, commands: goEnvCommands(asked.goEnv, {GOPROXY: replaceEntry(asked, url)}), safe: false, link: `https://${moduleHost}/${path}`});
				return fixes;
			}
		}
	}
	fixes.push({title: 'Find the project ID on the project\'s overview page (below its name, or in the ⋮ menu: "Copy project ID") and put it in the GOPROXY URL', commands: [], safe: false, link: goProxyDocs});
	return fixes;
}

function joinEntries(entries: Array<{raw: string; fallback: ProxyEntry['fallback']}>): string {
	return entries.map((entry, index) => `${entry.raw}${index < entries.length - 1 ? (entry.fallback === 'any-error' ? '|' : ',') : ''}`).join('');
}

function replaceEntry(asked: Asked, url: string): string {
	return joinEntries(asked.entries.map(entry => (entry === asked.entry ? {raw: url, fallback: entry.fallback} : entry)));
}

function fetchDirectFix(module: string, asked: Asked): Fix {
	const entries: Array<{raw: string; fallback: ProxyEntry['fallback']}> = asked.entries.filter(entry => entry !== asked.entry && !(entry.kind === 'proxy' && entry.url && parseGitlabProxy(entry.url)));
	// Nothing else left: Go's own default.
	if (entries.length === 0) entries.push({raw: 'https://proxy.golang.org', fallback: 'not-found'});
	if (!asked.entries.some(entry => entry.kind === 'direct' || entry.kind === 'off')) entries.push({raw: 'direct', fallback: 'none'});
	const goprivate = mergedPrivatePatterns(setting(asked.goEnv, 'GOPRIVATE'), module);
	const values = {GOPROXY: joinEntries(entries), GOPRIVATE: goprivate};
	return {
		title: 'Or fetch the module with git instead of the proxy: take the GitLab Go proxy out of GOPROXY and mark the module private',
		commands: goEnvCommands(asked.goEnv, values),
		safe: false,
	};
}

/** `go env -w` for the keys the go env file holds; `export` for the ones the environment sets (it beats go env -w). */
function goEnvCommands(goEnv: GoEnvData | undefined, values: Record<string, string>): string[] {
	const written = Object.entries(values).filter(([key]) => goEnv?.settings[key]?.source !== 'environment');
	const exported = Object.entries(values).filter(([key]) => goEnv?.settings[key]?.source === 'environment');
	const commands: string[] = [];
	// Each value quoted by the one command builder (a GOPROXY entry can hold any byte).
	const assignments = (pairs: Array<[string, string]>) => pairs.map(([key, value]) => goEnvCommand(key, value, false).command.slice('go env -w '.length)).join(' ');
	if (written.length > 0) commands.push(`go env -w ${assignments(written)}`);
	if (exported.length > 0) commands.push(`export ${assignments(exported)}   # in your shell profile: the environment beats go env -w`);
	return commands;
}

function reorderedGoproxy(entries: ProxyEntry[], ignored: string[]): string {
	const stop = entries.at(-1);
	const before = entries.slice(0, -1);
	const list = [...before.map(entry => ({raw: entry.raw, fallback: 'not-found' as const})), ...ignored.map(raw => ({raw, fallback: 'not-found' as const})), ...(stop ? [{raw: stop.raw, fallback: 'none' as const}] : [])];
	return joinEntries(list);
}

function goproxyFix(goEnv: GoEnvData | undefined, title: string, value: string): Fix {
	return goEnvFix(title, [{key: 'GOPROXY', value, inEnvironment: goEnv?.settings['GOPROXY']?.source === 'environment'}]);
}

/** The checksum database will be asked for the module (go-behaviour.md §3.4): what happens, and the GONOSUMDB fix. */
function sumdbProblem(goEnv: GoEnvData | undefined, plan: FetchPlan, module: string): {detail: string; fix: Fix} | undefined {
	if (!plan.sumdb.consulted) return undefined;
	const name = plan.sumdb.name ?? 'sum.golang.org';
	const via = plan.sumdb.via && plan.sumdb.via.length > 1 ? ` Go first asks ${plan.sumdb.via.slice(0, -1).map(url => `${url}/supported`).join(', ')} (GitLab's proxy answers 404), then ${plan.sumdb.via.at(-1)} itself.` : '';
	const current = goEnv?.settings['GONOSUMDB'];
	const existing = current && !current.derivedFrom ? current.value : '';
	const merged = mergedPrivatePatterns(existing, module);
	const inEnvironment = current?.source === 'environment';
	return {
		detail: `${plan.sumdb.reason[0]!.toUpperCase()}${plan.sumdb.reason.slice(1)}.${via} GitLab's Go proxy docs set GONOSUMDB for this (GOPRIVATE would also make Go skip the proxy).`,
		fix: goEnvFix(`Keep ${module} away from the checksum database ${name}: list it in GONOSUMDB (keeps your existing patterns)`, [{key: 'GONOSUMDB', value: merged, inEnvironment}], {link: goProxyDocs}),
	};
}
