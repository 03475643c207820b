// GitLab's own Go proxy, …/api/v4/projects/ID/packages/go (docs/gitlab.md §4): why it did not serve the module,
// from its answer: the go_proxy feature flag, the project ID, the token kinds and scopes it takes, the Reporter role.
import {maskSecret} from '../engine/redact.js';
import type {CheckContext, Fix} from '../engine/types.js';
import {formatGoproxy, type GoproxyItem} from '../rules/goproxy.js';
import {parseGitlabProxy, type GitlabProxyUrl} from '../rules/gitlab-proxy-url.js';
import {askableModulePaths, candidateModulePaths, hostOf} from '../rules/module-path.js';
import {mergedPrivatePatterns} from '../rules/private-patterns.js';
import {netrcEntryFix, replaceTokenFix} from '../fixes/builders.js';
import {apiError, apiGet, fieldsOf, gitlabPrefixOf, isDeployLogin} from './gitlab-api.js';
import {setting} from './go-env.js';
import type {Asked, SentCredential} from './go-proxy-ask.js';
import {goEnvCommands} from './go-proxy-fixes.js';

const featureFlagDocs = 'https://docs.gitlab.com/administration/feature_flags/';
export const goProxyDocs = 'https://docs.gitlab.com/user/packages/go_proxy/';

export type Explanation = {summary: string; details: string[]; fixes: Fix[]};

/** Why a GitLab Go proxy did not serve the module, from its answer (docs/gitlab.md §4). */
export async function explainGitlab(context: CheckContext, asked: Asked, signal: AbortSignal): Promise<Explanation> {
	const {answer, credential} = asked;
	const proxy = asked.gitlab!;
	const module = context.target.module;
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
				fixes: [netrcEntryFix({host: proxy.host, ...(asked.netrcFile ? {file: asked.netrcFile} : {}), applicable: true})],
			};
		}
		const password = credential.password;
		const jobToken = credential.login === 'gitlab-ci-token' || gitlabPrefixOf(password) === 'glcbt';
		const deploy = isDeployLogin(credential.login) || gitlabPrefixOf(password) === 'gldt';
		if (jobToken || deploy) {
			return {
				summary: `${where} rejects the ${jobToken ? 'CI job token' : 'deploy token'} Go sends (${sent}): 401 Unauthorized`,
				details: [
					`GitLab's Go proxy reads only personal, project and group access tokens from HTTP Basic; a ${jobToken ? 'job token works there only in a JOB-TOKEN header, which Go cannot send' : 'deploy token is not accepted there'} (docs/gitlab.md §4).`,
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
		if (answer.message.startsWith('200 with an empty')) {
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
				'GitLab\'s Go proxy is an experiment behind the go_proxy feature flag, off by default; only an administrator can turn it on, for the instance or for one project (docs/gitlab.md §4).',
				...(project ? [`The project ID is right: ${decodeId(proxy.projectId)} is ${project}.`] : ['Without a token this tool cannot ask GitLab which project the ID names.']),
			],
			fixes: [
				{
					title: `Ask a GitLab administrator to turn on the go_proxy feature flag for the project (the Go proxy is an experiment)`,
					commands: [`sudo gitlab-rails runner "Feature.enable(:go_proxy, Project.find(${railsProjectRef(proxy.projectId)}))"`],
					safe: false,
					link: featureFlagDocs,
				},
				fetchDirectFix(context.target.module, asked),
			],
		};
	}
	return {
		summary: `${where} answered ${answer.message}`,
		details: status !== undefined && status >= 500 ? ['A server error: try again later, or tell the GitLab administrators.'] : [],
		fixes: [],
	};
}

/** The project for a Rails console line: its number, or its path in quotes; anything else (foreign text) a placeholder. */
function railsProjectRef(projectId: string): string {
	if (/^\d+$/.test(projectId)) return projectId;
	const path = decodeId(projectId);
	return /^[\w.\/-]+$/.test(path) ? `'${path}'` : 'PROJECT_ID';
}

export function decodeId(id: string): string {
	try {
		return decodeURIComponent(id);
	} catch {
		return id;
	}
}

/** The project the proxy's ID names, asked with the token Go sends, as PRIVATE-TOKEN (the same host, over HTTPS). */
async function projectPathOf(context: CheckContext, proxy: GitlabProxyUrl, credential: SentCredential, signal: AbortSignal): Promise<string | undefined> {
	if (proxy.root !== '' || proxy.scheme !== 'https') return undefined;
	const answer = await apiGet(context, proxy.host, {path: `projects/${proxy.projectId}`, headers: {'PRIVATE-TOKEN': credential.password}, signal});
	if (answer.kind !== 'json' || answer.status !== 200) return undefined;
	const path = fieldsOf(answer.body)['path_with_namespace'];
	return typeof path === 'string' ? path : undefined;
}

/** The GOPROXY entry with the ID of the project the module path names, when GitLab tells it. */
async function rightIdFixes(context: CheckContext, asked: Asked, signal: AbortSignal): Promise<Fix[]> {
	const {credential, entry} = asked;
	const proxy = asked.gitlab!;
	const module = context.target.module;
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


function replaceEntry(asked: Asked, url: string): string {
	return formatGoproxy(asked.entries.map(entry => (entry === asked.entry ? {raw: url, fallback: entry.fallback} : entry)));
}

export function fetchDirectFix(module: string, asked: Asked): Fix {
	const entries: GoproxyItem[] = asked.entries.filter(entry => entry !== asked.entry && !(entry.kind === 'proxy' && entry.url && parseGitlabProxy(entry.url)));
	// Nothing else left: Go's own default.
	if (entries.length === 0) entries.push({raw: 'https://proxy.golang.org', fallback: 'not-found'});
	if (!asked.entries.some(entry => entry.kind === 'direct' || entry.kind === 'off')) entries.push({raw: 'direct', fallback: 'none'});
	const goprivate = mergedPrivatePatterns(setting(asked.goEnv, 'GOPRIVATE'), module);
	const values = {GOPROXY: formatGoproxy(entries), GOPRIVATE: goprivate};
	return {
		title: 'Or fetch the module with git instead of the proxy: take the GitLab Go proxy out of GOPROXY and mark the module private',
		commands: goEnvCommands(asked.goEnv, values),
		safe: false,
	};
}

