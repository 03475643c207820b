// git-access: does `git ls-remote -q origin` succeed when run the way Go runs it (docs/git.md §0, §5.1;
// docs/go.md §6)? The user's environment plus GIT_TERMINAL_PROMPT=0, GCM_INTERACTIVE=never and, as Go up to
// 1.2x does, GIT_SSH_COMMAND; a throwaway bare repository whose origin is the URL Go gives git (not the rewritten
// one, so git applies insteadOf itself); our own time limit, since git has no HTTP connect timeout (docs/git.md §6.25).
import {commandFix, gitCaFix, linkTo} from '../fixes/builders.js';
import {checkedHost, path as pathArg, raw, sh} from '../fixes/command.js';
import {netrcEntryFix, tokenFormLink} from '../fixes/builders.js';
import type {GoImportData, GitRouteData, GitAuthData, GitAccessData} from '../engine/check-data.js';
import type {ModuleTarget} from '../engine/target.js';
import {type Check, type CheckContext, type Fix, type Outcome, type Upstream, defineCheck} from '../engine/types.js';
import {classifyGitStderr, findGeoRedirect, type GitFailure} from '../rules/git-errors.js';
import {describeGitUrl} from '../rules/insteadof.js';
import {configValue, goSshCommand, installGitFix, refusesBareRepository, withGoLikeRepo} from './go-like-git.js';
import {atRepositoryRoot, missingVersion} from '../rules/version-tags.js';
import {judgeSshFailure} from './git-auth-ssh.js';
import {shellQuote} from '../fixes/command.js';

export type RefSummary = {refs: number; versionTags: string[]; head: boolean};

/** `<oid>\t<ref>` lines of ls-remote: how many refs, which `v*` tags (peeled `^{}` entries not counted twice). */
export function summariseRefs(stdout: string): RefSummary {
	const refs = stdout
		.split('\n')
		.map(line => line.split('\t')[1]?.trim())
		.filter((ref): ref is string => ref !== undefined && ref !== '' && !ref.endsWith('^{}'));
	const versionTags = refs.filter(ref => ref.startsWith('refs/tags/v')).map(ref => ref.slice('refs/tags/'.length));
	return {refs: refs.length, versionTags, head: refs.includes('HEAD')};
}

/** git's libcurl reads ~/.netrc: the same entry fix as every step, for the host git goes to. */
function netrcFix(host: string): Fix {
	return netrcEntryFix({host, title: `Give git a personal access token (read_api) for ${host} in ~/.netrc, which git's libcurl reads (for YOUR_TOKEN)`});
}

type Situation = {
	route: GitRouteData;
	auth?: GitAuthData;
	modulePath?: ModuleTarget;
	goImport?: GoImportData;
	host: string;
	timeoutMs: number;
	env: CheckContext['system']['env'];
	httpsPassed: boolean;
};

function credentialName(auth: GitAuthData | undefined): string {
	if (!auth || auth.method === 'none') return 'no credentials';
	const who = auth.user ? `${auth.user} ` : '';
	switch (auth.method) {
		case 'url':
			return `${who}from ${auth.source ?? 'the URL'}`;
		case 'netrc':
			return `${who}from .netrc${auth.source ? ` (${auth.source})` : ''}`;
		case 'helper':
			return `${who}from ${auth.source ?? 'a credential helper'}`;
		case 'ssh':
			return `an SSH key${auth.user ? ` of @${auth.user}` : ''}`;
	}
}

/** GitLab answers an unauthenticated request for a subgroup project with the first two path elements (docs/gitlab.md §6 #1). */
function twoSegmentHint(situation: Situation): string | undefined {
	const {route, modulePath} = situation;
	if (!modulePath?.subgroup || route.urlSource !== 'go-import') return undefined;
	if (situation.goImport?.anonymous === 'two-segment-fallback') {
		return `Go asks git for ${route.originalUrl}: GitLab answered ?go-get=1 without credentials with only the first two path elements. Go must send a read_api token from .netrc (see the go-import step), or the module path must carry .git.`;
	}
	const repoPath = describeGitUrl(route.originalUrl).path?.replace(/^\/|\.git$/g, '') ?? '';
	const wanted = (modulePath.candidates[0] ?? '').split('/').slice(1).join('/');
	if (repoPath !== '' && wanted.startsWith(`${repoPath}/`) && repoPath.split('/').length === 2) {
		return `Go asks git for ${repoPath}, only the first two elements of ${wanted}: that is what GitLab answers ?go-get=1 without credentials for a subgroup path. Go must send a read_api token from .netrc (see the go-import step), or the module path must carry .git.`;
	}
	return undefined;
}

/** The stable code of a git failure (JSON `reason`): its kind, and for ssh what ssh said. */
export function gitFailureReason(failure: GitFailure): string {
	return failure.kind === 'ssh' ? `git-ssh-${failure.failure.kind}` : `git-${failure.kind}`;
}

export function judgeFailure(failure: GitFailure, situation: Situation): Outcome<GitAccessData> {
	return {...judgeGitFailure(failure, situation), reason: gitFailureReason(failure)};
}

function judgeGitFailure(failure: GitFailure, situation: Situation): Outcome<GitAccessData> {
	const {route, auth, host, timeoutMs} = situation;
	const data: GitAccessData = {ok: false, failure};
	// After GitLab rejects the .netrc entry git asks the helpers; a second rejection is the helper's (docs/git.md §2.1 step 3).
	const sent =
		failure.kind === 'auth-rejected' && auth?.method === 'netrc' && auth.fallback
			? `${auth.fallback.user ? `${auth.fallback.user} ` : ''}from ${auth.fallback.source ?? 'a credential helper'}, after GitLab rejected the .netrc entry ${auth.source ?? ''}`.trim()
			: credentialName(auth);
	switch (failure.kind) {
		case 'no-credentials':
		case 'no-password':
		case 'auth-rejected':
		case 'not-found':
		case 'forbidden':
			return judgeCredentialFailure(failure, situation, sent);
		case 'tls':
			return judgeTlsFailure(failure, situation);
		case 'dns':
			return {
				status: 'fail',
				summary: `${describeGitUrl(route.url).kind === 'scp' || describeGitUrl(route.url).kind === 'ssh' ? 'ssh' : 'git'} cannot resolve the host name ${failure.host}`,
				details: ['Check the host name (and the insteadOf rule that may have changed it); behind a proxy, git needs HTTPS_PROXY or http.proxy, and ssh uses neither.'],
				data,
			};
		case 'refused':
			return {status: 'fail', summary: `nothing accepts git's connection: ${failure.detail}`, details: ['A proxy setting git does not share with Go, or the wrong port in the URL.'], data};
		case 'timeout':
			return {
				status: 'fail',
				summary: `git ls-remote did not finish within ${timeoutMs / 1000} s: ${failure.detail}`,
				details: ['git has no connect timeout for HTTPS: under go get it waits until the kernel gives up (about two minutes).'],
				data,
			};
		case 'proxy':
			return {status: 'fail', summary: `git could not get through the proxy: ${failure.detail}`, details: ['git reads HTTPS_PROXY/https_proxy and http.proxy.'], data};
		case 'netrc-parse':
			return {
				status: 'fail',
				summary: 'libcurl cannot parse ~/.netrc: git fails with ".netrc parser error"',
				details: ['An unterminated quote stops libcurl; see the git-auth step for the line.'],
				data,
			};
		case 'local-path':
			return {status: 'fail', summary: `git reads ${failure.path} as a local directory: an insteadOf rule has no ':' after the host (see git-route)`, data};
		case 'bad-config':
			return {status: 'fail', summary: `git stops on a configuration error: ${failure.detail.split('\n')[0]}`, details: ['See the git-route step for the rule and its fix.'], data};
		case 'ssh': {
			const target = describeGitUrl(route.url);
			const judged = judgeSshFailure(failure.failure, {
				host: target.host ?? host,
				port: target.port ?? 22,
				moduleHost: route.moduleHost,
				identityFiles: [],
				connectSeconds: Math.round(timeoutMs / 1000),
				probe: {code: undefined, stdout: '', stderr: '', timedOut: false},
			});
			return {...judged, summary: `git over SSH: ${judged.summary}`, data};
		}
		case 'geo-redirect':
			return {status: 'fail', summary: `git was redirected to ${failure.url} and then failed`, details: ['The Geo secondary\'s copy is out of date; see the geo-secondary step.'], data};
		case 'unknown':
			return {status: 'fail', summary: `git ls-remote failed: ${failure.detail}`, data};
	}
}

type CredentialFailure = Extract<GitFailure, {kind: 'no-credentials' | 'no-password' | 'auth-rejected' | 'not-found' | 'forbidden'}>;

/** GitLab did not take what git sent, or git had nothing to send (docs/git.md §2). */
function judgeCredentialFailure(failure: CredentialFailure, situation: Situation, sent: string): Outcome<GitAccessData> {
	const {route, auth, host} = situation;
	const data: GitAccessData = {ok: false, failure};
	switch (failure.kind) {
		case 'no-credentials': {
			const details = [
				'GitLab answered 401 and git had nothing to send, so with prompts disabled (as under go get) it gave up. Go adds "Confirm the import path was entered correctly" to this message.',
				'GitLab answers 401 for a project that does not exist too, so a mistyped path looks the same.',
			];
			if (auth?.method === 'netrc') {
				details.unshift(`git did send the .netrc entry ${auth.source ?? ''} (login ${auth.user ?? '?'}), and GitLab rejected it: a wrong .netrc entry looks to git exactly like none. Make a new token.`);
			}
			return {
				status: 'fail',
				summary: `git has no credentials GitLab accepts for ${failure.host}: "could not read Username ... terminal prompts disabled"`,
				details,
				fixes: [netrcFix(route.host ?? host)],
				data,
			};
		}
		case 'no-password':
			return {
				status: 'fail',
				summary: `git has the user ${failure.user} for ${failure.host} but no password: "could not read Password ... terminal prompts disabled"`,
				details: ['The URL (or credential.username) names a user, but neither .netrc for that login nor a credential helper has a password.'],
				fixes: [netrcFix(route.host ?? host)],
				data,
			};
		case 'auth-rejected': {
			const fromHelper = auth?.method === 'helper' || auth?.fallback !== undefined;
			return {
				status: 'fail',
				summary: `GitLab rejected the credentials git sent (${sent}): HTTP Basic: Access denied`,
				details: [
					'The token is wrong, expired, revoked, or lacks a scope that allows git (read_repository, read_api or api); a password does not work when the account uses two-factor authentication or password authentication for git is off.',
					...(failure.serverMessage ? [`GitLab says: ${failure.serverMessage}`] : []),
				],
				fixes: [
					commandFix(
						{
							title: `Make a new personal access token (read_api) and put it where git reads it (${fromHelper ? 'forget the stored one first; git asks again and the helper keeps the new one' : auth?.method === 'url' ? 'the URL in your git config' : '.netrc'})`,
							safe: false,
							...linkTo(tokenFormLink(situation.route.moduleHost)),
						},
						() => (fromHelper ? [`printf 'protocol=${route.kind === 'http' ? 'http' : 'https'}\\nhost=${checkedHost(route.port !== undefined ? `${route.host}:${route.port}` : (route.host ?? host))}\\n\\n' | git credential reject`] : []),
					),
				],
				data,
			};
		}
		case 'not-found': {
			const hint = twoSegmentHint(situation);
			return {
				status: 'fail',
				summary: `GitLab says ${describeGitUrl(route.url).path ?? route.url} does not exist for the credentials git sent (${sent})`,
				details: [
					...(hint ? [hint] : []),
					'An authenticated 404: the user cannot see the project (not a member, or the token belongs to someone else), or the path is wrong.',
					...(failure.serverMessage ? [`GitLab says: ${failure.serverMessage}`] : []),
				],
				fixes: [
					{
						title: 'Check that the project exists at that path and that this user is a member (Reporter or higher for a private project)',
						commands: [],
						safe: false,
						link: `https://${route.moduleHost}/${describeGitUrl(route.originalUrl).path?.replace(/^\/|\.git$/g, '') ?? ''}`,
					},
				],
				data,
			};
		}
		case 'forbidden':
			return {
				status: 'fail',
				summary: `GitLab refused to let ${sent} download code: ${failure.serverMessage ?? '403 Forbidden'}`,
				details: [
					'The token authenticates but lacks a scope that allows git (read_repository, read_api or api), or the user is only a Guest of a private project.',
				],
				fixes: [{title: 'Make a personal access token with read_api (enough for go-get and for git)', commands: [], safe: false, link: tokenFormLink(route.moduleHost)}],
				data,
			};
	}
}

/** git (libcurl) does not trust the server: its own CA settings, not Go's (docs/git.md §1.3). */
function judgeTlsFailure(failure: Extract<GitFailure, {kind: 'tls'}>, situation: Situation): Outcome<GitAccessData> {
	const {route, host} = situation;
	const data: GitAccessData = {ok: false, failure};
	switch (failure.kind) {
		case 'tls': {
			const certFile = situation.env['SSL_CERT_FILE'];
			// GIT_SSL_CAINFO beats http.sslCAInfo (git http.c sets it last; docs/git.md §1.3, §6.21).
			const envCaInfo = situation.env['GIT_SSL_CAINFO'];
			const caHost = route.port !== undefined ? `${route.host ?? host}:${route.port}` : (route.host ?? host);
			if (envCaInfo) {
				return {
					status: 'fail',
					summary: `git does not trust the certificate of ${route.host ?? host}: ${failure.detail}`,
					details: [
						`GIT_SSL_CAINFO=${envCaInfo} is set in the environment: git trusts only that file, and it overrides http.sslCAInfo from any git config.`,
						situation.httpsPassed ? 'Go trusts this server (the https step passed): Go reads SSL_CERT_FILE and the system store, git does not.' : 'Go does not read GIT_SSL_CAINFO.',
					],
					fixes: [
						commandFix({title: 'Point GIT_SSL_CAINFO at a bundle that holds the GitLab CA (in your shell profile)', safe: false}, () => [sh`export ${raw('GIT_SSL_CAINFO=')}${pathArg(certFile ?? '/path/to/ca.pem')}`]),
						// GIT_SSL_CAINFO beats any git config, so the config fix alone would not work: not applied by the tool.
						{...gitCaFix(caHost, certFile, 'Or drop the variable and set the CA in git config, for this host only'), safe: false, actions: undefined, commands: ['unset GIT_SSL_CAINFO', ...gitCaFix(caHost, certFile).commands]},
					],
					data,
				};
			}
			return {
				status: 'fail',
				summary: `git does not trust the certificate of ${route.host ?? host}: ${failure.detail}`,
				details: [
					'git (libcurl) uses its own CA settings: http.sslCAInfo, GIT_SSL_CAINFO, or its TLS library\'s default bundle.',
					situation.httpsPassed
						? 'Go trusts this server (the https step passed): Go reads SSL_CERT_FILE and the system store, git does not.'
						: 'Go may trust it through SSL_CERT_FILE or the system store; git does not read those the same way.',
				],
				fixes: [
					gitCaFix(caHost, certFile, 'Tell git which CA signs the GitLab certificate (for this host only)'),
				],
				data,
			};
		}
	}
}

/** git refuses Go's bare cache repository: safe.bareRepository=explicit, and this Go sets no GIT_DIR. */
function bareRepositoryRefused(goVersion: string | undefined, evidence: Record<string, unknown>, notes: string[]): Outcome<GitAccessData> {
	return {
		status: 'fail',
		summary: `git refuses the bare repository go keeps in its module cache: safe.bareRepository is 'explicit' and ${goVersion ?? 'this go'} runs git there without GIT_DIR`,
		details: ['Go 1.21 and later set GIT_DIR for these git commands, so the setting no longer stops them.', ...notes],
		evidence,
		fixes: [
			{title: 'Use Go 1.21 or later (or a go.mod toolchain line that selects it)', commands: [], safe: false},
			{title: 'Or allow bare repositories found by git again', commands: ['git config --global safe.bareRepository all'], safe: false},
		],
		data: {ok: false},
	};
}

export const gitAccessCheck = defineCheck({
	id: 'git-access',
	title: 'git ls-remote',
	needs: ['git-route'],
	// Read for the judgement only (a subgroup fallback, whether Go trusted the server); git-route waits for them anyway.
	after: ['git-auth', 'go-import', 'https', 'go-env'],
	reads: ['git-config', 'netrc-file', 'ssh-config', 'ca-certificates'],
	local: false,
	// Judged only when go reaches the direct route (no GOPROXY entry serves the module or stops go first).
	route: 'direct',
	async run(context, upstream, signal): Promise<Outcome<GitAccessData>> {
		const route = upstream.data('git-route');
		if (!route) return {status: 'skip', summary: 'git-route found no URL for git'};
		return lsRemote(context, upstream, route, signal);
	},
});

async function lsRemote(context: CheckContext, upstream: Upstream<'git-auth' | 'go-import' | 'https' | 'go-env'>, route: GitRouteData, signal: AbortSignal): Promise<Outcome<GitAccessData>> {
	const {options, system} = context;
	const situation: Situation = {
		route,
		auth: upstream.data('git-auth'),
		modulePath: context.target,
		goImport: upstream.data('go-import'),
		host: route.host ?? route.moduleHost,
		timeoutMs: options.timeoutMs,
		env: system.env,
		httpsPassed: upstream.result('https')?.status === 'pass',
	};
	return withGoLikeRepo(
		context,
		route.originalUrl,
		async opened => {
			if (opened.kind === 'git-missing') {
				return {status: 'fail', summary: 'git is not installed', fixes: [installGitFix(system.platform)], data: {ok: false}};
			}
			if (opened.kind === 'init-failed') {
				return {status: 'fail', summary: `git init --bare failed: ${opened.result.stderr.trim()}`, data: {ok: false}};
			}
			const repo = opened.repo;
			const evidence: Record<string, unknown> = {
				command: 'git ls-remote -q origin',
				origin: route.originalUrl,
				environment: `GIT_TERMINAL_PROMPT=0 GCM_INTERACTIVE=never${repo.sshCommandAdded ? ` GIT_SSH_COMMAND="${goSshCommand}"` : ''}`,
			};
			const notes: string[] = [];
			if (repo.userAllowsPrompts) notes.push(`Your GIT_TERMINAL_PROMPT=${system.env['GIT_TERMINAL_PROMPT']} lets git prompt under go get; this check runs with prompts off.`);
			if (route.kind === 'scp' || route.kind === 'ssh') {
				const core = configValue(await repo.config(), 'core.sshCommand')?.trim();
				if (repo.sshCommandAdded && core) {
					notes.push(
						`core.sshCommand=${core} is set, but Go up to 1.2x sets GIT_SSH_COMMAND="${goSshCommand}", which overrides it; this check runs as those versions do. The newest Go no longer sets it.`,
					);
				}
			}
			if (opened.kind === 'remote-add-failed' && refusesBareRepository(opened.result)) {
				evidence['gitSays'] = opened.result.stderr.trim().replace(opened.repo.dir, '$GOMODCACHE/cache/vcs/…');
				return bareRepositoryRefused(upstream.data('go-env')?.goVersion?.text, evidence, notes);
			}
			if (opened.kind === 'remote-add-failed') {
				const failure = classifyGitStderr(opened.result.stderr, {url: route.originalUrl});
				evidence['gitSays'] = opened.result.stderr.trim();
				const judged = judgeFailure(failure, situation);
				return {...judged, details: [...(judged.details ?? []), ...notes], evidence};
			}
			const result = await repo.lsRemote({timeoutMs: options.timeoutMs, signal});
			if (result.stderr.trim() !== '') evidence['gitSays'] = result.stderr.trim();
			if (result.timedOut) {
				const failure: GitFailure = {kind: 'timeout', detail: `no answer from ${route.host ?? route.url}; the process was stopped`};
				const judged = judgeFailure(failure, situation);
				evidence['unreachable'] = true;
				return {...judged, details: [...(judged.details ?? []), ...notes], evidence};
			}
			if (result.code !== 0) {
				const failure = classifyGitStderr(result.stderr, {url: route.url});
				const judged = judgeFailure(failure, situation);
				// "Cannot check now" (README, Exit status 3): git cannot reach the host at all.
				if (['dns', 'refused', 'timeout', 'proxy'].includes(failure.kind)) evidence['unreachable'] = true;
				if (route.urlSource === 'qualifier') {
					// docs/go.md §5.2: for a VCS-qualified path Go tries the next secure scheme before it gives up.
					notes.push(`For a .git-qualified path Go then tries git+ssh:// and ssh:// for the same repository, and reports "no secure protocol found for repository" when none works.`);
				}
				return {...judged, details: [...(judged.details ?? []), ...notes], evidence};
			}

			const refs = summariseRefs(result.stdout);
			const data: GitAccessData = {ok: true, refs: refs.refs, versionTags: refs.versionTags};
			evidence['refs'] = refs.refs;
			if (refs.versionTags.length > 0) evidence['versionTags'] = refs.versionTags.slice(0, 20);
			const credit = situation.auth && situation.auth.method !== 'none' ? ` with ${credentialName(situation.auth)}` : '';
			const where = route.url !== route.originalUrl ? `${route.url} (via insteadOf)` : route.url;
			const geo = findGeoRedirect(result.stderr);
			if (geo) {
				evidence['geoRedirect'] = geo.url;
				return {
					status: 'warn',
					reason: 'geo-secondary-out-of-date',
					summary: `git ls-remote worked, but the Geo secondary redirected git to ${geo.url}: its copy of the repository is out of date`,
					details: ['GitLab sends git to the primary until the secondary catches up; it works, but slower, and credentials embedded in the URL are lost if the primary is another host.', ...notes],
					evidence,
					data,
				};
			}
			// MODULE@VERSION or the version go.mod requires: go asks for that tag (README, Versions).
			const match = upstream.data('go-import')?.match;
			const root = match ? (match.subdir ? undefined : match.prefix) : context.target.qualifier?.root;
			const missing = atRepositoryRoot(context.target.module, root) ? missingVersion({version: context.target.version}, data) : undefined;
			if (missing) return {status: 'fail', summary: missing, details: notes, evidence, data: {...data, versionMissing: missing}};
			if (refs.refs === 0) {
				return {
					status: 'warn',
					reason: 'project-empty-repository',
					summary: `git reached ${where}${credit}, but the repository is empty: Go finds no version to download`,
					details: notes,
					evidence,
					data,
				};
			}
			const tags =
				refs.versionTags.length > 0
					? `${refs.versionTags.length} v* tag${refs.versionTags.length === 1 ? '' : 's'}`
					: 'no v* tags (Go will use a pseudo-version such as v0.0.0-20240101000000-abcdef123456 of the default branch)';
			return {
				status: 'pass',
				summary: `git ls-remote reached ${where}${credit}: ${refs.refs} ref${refs.refs === 1 ? '' : 's'}, ${tags}`,
				details: notes,
				evidence,
				data,
			};
		},
		// The repository this Go release makes (goSetsGitDir): go 1.19 runs git in it without GIT_DIR, and
		// safe.bareRepository=explicit stops it (confirmed with the real go).
		{signal, goEnv: upstream.data('go-env'), lastUse: true},
	);
}
