// GitLab's Go proxy, /api/v4/projects/:id/packages/go/<module>/@v/… (docs/gitlab.md §4).
import type {IncomingMessage, ServerResponse} from 'node:http';
import {join} from 'node:path';
import {send, sendJson, sendText} from './http-util.js';
import type {InstanceContext} from './context.js';
import {API_NOT_FOUND, apiAuth, FORBIDDEN, NOT_FOUND, PROJECT_NOT_FOUND, sendApiError, UNAUTHORIZED} from './api-auth.js';
import {commitTime, moduleZip, readFileAt} from './repos.js';

const SEMVER = /^v(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-[0-9a-z.-]+)?(?:\+[0-9a-z.-]+)?$/;

/** Go's case encoding: `!a` → `A`. */
export function decodeModulePath(encoded: string): string {
	return encoded.replace(/!([a-z])/g, (_, letter: string) => letter.toUpperCase());
}

export function handleGoProxy(ctx: InstanceContext, req: IncomingMessage, res: ServerResponse, url: URL, projectId: string, rest: string): void {
	const at = rest.lastIndexOf('/@v/');
	if (at < 0) return sendApiError(res, API_NOT_FOUND);
	const moduleName = decodeModulePath(decodeURIComponent(rest.slice(0, at)));
	const file = rest.slice(at + 4);
	const versionFile = /^(.+)\.(info|mod|zip)$/.exec(file);
	if (file !== 'list' && !(versionFile && SEMVER.test(versionFile[1]!))) return sendApiError(res, API_NOT_FOUND);

	const auth = apiAuth(ctx, req, url, {basic: true, jobToken: true, scopes: ['api', 'read_api']});
	if (auth.kind === 'error') return sendApiError(res, auth.error);
	const actor = auth.kind === 'ok' ? auth.actor : undefined;
	const project = ctx.model.findProject(projectId);
	if (!project || !ctx.model.canReadProject(actor, project)) return sendApiError(res, actor ? PROJECT_NOT_FOUND : UNAUTHORIZED);
	if (!ctx.model.canReadPackage(actor, project)) return sendApiError(res, FORBIDDEN);
	if (!(project.goProxyEnabled ?? ctx.settings.goProxyEnabled)) return sendApiError(res, NOT_FOUND);
	if (!project.hasRepo || moduleName !== project.goModule) return sendApiError(res, NOT_FOUND);

	const versions = project.tags.filter(tag => SEMVER.test(tag));
	if (file === 'list') return sendText(res, 200, versions.join('\n'), {'Content-Type': 'text/plain'});
	const version = decodeModulePath(versionFile![1]!);
	const index = project.tags.indexOf(version);
	if (index < 0) return sendApiError(res, NOT_FOUND);
	const repoDir = join(ctx.repoRoot, project.repoRelPath);
	const kind = versionFile![2];
	if (kind === 'info') return sendJson(res, 200, {Version: version, Time: commitTime(index).toISOString()});
	const work = kind === 'mod'
		? readFileAt(repoDir, version, 'go.mod').then(mod => (mod === undefined ? sendApiError(res, NOT_FOUND) : sendText(res, 200, mod, {'Content-Type': 'text/plain'})))
		: moduleZip(repoDir, version, `${moduleName}@${version}/`).then(zip =>
				send(res, 200, zip, {'Content-Type': 'application/zip', 'Content-Disposition': `attachment; filename="${version}.zip"`}),
			);
	work.catch(error => sendJson(res, 500, {message: `500 Internal Server Error: ${String(error)}`}));
}
