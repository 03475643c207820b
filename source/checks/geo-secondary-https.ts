// The geo-secondary step over HTTPS: which credential git sends to the secondary, whether the secondary answers
// or sends git to the primary (and loses the credentials on the way), and the .netrc fixes GitLab's Geo docs give.
import {hostnameOf} from '../rules/hosts.js';
import {commandFix, insteadOfCommand, netrcEntriesFix, netrcEntryFix as entryFix, ruleLocation, tokenFormLink, unsetInsteadOfCommand} from '../fixes/builders.js';
import type {NetrcFiles, GitRouteData, GeoSecondaryData} from '../engine/check-data.js';
import {maskSecret} from '../engine/redact.js';
import {type CheckContext, type Fix, type Outcome} from '../engine/types.js';
import {classifyGitStderr, findGeoRedirect, type GitFailure} from '../rules/git-errors.js';
import {describeGitUrl} from '../rules/insteadof.js';
import type {HttpResult} from '../system/types.js';
import {judgeFailure} from './git-access.js';
import {failureText, gitlabPrefixOf} from './gitlab-api.js';
import {geoRouteOf, type CurlExchange, type GeoRoute} from './geo-secondary-trace.js';
import {installGitFix, lastErrorLine} from './go-like-git.js';
import {curlCredentialFor, readNetrcFiles} from './netrc-files.js';
import {geoDocs, type Situation, finish, failWith, lsRemote, gitAccessSituation, projectPathOf} from './geo-secondary-situation.js';

// ---------------------------------------------------------------- HTTPS

type GitCredential = {method: 'url' | 'netrc' | 'helper' | 'none'; login?: string; password?: string; source?: string};

function isJobToken(credential: {login?: string; password?: string}): boolean {
	return credential.login === 'gitlab-ci-token' || (credential.password !== undefined && gitlabPrefixOf(credential.password) === 'glcbt');
}

function describeCredential(credential: GitCredential): string {
	switch (credential.method) {
		case 'url':
			return `${credential.login ?? ''} / ${maskSecret(credential.password ?? '')} embedded in the URL${credential.source ? ` (${credential.source})` : ''}`;
		case 'netrc':
			return `${credential.login || '(empty login)'} / ${maskSecret(credential.password ?? '')} from ${credential.source ?? '.netrc'}`;
		case 'helper':
			return `${credential.login || '(no login)'} from ${credential.source ?? 'a credential helper'}`;
		case 'none':
			return 'nothing';
	}
}

/** What git sends to the secondary, in git's order (docs/git.md §2.1): the URL, .netrc as libcurl reads it, a helper. */
function credentialFor(situation: Situation, files: NetrcFiles): GitCredential {
	const {context, target, route, upstream} = situation;
	const url = describeGitUrl(target.url);
	context.secrets.add(url.password);
	context.secrets.add(url.passwordAsWritten);
	if (url.password !== undefined) {
		const source = route.rule?.file !== undefined ? `${route.rule.file}${route.rule.line !== undefined ? `:${route.rule.line}` : ''}` : undefined;
		return {method: 'url', ...(url.user !== undefined ? {login: url.user} : {}), password: url.password, ...(source ? {source} : {})};
	}
	const netrc = curlCredentialFor(files, target.host, url.user).credential;
	if (netrc) {
		context.secrets.add(netrc.password);
		return {method: 'netrc', login: netrc.login, password: netrc.password, source: `${netrc.file}:${netrc.line}`};
	}
	// git-auth asked the credential helpers for the routed URL, which is the secondary's.
	const auth = target.routed ? upstream.data('git-auth') : undefined;
	if (auth?.method === 'helper') return {method: 'helper', ...(auth.user !== undefined ? {login: auth.user} : {}), ...(auth.source ? {source: auth.source} : {})};
	return {method: 'none'};
}

async function reach(situation: Situation, signal: AbortSignal): Promise<HttpResult | undefined> {
	const {context, target} = situation;
	try {
		const http = await context.system.http();
		return await http.get({url: `https://${target.hostPort}/api/v4/metadata`, timeoutMs: context.options.timeoutMs, signal});
	} catch {
		return undefined;
	}
}

function describeExchange(exchange: CurlExchange): string {
	return `${exchange.method} https://${exchange.host}${exchange.path} → ${exchange.status ?? '?'}${exchange.location ? ` ${exchange.location}` : ''}${exchange.authorization ? ' (with credentials)' : ''}`;
}

/** The netrc entry fix every step offers, with the Geo docs as its link. */
function netrcEntryFix(host: string, login: string | undefined, file: string | undefined, why: string): Fix {
	return entryFix({host, ...(login ? {login} : {}), ...(file ? {file} : {}), title: why, link: geoDocs});
}

function embeddedCredentialFixes(situation: Situation, netrcFile: string | undefined): Fix[] {
	const {route, target, primary} = situation;
	const location = routeLocation(situation.context, route);
	const login = describeGitUrl(target.url).user;
	return [
		commandFix(
			{
				title: `Delete the [url] section with the token from your git config${route.rule?.file ? ` (${route.rule.file})` : ''}, and add the rule again without credentials`,
				safe: false,
				link: geoDocs,
			},
			() => [`git config ${location} --edit`, insteadOfCommand(location, `https://${target.hostPort}/`, `https://${primary}/`)],
		),
		netrcEntryFix(target.hostPort, login, netrcFile, `Put the token in .netrc for the secondary ${target.hostPort} …`),
		netrcEntryFix(primary, login, netrcFile, `… and for the primary ${primary} (GitLab's docs require entries for both hosts)`),
	];
}

export async function checkHttps(situation: Situation, signal: AbortSignal): Promise<Outcome<GeoSecondaryData>> {
	const {context, target, primary, evidence, details, warnings, warningCodes, upstream} = situation;
	const files = await readNetrcFiles(context);
	const credential = credentialFor(situation, files);
	const primaryEntry = curlCredentialFor(files, primary).credential;
	if (primaryEntry) context.secrets.add(primaryEntry.password);
	const netrcFile = files.curl.path;
	evidence['gitSendsToSecondary'] = describeCredential(credential);
	evidence['gitNetrcForPrimary'] = primaryEntry ? `${primaryEntry.login} / ${maskSecret(primaryEntry.password)} from ${primaryEntry.file}:${primaryEntry.line}` : `no entry in ${netrcFile ?? 'any .netrc'}`;
	const jobToken = credential.method !== 'none' && isJobToken(credential);
	const goUsesJobToken = upstream.data('token')?.kind === 'job';

	const [reachable, listed] = await Promise.all([reach(situation, signal), lsRemote(situation, signal, true)]);
	const data = (ok: boolean, outOfDate: boolean): GeoSecondaryData => ({secondary: target.hostPort, primary, transport: 'https', routed: target.routed, ok, outOfDate});
	if (reachable) {
		evidence['reach'] = reachable.ok
			? `GET https://${target.hostPort}/api/v4/metadata → ${reachable.response.status}${reachable.response.via.proxy ? ` through ${reachable.response.via.proxy}` : ''} in ${reachable.response.timings.totalMs} ms`
			: `GET https://${target.hostPort}/api/v4/metadata failed: ${failureText(reachable.failure)}`;
	}

	if (listed.kind === 'git-missing') return failWith(situation, 'git-not-installed', 'git is not installed: go get runs git for every GitLab module', [], [installGitFix(context.system.platform)], data(false, false));
	if (listed.kind === 'init-failed') return failWith(situation, 'git-init-failed', `git init --bare failed: ${lastErrorLine(listed.result)}`, [], [], data(false, false));
	const result = listed.result;
	const exchanges = listed.kind === 'ran' ? listed.exchanges : [];
	const geo = geoRouteOf(exchanges, target.hostPort);
	const stderrRedirect = findGeoRedirect(result.stderr);
	const outdatedUrl = geo.fromSecondary ?? (stderrRedirect && /\/-\/(?:push_)?from_secondary\//.test(stderrRedirect.url) ? stderrRedirect.url : undefined);
	const redirects = exchanges.filter(exchange => exchange.location !== undefined || !sameHost(exchange.host, target.hostPort));
	if (redirects.length > 0) evidence['gitRequests'] = redirects.map(describeExchange);
	evidence['command'] = `git ls-remote -q origin (origin ${target.origin}, GIT_TERMINAL_PROMPT=0)`;
	if (result.stderr.trim() !== '') evidence['gitSays'] = result.stderr.trim();

	const failed = listed.kind === 'remote-add-failed' || result.code !== 0 || result.timedOut;
	if (failed) {
		const failure: GitFailure = result.timedOut
			? {kind: 'timeout', detail: `no answer from ${target.hostPort}; the process was stopped`}
			: classifyGitStderr(result.stderr, {url: target.url});
		return judgeHttpsFailure(situation, {failure, credential, primaryEntry, jobToken, goUsesJobToken, geo, outdatedUrl, reachable, netrcFile}, data(false, outdatedUrl !== undefined || geo.otherHosts.length > 0));
	}

	// git got through. What may still go wrong another day.
	const outOfDate = outdatedUrl !== undefined || geo.otherHosts.length > 0 || stderrRedirect?.forwardedToPrimary === true;
	if (outOfDate) {
		const where = geo.otherHosts.length > 0 ? `to the primary ${geo.otherHosts.join(', ')}` : `to ${repositoryPart(outdatedUrl ?? stderrRedirect?.url ?? 'the primary')}, which it serves from the primary`;
		warningCodes.unshift('geo-secondary-out-of-date');
		warnings.unshift(`the secondary's copy of ${projectPathOf(target.origin)} is not up to date: it redirected git ${where}`);
		details.unshift(
			'A Geo secondary serves a repository itself only once it has synced it; until then it redirects git to /-/from_secondary/… (/-/push_from_secondary/… before GitLab 17.10) and the request ends up on the primary. It works, but is slower and depends on the primary being up (docs/gitlab.md §3.1).',
		);
		situation.fixes.push({
			title: 'Nothing to fix on this machine: ask the GitLab administrators to check the repository\'s replication in Admin > Geo > Sites (it catches up by itself once synced)',
			commands: [],
			safe: false,
			link: `https://${primary}/admin/geo/sites`,
		});
	}
	if (credential.method === 'url') {
		warningCodes.push('geo-secondary-url-credential');
		warnings.push(
			outOfDate && geo.otherHosts.length === 0
				? 'git sends credentials embedded in the URL: they are dropped if the secondary redirects git to the primary\'s own host'
				: 'git sends credentials embedded in the URL: they are dropped when the secondary redirects git to the primary (as it does for a repository it has not synced yet), and git then fails with "HTTP Basic: Access denied"',
		);
		situation.fixes.unshift(...embeddedCredentialFixes(situation, netrcFile));
	}
	if (jobToken) {
		warningCodes.push('geo-secondary-job-token');
		warnings.push(`git sends a CI job token (${describeCredential(credential)}) to the secondary: GitLab does not accept job tokens on a Geo secondary, so this works only for a project that needs no credentials`);
		situation.fixes.push(persistentTokenFix(situation, netrcFile));
	}
	if (credential.method === 'netrc' && !primaryEntry) {
		warningCodes.push('geo-secondary-no-primary-credentials');
		warnings.push(`git has a .netrc entry for ${target.host} but none for the primary ${primary}: if the secondary sends git to ${primary}, git has no credentials there (GitLab's docs require entries for both hosts)`);
		situation.fixes.push(netrcEntryFix(primary, credential.login, netrcFile, `Add an entry for the primary ${primary} to .netrc as well, with the same token`));
	}
	if (reachable && !reachable.ok) details.push(`Go's HTTPS client could not reach ${target.hostPort} (${failureText(reachable.failure)}), but git did: Go itself never talks to the secondary.`);
	details.unshift(`git sends ${describeCredential(credential)} to ${target.hostPort}.`);
	const lines = result.stdout.split('\n').filter(line => /\t/.test(line) && !line.endsWith('^{}')).length;
	const using =
		credential.method === 'url'
			? ' with the credentials in the URL'
			: credential.method === 'netrc'
				? ` with ${credential.login ? `${credential.login}'s` : 'the'} token from .netrc`
				: credential.method === 'helper'
					? ' with a credential helper\'s answer'
					: ' without credentials';
	return finish(situation, `git reaches the Geo secondary ${target.hostPort} over HTTPS${using}: ${lines} ref${lines === 1 ? '' : 's'}`, data(true, outOfDate));
}

/** `https://geo/-/from_secondary/2/g/p.git/info/refs?service=…` → `/-/from_secondary/2/g/p.git`. */
function repositoryPart(url: string): string {
	const path = /^[a-z]+:\/\/[^/]*(\/.*)$/i.exec(url)?.[1] ?? url;
	return path.replace(/\?.*$/, '').replace(/\/info\/refs$/, '').replace(/\/$/, '');
}

function sameHost(a: string, b: string): boolean {
	return a === '' || hostnameOf(a) === hostnameOf(b);
}

function persistentTokenFix(situation: Situation, netrcFile: string | undefined): Fix {
	const {target, primary} = situation;
	const link = tokenFormLink(primary);
	return netrcEntriesFix({
		hosts: [primary, target.hostPort],
		...(netrcFile ? {file: netrcFile} : {}),
		title: `Use a persistent token that replicates to the secondary (a personal, project or group access token with read_api; in CI keep it in a masked CI/CD variable), in .netrc for both ${primary} and ${target.hostPort}`,
		...(link ? {link} : {}),
	});
}

type HttpsFailure = {
	failure: GitFailure;
	credential: GitCredential;
	primaryEntry: {login: string; password: string; file: string; line: number} | undefined;
	jobToken: boolean;
	goUsesJobToken: boolean;
	geo: GeoRoute;
	outdatedUrl: string | undefined;
	reachable: HttpResult | undefined;
	netrcFile: string | undefined;
};

const authFailures = new Set<GitFailure['kind']>(['no-credentials', 'no-password', 'auth-rejected']);
const reachFailures = new Set<GitFailure['kind']>(['dns', 'refused', 'timeout', 'proxy', 'tls']);

function judgeHttpsFailure(situation: Situation, facts: HttpsFailure, data: GeoSecondaryData): Outcome<GeoSecondaryData> {
	const {target, primary, route} = situation;
	const {failure, credential, primaryEntry, geo, netrcFile} = facts;
	const path = projectPathOf(target.origin);
	const wentToPrimary = geo.otherHosts.length > 0;
	const authFailed = authFailures.has(failure.kind);

	// 1. The secondary sent git to the primary's host and the URL's credentials stayed behind (issue 412077).
	if (authFailed && wentToPrimary && credential.method === 'url') {
		return failWith(
			situation,
			'geo-secondary-url-credential-dropped',
			`the secondary ${target.hostPort} sent git to the primary ${geo.otherHosts.join(', ')} (its copy of ${path} is not up to date), and git dropped the credentials embedded in the URL there: HTTP Basic: Access denied`,
			[
				'git (libcurl) never sends a URL\'s user name and password to another host after a redirect, so the primary sees a request without credentials, or only the password prompt git cannot show under go get.',
				'With .netrc entries for both hosts instead, libcurl finds credentials for whichever host git lands on.',
			],
			embeddedCredentialFixes(situation, netrcFile),
			data,
		);
	}
	// 2. Sent to the primary, where git has no .netrc entry.
	if (authFailed && wentToPrimary && !primaryEntry && credential.method !== 'none') {
		return failWith(
			situation,
			'geo-secondary-no-primary-credentials',
			`the secondary ${target.hostPort} sent git to the primary ${geo.otherHosts.join(', ')} (its copy of ${path} is not up to date), and git has no credentials for ${primary}`,
			[`libcurl looks up .netrc for the host it is redirected to; ${netrcFile ?? '~/.netrc'} has an entry for ${target.host} only. GitLab's docs require entries for both hosts.`],
			[netrcEntryFix(primary, credential.login, netrcFile, `Add an entry for the primary ${primary} to .netrc, with the same token as for ${target.hostPort}`)],
			data,
		);
	}
	// 3. A CI job token: valid on the primary only (docs/gitlab.md §3.2).
	if (authFailed && facts.jobToken) {
		return failWith(
			situation,
			'geo-secondary-job-token',
			`the Geo secondary ${target.hostPort} rejects the CI job token git sends (${describeCredential(credential)}): job tokens do not work over HTTP on a secondary`,
			[
				'A job token exists only while its job runs and is created on the primary; the secondary checks credentials against its replicated, read-only database, where the token is not (yet) known. GitLab\'s docs: "You cannot use CI/CD job tokens to fetch Go modules with HTTP" from a secondary (docs/gitlab.md §3.2).',
				'git reports the rejection as "could not read Username … terminal prompts disabled": after the 401 it has nothing else to try.',
			],
			[
				persistentTokenFix(situation, netrcFile),
				commandFix({title: 'Or, in CI, leave git on the primary: remove the insteadOf rule that sends it to the secondary', safe: false}, () =>
					route.rule ? [unsetInsteadOfCommand(routeLocation(situation.context, route), route.rule.base)] : [],
				),
			],
			data,
		);
	}
	// 4. Nothing for the secondary at all.
	if ((failure.kind === 'no-credentials' || failure.kind === 'no-password') && credential.method === 'none') {
		const login = primaryEntry?.login;
		return failWith(
			situation,
			'geo-secondary-no-credentials',
			`git has no credentials for the Geo secondary ${target.hostPort}: "could not read Username for 'https://${target.hostPort}': terminal prompts disabled"`,
			[
				`The .netrc entry for ${primary} does not count for ${target.host}: libcurl looks up the host git connects to. GitLab's docs require a .netrc entry for both hosts, with the same token (tokens replicate to the secondary).`,
				...(primaryEntry ? [`${primaryEntry.file}:${primaryEntry.line} has ${primaryEntry.login} / ${maskSecret(primaryEntry.password)} for ${primary}.`] : []),
			],
			[netrcEntryFix(target.hostPort, login, netrcFile, `Add an entry for the secondary ${target.hostPort} to .netrc, with the same token as for ${primary}`)],
			data,
		);
	}
	// 5. Credentials sent, and refused by the secondary.
	if (authFailed) {
		const different = credential.method === 'netrc' && primaryEntry && primaryEntry.password !== credential.password;
		return failWith(
			situation,
			'geo-secondary-auth-rejected',
			`the Geo secondary ${target.hostPort} rejected the credentials git sent (${describeCredential(credential)})`,
			[
				'The secondary knows only what has replicated from the primary: a token created moments ago may not be there yet, and a revoked or expired one is refused there too.',
				...(different ? [`The .netrc entries for ${primary} and ${target.host} hold different tokens; use the one that works on the primary for both.`] : []),
				...(failure.kind === 'auth-rejected' && failure.serverMessage ? [`GitLab says: ${failure.serverMessage}`] : []),
			],
			[netrcEntryFix(target.hostPort, credential.login, netrcFile, `Give ${target.hostPort} the same personal access token (read_api) as ${primary} in .netrc`)],
			data,
		);
	}
	// 6. The secondary cannot be reached the way git goes.
	if (reachFailures.has(failure.kind)) {
		const judged = judgeFailure(failure, gitAccessSituation(situation));
		const probe = facts.reachable && !facts.reachable.ok ? [`Go's HTTPS client fails there as well: ${failureText(facts.reachable.failure)}.`] : [];
		return failWith(situation, judged.reason ?? 'git-failed', `git cannot reach the Geo secondary ${target.hostPort}: ${judged.summary}`, [...probe, ...(judged.details ?? [])], judged.fixes ?? [], data);
	}
	const judged = judgeFailure(failure, gitAccessSituation(situation));
	return failWith(situation, judged.reason ?? 'git-failed', `through the Geo secondary ${target.hostPort}: ${judged.summary}`, judged.details ?? [], judged.fixes ?? [], data);
}

/** How a git config command reaches the file the insteadOf rule is in (the same rule as git-route's fixes). */
function routeLocation(context: CheckContext, route: GitRouteData): string {
	return ruleLocation(route.rule, context.system.env, context.system.homeDir);
}
