// go-import: what GitLab answers to `?go-get=1` when asked exactly as Go asks (docs/go.md §5.3–§5.6): every
// candidate module path at once, longest first, Basic credentials only from the .netrc entry Go picks, only over
// HTTPS; the page parsed with Go's parser, the tag chosen and checked as Go does. What the answer means is read
// against GitLab's go-get middleware (docs/gitlab.md §1).
import type {NetrcCredential, GoImportData} from '../engine/check-data.js';
import {type CheckContext, type Outcome, defineCheck} from '../engine/types.js';
import {matchGoImport, parseMetaGoImports, validateRepoRoot, type MetaImport} from '../rules/meta-tags.js';
import {askableModulePaths, hostOf} from '../rules/module-path.js';
import type {HttpResult} from '../system/types.js';
import {goUserAgent, maxBodyBytes} from './gitlab-api.js';
import {goAtLeast} from './go-env.js';
import {credentialPlace, goCredentialFor, type GoCredential} from './netrc-files.js';
import {type Discovery, type Situation, sameTag, goStatusError, describeDiscovery, judgeMatch, judgeError} from './go-import-answer.js';

export {goStatusError} from './go-import-answer.js';

export const goImportCheck = defineCheck({
	id: 'go-import',
	title: 'go-get discovery',
	needs: ['module-path', 'https'],
	// Discovery makes its own requests: it overlaps the https step's round trip instead of following it.
	startsBeside: ['https'],
	after: ['go-env'],
	reads: ['netrc-file'],
	local: false,
	// Judged only when go reaches the direct route (no GOPROXY entry serves the module or stops go first).
	route: 'direct',
	waitingFor: options => hostOf(options.module),
	async run(context, upstream, signal): Promise<Outcome<GoImportData>> {
		const modulePath = context.target;
		const goEnv = upstream.data('go-env');
		const module = context.options.module;
		const host = modulePath.host;
		if (modulePath.qualifier) {
			return {
				status: 'skip',
				summary: `VCS-qualified path: Go asks git for ${modulePath.qualifier.repo} directly, with no ?go-get=1 request`,
				data: {credentialsSent: false},
			};
		}
		const go = await goCredentialFor(context, goEnv, host);
		const credential = go.credential;
		context.secrets.add(credential?.password);
		const situation: Situation = {
			context,
			host,
			module,
			...(credential ? {credential} : {}),
			...(go.files.go.path ? {netrcFile: go.files.go.path} : {}),
			evidence: {
				credentials: credential ? `Basic, login ${credential.login} (${credentialPlace(credential)}), only to ${host}` : `none (${go.note ?? `no .netrc entry Go uses for ${host}`})`,
				userAgent: goUserAgent,
			},
			notes: go.note ? [go.note] : [],
		};

		const fetchPage = pageFetcher(context, credential, signal, go.retryAfter4xx, situation.notes);
		const parseOptions = {moduleMode: true, allowSubdir: goAtLeast(goEnv, 25)};
		// Bounded: only the prefixes that can be a GitLab project are asked (rules/module-path.ts askableModulePaths).
		const candidates = askableModulePaths(modulePath.candidates);
		const discoveries = await Promise.all(candidates.map(candidate => discover(candidate, fetchPage, parseOptions)));
		situation.evidence['answers'] = discoveries.map(describeDiscovery);

		// In direct mode every discovery error is "not found" to Go (lookupDirect wraps it as notExistError): the
		// longest path with a tag is the one Go uses, and when none has one Go reports the longest path's error (docs/go.md §5.1).
		const primary = discoveries.find(found => found.kind === 'match') ?? discoveries[0];
		if (!primary) {
			return {status: 'fail', reason: 'go-import-no-candidate', summary: `${module} has no prefix Go could ask about`, evidence: situation.evidence, data: {credentialsSent: false}};
		}
		for (const longer of discoveries.slice(0, discoveries.indexOf(primary))) {
			if (longer.kind === 'status' && longer.response.status === 404) continue;
			situation.notes.push(`Go ignores what ${longer.url} answered (${'goError' in longer ? longer.goError : longer.kind === 'transport' ? longer.failure.message : 'no tag'}), because the shorter path ${primary.candidate} has a tag.`);
		}
		if (primary.kind !== 'match' && 'goError' in primary) situation.evidence['goError'] = primary.goError;
		const redirected = 'response' in primary ? primary.response.redirects : [];
		const credentialsSent = credential !== undefined && (redirected[0]?.credentialsSent ?? true);
		if (redirected.length > 0) situation.evidence['redirects'] = redirected.map(hop => `${hop.status} ${hop.from} → ${hop.to}${hop.credentialsSent ? ' (credentials sent)' : ''}`);
		return primary.kind === 'match' ? judgeMatch(situation, primary, credentialsSent, signal) : judgeError(situation, primary, credentialsSent);
	},
});

type Fetch = (url: string) => Promise<HttpResult>;

/** One request per URL in a run: Go caches prefix pages (singleflight), and candidate pages answer the same. */
function pageFetcher(context: CheckContext, credential: NetrcCredential | undefined, signal: AbortSignal, retry?: GoCredential['retryAfter4xx'], notes?: string[]): Fetch {
	const cache = new Map<string, Promise<HttpResult>>();
	const get = (url: string, using: NetrcCredential | undefined) =>
		context.system.http().then(http =>
			http.get({
				url,
				headers: {'User-Agent': goUserAgent},
				...(using ? {basicAuth: {login: using.login, password: using.password}} : {}),
				timeoutMs: context.options.timeoutMs,
				signal,
				maxBodyBytes,
			}),
		);
	// Go 1.24+: after a 4xx, GOAUTH is asked again with the URL and the request is retried once (docs/go.md §2.1).
	const fetchOnce = async (url: string): Promise<HttpResult> => {
		const first = await get(url, credential);
		if (!retry || !first.ok || first.response.status < 400 || first.response.status >= 500) return first;
		const {status, statusText, headers} = first.response;
		const again = await retry(url, {status, statusText, headers});
		notes?.push(`GitLab answered ${url} with ${status}: go asked GOAUTH again with the URL (${again.ran.join('; ') || 'no method runs then'}) and retried ${again.credential ? `with a credential from ${credentialPlace(again.credential)}` : 'without credentials'}`);
		return get(url, again.credential);
	};
	return async url => {
		let pending = cache.get(url);
		if (!pending) {
			pending = fetchOnce(url);
			cache.set(url, pending);
		}
		return pending;
	};
}

/** cmd/go urlForImportPath: https://HOST/PATH?go-get=1, path `/` when empty. */
export function goGetUrl(importPath: string): string {
	const slash = importPath.indexOf('/');
	const host = slash < 0 ? importPath : importPath.slice(0, slash);
	const path = slash < 0 ? '/' : importPath.slice(slash);
	return `https://${host}${path}?go-get=1`;
}

async function discover(candidate: string, fetchPage: Fetch, parseOptions: {moduleMode: boolean; allowSubdir: boolean}): Promise<Discovery> {
	const url = goGetUrl(candidate);
	const result = await fetchPage(url);
	if (!result.ok) return {kind: 'transport', candidate, url, failure: result.failure};
	const {response} = result;
	const parsed = parseMetaGoImports(response.body, {...parseOptions, importPath: candidate});
	// "If the server's status was not OK, prefer to report that instead of an XML parse error or an empty list."
	if (parsed.imports.length === 0 && response.status !== 200) return {kind: 'status', candidate, url, response, goError: goStatusError(response)};
	if (parsed.error !== undefined) return {kind: 'parse', candidate, url, response, goError: parsed.error};
	const matched = matchGoImport(parsed.imports, candidate, url);
	if (!matched.match) {
		return {kind: 'no-match', candidate, url, response, imports: parsed.imports, goError: matched.error ?? `parse ${url}: no go-import meta tags ()`};
	}
	const match = matched.match;
	if (match.prefix !== candidate) {
		// The non-authoritative tag is checked against the prefix's own page (metaImportsForPrefix).
		const prefixUrl = goGetUrl(match.prefix);
		const prefixResult = await fetchPage(prefixUrl);
		const disagree = (prefixImports: MetaImport[], why: string): Discovery => ({
			kind: 'disagree',
			candidate,
			url,
			response,
			match,
			prefixUrl,
			prefixImports,
			goError: why,
		});
		if (!prefixResult.ok) return disagree([], `fetching ${match.prefix}: ${prefixResult.failure.message}`);
		const prefixParsed = parseMetaGoImports(prefixResult.response.body, parseOptions);
		if (prefixParsed.imports.length === 0 && prefixResult.response.status !== 200) {
			return disagree([], `fetching ${match.prefix}: ${goStatusError(prefixResult.response)}`);
		}
		if (prefixParsed.error !== undefined) return disagree([], `parsing ${prefixResult.response.url}: ${prefixParsed.error}`);
		if (prefixParsed.imports.length === 0) return disagree([], `fetching ${match.prefix}: no go-import meta tag found in ${prefixResult.response.url}`);
		const again = matchGoImport(prefixParsed.imports, candidate);
		if (!again.match || !sameTag(again.match, match)) {
			return disagree(prefixParsed.imports, `${url} and ${prefixUrl} disagree about go-import for ${match.prefix}`);
		}
	}
	const invalid = validateRepoRoot(match, url);
	if (invalid !== undefined) return {kind: 'invalid-root', candidate, url, response, match, goError: invalid};
	return {kind: 'match', candidate, url, response, match, imports: parsed.imports};
}

