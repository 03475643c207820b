// GitLab's go-get middleware (lib/gitlab/middleware/go.rb), current and legacy (docs/gitlab.md §1).
import type {IncomingMessage, ServerResponse} from 'node:http';
import {basicCredentials, escapeHtml, header, rubySplitSlash, send, sendHtml, sendText} from './http-util.js';
import {helpUrl, type InstanceContext} from './context.js';
import {MissingPersonalAccessTokenError, type AuthResult, type Project} from './model.js';

const SEGMENT = /^[a-zA-Z0-9_.][a-zA-Z0-9_\-.]*$/;

function validSegment(segment: string): boolean {
	return SEGMENT.test(segment) && !/\.(git|atom)$/.test(segment);
}

/** PROJECT_PATH_REGEX: the longest run of leading valid path segments, if it has at least two. */
export function matchedProjectPath(pathInfo: string): string | undefined {
	const segments = `${pathInfo}/`.split('/');
	segments.pop();
	let count = 0;
	while (count < segments.length && validSegment(segments[count]!)) count++;
	return count >= 2 ? segments.slice(0, count).join('/') : undefined;
}

/** `a/b/c/d` → `a/b/c/d`, `a/b/c`, `a/b` (at most 22 segments). */
export function candidatePaths(path: string, limit = 22): string[] {
	const segments = path.split('/').slice(0, limit);
	const out: string[] = [];
	do {
		out.push(segments.join('/'));
		segments.pop();
	} while (segments.length >= 2);
	return out;
}

function findProject(ctx: InstanceContext, candidates: string[], followRedirects: boolean): Project | undefined {
	for (const path of candidates) {
		const project = ctx.model.findProjectByPath(path, false);
		if (project) return project;
	}
	if (!followRedirects) return undefined;
	for (const path of candidates) {
		const project = ctx.model.findProjectByPath(path, true);
		if (project) return project;
	}
	return undefined;
}

function repoUrl(ctx: InstanceContext, fullPath: string): string {
	if (!ctx.settings.sshOnly) return `${ctx.base}/${fullPath}.git`;
	const {sshUser, sshHost, sshPort} = ctx.settings;
	return `ssh://${sshUser ? `${sshUser}@` : ''}${sshHost}${sshPort === 22 ? '' : `:${sshPort}`}/${fullPath}.git`;
}

function rootPath(ctx: InstanceContext, fullPath: string): string {
	return `${ctx.base}/${fullPath}`.replace(/^https?:\/\//, '');
}

/** The exact 200 body of the current middleware. */
export function goImportHtml(ctx: InstanceContext, fullPath: string): string {
	const root = rootPath(ctx, fullPath);
	return `<html><head><meta name="go-import" content="${escapeHtml(`${root} git ${repoUrl(ctx, fullPath)}`)}"></head><body>go get ${escapeHtml(root)}</body></html>`;
}

/** The exact 404 text of the current middleware. */
export function goGetNotFoundText(ctx: InstanceContext): string {
	return `Go package not found or access denied. If you are trying to access a private project, ensure your ~/.netrc file has credentials so the go toolchain can authenticate. See ${helpUrl(ctx, 'user/project/use_project_as_go_package.md')} for details.`;
}

function legacyHtml(ctx: InstanceContext, fullPath: string, branch: string | undefined): {status: number; body: string} {
	const projectUrl = `${ctx.base}/${fullPath}`;
	const body = `<body>go get ${escapeHtml(projectUrl)}</body>`;
	if (!branch) return {status: 404, body: `<html>${body}</html>`};
	const root = rootPath(ctx, fullPath);
	const goImport = `<meta name="go-import" content="${escapeHtml(`${root} git ${repoUrl(ctx, fullPath)}`)}">`;
	const source = `${root} ${projectUrl} ${projectUrl}/-/tree/${branch}{/dir} ${projectUrl}/-/blob/${branch}{/dir}/{file}#L{line}`;
	const goSource = `<meta name="go-source" content="${escapeHtml(source)}">`;
	return {status: 200, body: `<html><head>${goImport}${goSource}</head>${body}</html>`};
}

function gitClientAuth(ctx: InstanceContext, req: IncomingMessage): AuthResult | undefined {
	const basic = basicCredentials(req);
	if (!basic) return undefined;
	return ctx.model.findForGitClient(basic.login, basic.password, {
		passwordAuthForGit: ctx.settings.passwordAuthForGit,
		acceptJobTokens: ctx.acceptJobTokensForGit,
	});
}

function canRead(ctx: InstanceContext, auth: AuthResult | undefined, project: Project): boolean {
	if (project.visibility === 'public') return true;
	return auth !== undefined && auth.abilities.has('read_project') && ctx.model.canReadProject(auth.actor, project);
}

/**
 * Answers a `?go-get=1` request. Returns false when the legacy middleware would pass the request
 * on to the Rails app (path not shaped like a project).
 */
export function handleGoGet(ctx: InstanceContext, req: IncomingMessage, res: ServerResponse, pathInfo: string): boolean {
	const path = pathInfo.replace(/^\//, '');
	return ctx.settings.goGetMode === 'legacy' ? handleLegacy(ctx, req, res, path) : handleCurrent(ctx, req, res, path);
}

function handleCurrent(ctx: InstanceContext, req: IncomingMessage, res: ServerResponse, path: string): boolean {
	const notFound = () => sendText(res, 404, goGetNotFoundText(ctx), {'Content-Type': 'text/plain'});
	const html = (fullPath: string) => sendHtml(res, 200, goImportHtml(ctx, fullPath), {'Content-Type': 'text/html'});
	const matched = matchedProjectPath(path);
	const project = matched ? findProject(ctx, candidatePaths(matched), true) : undefined;
	try {
		if (project && canRead(ctx, project.visibility === 'public' ? undefined : gitClientAuth(ctx, req), project)) {
			if (!project.hasRepo) notFound();
			else html(project.path);
			return true;
		}
	} catch (error) {
		if (!(error instanceof MissingPersonalAccessTokenError)) throw error;
		notFound();
		return true;
	}
	if ((header(req, 'authorization') ?? '').trim() !== '') {
		notFound();
		return true;
	}
	const segments = rubySplitSlash(path);
	if (segments.length < 2) notFound();
	else html(segments.slice(0, 2).join('/'));
	return true;
}

function handleLegacy(ctx: InstanceContext, req: IncomingMessage, res: ServerResponse, path: string): boolean {
	const matched = matchedProjectPath(path);
	if (!matched) return false;
	const project = findProject(ctx, candidatePaths(matched, Number.MAX_SAFE_INTEGER), false);
	let auth: AuthResult | undefined;
	try {
		auth = gitClientAuth(ctx, req);
	} catch (error) {
		if (!(error instanceof MissingPersonalAccessTokenError)) throw error;
		send(res, 401, '');
		return true;
	}
	if (auth && !auth.abilities.has('read_project')) auth = undefined;
	const readable = project !== undefined && ctx.model.canReadProject(auth?.actor, project);
	const answer = readable
		? legacyHtml(ctx, project.path, project.hasRepo ? project.defaultBranch : undefined)
		: legacyHtml(ctx, matched.split('/').slice(0, 2).join('/'), 'master');
	sendHtml(res, answer.status, answer.body, {'Content-Type': 'text/html'});
	return true;
}
