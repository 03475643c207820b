// Git over HTTP: GitLab's authentication and access checks (docs/gitlab.md §5.1), then the
// real `git http-backend` as a CGI (protocol v2 through GIT_PROTOCOL). Geo secondaries redirect
// out-of-date repositories to /-/from_secondary/<id>/… (docs/gitlab.md §3.1).
import {spawn} from 'node:child_process';
import type {IncomingMessage, ServerResponse} from 'node:http';
import {join} from 'node:path';
import {basicCredentials, header, send, sendText, versionLess} from './http-util.js';
import {helpUrl, type InstanceContext} from './context.js';
import {gitExecDir} from './proc.js';
import {MissingPersonalAccessTokenError, type AuthResult} from './model.js';

export interface GitRoute {
	/** Project path as requested (may be a redirect route). */
	projectPath: string;
	/** `info/refs`, `git-upload-pack` or `git-receive-pack` (anything else is refused). */
	rest: string;
}

export function parseGitPath(pathInfo: string): GitRoute | undefined {
	const match = /^\/(.+?)\.git\/(.*)$/.exec(pathInfo) ?? /^\/(.+?)\/(info\/refs|git-upload-pack|git-receive-pack)$/.exec(pathInfo);
	return match ? {projectPath: match[1]!, rest: match[2]!} : undefined;
}

export interface GeoOptions {
	siteId: number;
	outdated: Set<string>;
}

export function accessDeniedText(ctx: InstanceContext): string {
	if (versionLess(ctx.settings.instanceVersion, '16.0')) return 'HTTP Basic: Access denied';
	return `HTTP Basic: Access denied. If a password was provided for Git authentication, the password was incorrect or you're required to use a token instead of a password. If a token was provided, it was either incorrect, expired, or improperly scoped. See ${helpUrl(ctx, 'topics/git/troubleshooting_git.md#error-on-git-fetch-http-basic-access-denied')}`;
}

export const PROJECT_NOT_FOUND_TEXT = "The project you were looking for could not be found or you don't have permission to view it.";

/** Handles one Git HTTP request. `geo` is set on a secondary. */
export function handleGit(ctx: InstanceContext, req: IncomingMessage, res: ServerResponse, url: URL, route: GitRoute, geo?: GeoOptions): void {
	const plain = (status: number, text: string, headers: Record<string, string> = {}) => sendText(res, status, text, {'Content-Type': 'text/plain; charset=utf-8', ...headers});
	const {rest} = route;
	if (rest === 'info/refs' && req.method === 'HEAD') return send(res, 403, '');
	const service = rest === 'info/refs' ? url.searchParams.get('service') : rest;
	if (service !== 'git-upload-pack' && service !== 'git-receive-pack') return send(res, 403, '');
	if (rest !== 'info/refs' && req.method !== 'POST') return send(res, 404, '');
	const isPush = service === 'git-receive-pack';
	const project = ctx.model.findProjectByPath(route.projectPath, true);

	// authenticate_user
	let auth: AuthResult | undefined;
	const basic = basicCredentials(req);
	if (basic) {
		try {
			auth = ctx.model.findForGitClient(basic.login, basic.password, {passwordAuthForGit: ctx.settings.passwordAuthForGit, acceptJobTokens: ctx.acceptJobTokensForGit});
		} catch (error) {
			if (!(error instanceof MissingPersonalAccessTokenError)) throw error;
			return plain(401, accessDeniedText(ctx));
		}
		if (!auth) return plain(401, accessDeniedText(ctx), {'WWW-Authenticate': 'Basic realm="GitLab"'});
	} else if (isPush || ctx.settings.sshOnly || !project || project.visibility !== 'public') {
		return plain(401, accessDeniedText(ctx), {'WWW-Authenticate': 'Basic realm="GitLab"'});
	}

	// Gitlab::GitAccess#check, in its order
	if (ctx.settings.sshOnly) return plain(403, 'Git access over HTTP is not allowed');
	if (auth && !auth.abilities.has(isPush ? 'push_code' : 'download_code')) {
		return plain(403, isPush ? 'You are not allowed to upload code.' : 'You are not allowed to download code.');
	}
	const actor = auth?.actor;
	const visible = project !== undefined && (actor?.type === 'deploy-token' ? ctx.model.canDownloadCode(actor, project) : ctx.model.canReadProject(actor, project));
	if (!project || !visible) return plain(404, PROJECT_NOT_FOUND_TEXT);
	if (!project.hasRepo) return plain(404, 'A repository for this project does not exist yet.');
	if (isPush) return plain(403, 'You are not allowed to push code to this project.');
	if (!ctx.model.canDownloadCode(actor, project)) return plain(403, 'You are not allowed to download code from this project.');

	if (geo && rest === 'info/refs' && geo.outdated.has(project.path)) {
		const location = `${ctx.base}/-/from_secondary/${geo.siteId}/${project.path}.git/info/refs${url.search}`;
		return send(res, 302, `<html><body>You are being <a href="${location}">redirected</a>.</body></html>`, {Location: location, 'Content-Type': 'text/html; charset=utf-8'});
	}
	serveHttpBackend(ctx, req, res, `/${project.repoRelPath}/${rest}`, url.search.replace(/^\?/, ''), actor?.username ?? '');
}

/** A protocol v2 `info/refs` answer names the server's capabilities, not the repository's refs (those come from the
 * ls-refs command that follows): the same for every repository here (one git, no per-repository config), so it is
 * kept after its first run, as a real GitLab costs the client nothing for it. Keyed by everything that reaches git. */
const capabilityAdvertisements = new Map<string, {status: number; headers: Record<string, string>; body: Buffer}>();

/** Runs `git http-backend` for one request, streaming the body in and the CGI response out. */
export function serveHttpBackend(ctx: InstanceContext, req: IncomingMessage, res: ServerResponse, pathInfo: string, query: string, remoteUser: string): void {
	const env: Record<string, string> = {
		PATH: process.env.PATH ?? '/usr/bin:/bin',
		LANG: 'C',
		HOME: ctx.repoRoot,
		GIT_CONFIG_NOSYSTEM: '1',
		GIT_CONFIG_GLOBAL: '/dev/null',
		GIT_PROJECT_ROOT: ctx.repoRoot,
		GIT_HTTP_EXPORT_ALL: '1',
		PATH_INFO: pathInfo,
		QUERY_STRING: query,
		REQUEST_METHOD: req.method ?? 'GET',
		CONTENT_TYPE: header(req, 'content-type') ?? '',
		REMOTE_USER: remoteUser,
		REMOTE_ADDR: '127.0.0.1',
		SERVER_PROTOCOL: 'HTTP/1.1',
		GATEWAY_INTERFACE: 'CGI/1.1',
	};
	const length = header(req, 'content-length');
	if (length !== undefined) env.CONTENT_LENGTH = length;
	const encoding = header(req, 'content-encoding');
	if (encoding !== undefined) env.HTTP_CONTENT_ENCODING = encoding;
	const protocol = header(req, 'git-protocol');
	if (protocol !== undefined) env.GIT_PROTOCOL = protocol;

	const advertisementKey = req.method === 'GET' && pathInfo.endsWith('/info/refs') && /(^|:)version=2(:|$)/.test(protocol ?? '')
		? JSON.stringify([ctx.repoRoot, query, protocol, gitExecDir()])
		: undefined;
	const kept = advertisementKey === undefined ? undefined : capabilityAdvertisements.get(advertisementKey);
	if (kept) {
		res.writeHead(kept.status, kept.headers);
		res.end(kept.body);
		return;
	}
	const body: Buffer[] = [];

	const child = spawn(join(gitExecDir(), 'git-http-backend'), [], {env, stdio: ['pipe', 'pipe', 'pipe']});
	const kill = () => {
		if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
	};
	const unregister = ctx.onClose(kill);
	const timer = setTimeout(kill, 120_000);
	let stderr = '';
	child.stderr.on('data', (chunk: Buffer) => {
		stderr += chunk.toString('utf8');
	});
	child.stdin.on('error', () => {});
	req.pipe(child.stdin);
	res.on('close', kill);

	let head = Buffer.alloc(0);
	let headersDone = false;
	let status = 200;
	const headers: Record<string, string> = {};
	child.stdout.on('data', (chunk: Buffer) => {
		if (headersDone) {
			if (advertisementKey !== undefined) body.push(chunk);
			res.write(chunk);
			return;
		}
		head = Buffer.concat([head, chunk]);
		const text = head.toString('latin1');
		const crlf = text.indexOf('\r\n\r\n');
		const lf = text.indexOf('\n\n');
		const end = crlf >= 0 && (lf < 0 || crlf < lf) ? crlf : lf;
		if (end < 0) return;
		const bodyStart = end + (end === crlf ? 4 : 2);
		headersDone = true;
		for (const line of text.slice(0, end).split(/\r?\n/)) {
			const colon = line.indexOf(':');
			if (colon < 0) continue;
			const name = line.slice(0, colon).trim();
			const value = line.slice(colon + 1).trim();
			if (name.toLowerCase() === 'status') status = Number.parseInt(value, 10) || 500;
			else headers[name] = value;
		}
		res.writeHead(status, headers);
		if (advertisementKey !== undefined) body.push(head.subarray(bodyStart));
		res.write(head.subarray(bodyStart));
	});
	child.on('error', error => {
		stderr += String(error);
	});
	child.on('close', code => {
		clearTimeout(timer);
		unregister();
		if (!headersDone) {
			sendText(res, 500, `git http-backend failed (exit ${code}): ${stderr}`);
			return;
		}
		if (advertisementKey !== undefined && code === 0 && status === 200) capabilityAdvertisements.set(advertisementKey, {status, headers, body: Buffer.concat(body)});
		res.end();
	});
}
