// REST endpoints the tool asks: /personal_access_tokens/self, /user, /metadata, /version,
// /projects/:id (docs/gitlab.md §2). The Go proxy lives in go-proxy.ts.
import type {IncomingMessage, ServerResponse} from 'node:http';
import {sendJson, versionLess} from './http-util.js';
import type {InstanceContext} from './context.js';
import {API_NOT_FOUND, apiAuth, PROJECT_NOT_FOUND, sendApiError, UNAUTHORIZED} from './api-auth.js';
import {PAT_KINDS, tokenState, type Project, type Token, type User} from './model.js';
import {handleGoProxy} from './go-proxy.js';
import {commitTime} from './repos.js';

const READ_SCOPES = ['api', 'read_api', 'read_user'];
const PROJECT_SCOPES = ['api', 'read_api'];

function selfBody(ctx: InstanceContext, token: Token, user: User): Record<string, unknown> {
	const old = versionLess(ctx.settings.instanceVersion, '16.0');
	const body: Record<string, unknown> = {id: token.id, name: token.name, revoked: token.revoked, created_at: token.createdAt};
	if (!old) body.description = token.description;
	body.scopes = token.scopes;
	body.user_id = user.id;
	if (!old) body.last_used_at = token.lastUsedAt;
	body.active = tokenState(token) === 'active';
	body.expires_at = token.expiresAt;
	body.last_used_ips = ['127.0.0.1'];
	return body;
}

export function userBody(ctx: InstanceContext, user: User): Record<string, unknown> {
	return {
		id: user.id, username: user.username, email: user.email, name: user.name, state: user.state, locked: false,
		avatar_url: null, web_url: `${ctx.base}/${user.username}`, created_at: '2024-01-01T00:00:00.000Z', bio: '', location: '',
		public_email: null, linkedin: '', twitter: '', discord: '', github: '', website_url: '', organization: '', job_title: '',
		pronouns: null, bot: user.bot, work_information: null, followers: 0, following: 0, local_time: null,
		last_sign_in_at: null, confirmed_at: '2024-01-01T00:00:00.000Z', theme_id: 1, last_activity_on: null, color_scheme_id: 1,
		projects_limit: 100000, current_sign_in_at: null, identities: [], can_create_group: true, can_create_project: true,
		two_factor_enabled: user.twoFactor, external: user.external, private_profile: false, commit_email: user.email,
		...(user.admin ? {is_admin: true} : {}),
	};
}

export function projectBody(ctx: InstanceContext, project: Project): Record<string, unknown> {
	const segments = project.path.split('/');
	const name = segments[segments.length - 1]!;
	const namespace = segments.slice(0, -1);
	const {sshUser, sshHost, sshPort} = ctx.settings;
	const sshUrl = sshPort === 22 ? `${sshUser}@${sshHost}:${project.path}.git` : `ssh://${sshUser}@${sshHost}:${sshPort}/${project.path}.git`;
	return {
		id: project.id, description: '', name, name_with_namespace: [...namespace, name].join(' / '), path: name,
		path_with_namespace: project.path, created_at: '2024-01-01T00:00:00.000Z',
		default_branch: project.hasRepo ? project.defaultBranch : null, tag_list: [], topics: [],
		ssh_url_to_repo: sshUrl, http_url_to_repo: `${ctx.base}/${project.path}.git`, web_url: `${ctx.base}/${project.path}`,
		readme_url: null, forks_count: 0, avatar_url: null, star_count: 0,
		last_activity_at: commitTime(Math.max(project.tags.length - 1, 0)).toISOString(),
		namespace: {
			id: 1000 + project.id, name: namespace[namespace.length - 1] ?? '', path: namespace[namespace.length - 1] ?? '', kind: 'group',
			full_path: namespace.join('/'), parent_id: null, avatar_url: null, web_url: `${ctx.base}/groups/${namespace.join('/')}`,
		},
		visibility: project.visibility, empty_repo: !project.hasRepo, archived: false, repository_access_level: 'enabled', packages_enabled: true,
	};
}

function metadataBody(ctx: InstanceContext): Record<string, unknown> {
	const version = ctx.settings.instanceVersion;
	const kas: Record<string, unknown> = {enabled: false, externalUrl: null};
	if (!versionLess(version, '17.6')) kas.externalK8sProxyUrl = null;
	kas.version = null;
	const body: Record<string, unknown> = {version, revision: 'f4ke9e7a1b2', kas};
	if (!versionLess(version, '15.6')) body.enterprise = /-ee$/.test(version);
	return body;
}

/** Raw (still percent-encoded) path below /api/v4, e.g. `projects/group%2Fproject`. */
export function handleApi(ctx: InstanceContext, req: IncomingMessage, res: ServerResponse, url: URL, apiPath: string): void {
	const version = ctx.settings.instanceVersion;
	const get = req.method === 'GET' || req.method === 'HEAD';

	if (apiPath === 'personal_access_tokens/self' && get && !versionLess(version, '15.5')) {
		const auth = apiAuth(ctx, req, url, {});
		if (auth.kind === 'error') return sendApiError(res, auth.error);
		if (auth.kind === 'anonymous') return sendApiError(res, UNAUTHORIZED);
		if (!PAT_KINDS.has(auth.token.kind)) {
			return sendJson(res, 400, {message: '400 Bad request - This endpoint requires token type to be a personal access token'});
		}
		return sendJson(res, 200, selfBody(ctx, auth.token, auth.actor.user!));
	}
	if (apiPath === 'user' && get) {
		const auth = apiAuth(ctx, req, url, {scopes: READ_SCOPES});
		if (auth.kind === 'error') return sendApiError(res, auth.error);
		if (auth.kind === 'anonymous') return sendApiError(res, UNAUTHORIZED);
		return sendJson(res, 200, userBody(ctx, auth.actor.user!));
	}
	if ((apiPath === 'version' || (apiPath === 'metadata' && !versionLess(version, '15.2'))) && get) {
		const auth = apiAuth(ctx, req, url, {scopes: READ_SCOPES});
		if (auth.kind === 'error') return sendApiError(res, auth.error);
		if (auth.kind === 'anonymous') return sendApiError(res, UNAUTHORIZED);
		return sendJson(res, 200, metadataBody(ctx));
	}
	const goProxy = /^projects\/([^/]+)\/packages\/go\/(.+)$/.exec(apiPath);
	if (goProxy && get) return handleGoProxy(ctx, req, res, url, decodeURIComponent(goProxy[1]!), goProxy[2]!);
	const project = /^projects\/([^/]+)$/.exec(apiPath);
	if (project && get) {
		const auth = apiAuth(ctx, req, url, {scopes: PROJECT_SCOPES, jobToken: true});
		if (auth.kind === 'error') return sendApiError(res, auth.error);
		const actor = auth.kind === 'ok' ? auth.actor : undefined;
		const found = ctx.model.findProject(decodeURIComponent(project[1]!));
		if (!found || !ctx.model.canReadProject(actor, found)) return sendApiError(res, PROJECT_NOT_FOUND);
		return sendJson(res, 200, projectBody(ctx, found));
	}
	return sendApiError(res, API_NOT_FOUND);
}
