// startFakeGitlab: one emulated GitLab instance (or Geo secondary) on 127.0.0.1:<random port>.
import {createServer as createHttpServer, request as httpRequest, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse} from 'node:http';
import {createServer as createHttpsServer, request as httpsRequest} from 'node:https';
import type {Socket} from 'node:net';
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {getTestPki, type CertPair, type TestPki} from './pki.js';
import {GitlabModel, type ProjectSpec, type TokenSpec, type UserSpec, type Project, type Token} from './model.js';
import {createBareRepo, createProjectRepos} from './repos.js';
import type {InstanceContext, InstanceSettings} from './context.js';
import {listenOnLoopback, isGoGetRequest, sendText, versionLess} from './http-util.js';
import {goGetNotFoundText, goImportHtml, handleGoGet} from './go-get.js';
import {handleApi} from './token-api.js';
import {accessDeniedText, handleGit, parseGitPath, PROJECT_NOT_FOUND_TEXT, type GeoOptions} from './git-http.js';
import {applyHostile, matchHostile, normalizeHostile, type HostileMode, type HostileRule} from './hostile.js';
import {handleWeb} from './web.js';
import {describeRequest, type RequestLogEntry} from './request-log.js';

export type TlsMode = 'valid' | 'expired' | 'wrong-name' | 'unknown-ca' | 'self-signed';

export interface FakeGitlabOptions {
	/** Host name the instance is for (default `gitlab.test`); reach it through startConnectProxy. */
	host?: string;
	/** Further names in the certificate and in `routes` (e.g. a second host name served by the same instance). */
	altNames?: string[];
	pki?: TestPki;
	/** Which certificate to present (default `valid`: signed by pki.ca for host + altNames), or a certificate of your own. */
	tls?: TlsMode | CertPair;
	/** `http` serves plain HTTP (no TLS). Default `https`. */
	protocol?: 'https' | 'http';
	/** GitLab's external URL (default `<protocol>://<host>`); a path here is a relative URL root. */
	externalUrl?: string;
	projects?: ProjectSpec[];
	users?: UserSpec[];
	tokens?: TokenSpec[];
	/** Default true. */
	passwordAuthForGit?: boolean;
	/** Default: `legacy` when instanceVersion < 17.3, else `current`. */
	goGetMode?: 'current' | 'legacy';
	sshOnly?: boolean;
	sshUser?: string;
	sshHost?: string;
	sshPort?: number;
	/** Default `17.6.2`. */
	instanceVersion?: string;
	/** The `go_proxy` feature flag, default false. */
	goProxyEnabled?: boolean;
	impersonationEnabled?: boolean;
	/** Delay before every response (benchmarks). */
	addedLatencyMs?: number;
	hostile?: HostileMode | HostileRule | HostileRule[];
	/** Geo: `secondary` serves replicas of `primary`'s repositories and tokens except job tokens. */
	role?: 'primary' | 'secondary';
	primary?: FakeGitlab;
	/** Secondary: repositories (full paths) that are out of date and get redirected to /-/from_secondary/<id>/. */
	outdatedRepos?: string[];
	/** Secondary: Geo site id in /-/from_secondary/<id>/ (default 2). */
	geoSiteId?: number;
	/** Secondary: `proxy` (default) serves /-/from_secondary/ from the primary on the same host; `redirect-to-primary` sends a 302 to the primary's host. */
	geoRedirectMode?: 'proxy' | 'redirect-to-primary';
	/** Where the bare repositories go (default: a temporary directory removed on close). */
	repoRoot?: string;
}

export interface FetchInit {
	method?: string;
	headers?: Record<string, string>;
	body?: string | Buffer;
	/** Sets `Authorization: Basic …`. */
	basic?: {username: string; password: string};
	timeoutMs?: number;
}

export interface FetchResult {
	status: number;
	headers: IncomingHttpHeaders;
	body: string;
}

export interface FakeGitlab {
	host: string;
	protocol: 'https' | 'http';
	/** External URL without trailing slash, e.g. `https://gitlab.test`. */
	url: string;
	/** Loopback port the server listens on. */
	port: number;
	/** For startConnectProxy: `{'gitlab.test:443': {host: '127.0.0.1', port}}` (and altNames). */
	routes: Record<string, {host: string; port: number}>;
	pki: TestPki;
	/** The CA a client must trust for a `valid` instance (pki.ca.cert). */
	caFile: string;
	model: GitlabModel;
	/** Live settings; change them between requests to switch behaviour. */
	settings: InstanceSettings;
	role: 'primary' | 'secondary';
	/** Secondary only: full paths redirected to the primary. */
	outdatedRepos: Set<string>;
	repoRoot: string;
	/** Every request seen, oldest first. */
	requests: RequestLogEntry[];
	clearLog(): void;
	/** Absolute path of a project's bare repository. */
	repoPath(projectPath: string): string;
	addToken(spec: TokenSpec): Token;
	addProject(spec: ProjectSpec): Promise<Project>;
	/** GitLab's exact texts as this instance words them (depend on external URL and version). */
	texts: {
		goImportHtml(fullPath: string): string;
		goGetNotFound(): string;
		gitAccessDenied(): string;
		gitProjectNotFound(): string;
	};
	/** Direct request to this instance (no proxy), with the right SNI and Host header. */
	fetch(path: string, init?: FetchInit): Promise<FetchResult>;
	isClosed(): boolean;
	close(): Promise<void>;
}

interface Internals {
	ctx: InstanceContext;
	dispatch(req: IncomingMessage, res: ServerResponse, url: URL, pathInfo: string, entry: RequestLogEntry): void;
}

const internals = new WeakMap<FakeGitlab, Internals>();

/** Users of an owned repo root: the primary and its secondaries (replicas outlive a primary that is "down"). */
const repoRootUsers = new Map<string, number>();

function retainRepoRoot(root: string): void {
	repoRootUsers.set(root, (repoRootUsers.get(root) ?? 0) + 1);
}

function releaseRepoRoot(root: string): void {
	const left = (repoRootUsers.get(root) ?? 1) - 1;
	if (left > 0) {
		repoRootUsers.set(root, left);
		return;
	}
	repoRootUsers.delete(root);
	rmSync(root, {recursive: true, force: true, maxRetries: 5, retryDelay: 100});
}

async function pickCert(pki: TestPki, names: string[], tls: TlsMode | CertPair): Promise<CertPair> {
	if (typeof tls !== 'string') return tls;
	switch (tls) {
		case 'valid':
			return pki.leaf(names);
		case 'expired':
			return pki.expiredLeaf(names);
		case 'wrong-name':
			return pki.wrongNameLeaf();
		case 'unknown-ca':
			return pki.otherCaLeaf(names);
		case 'self-signed':
			return pki.selfSignedLeaf(names);
	}
}

function sleep(ms: number, ctx: InstanceContext): Promise<void> {
	return new Promise(resolve => {
		const timer = setTimeout(done, ms);
		const unregister = ctx.onClose(done);
		function done() {
			clearTimeout(timer);
			unregister();
			resolve();
		}
	});
}

export async function startFakeGitlab(options: FakeGitlabOptions = {}): Promise<FakeGitlab> {
	const role = options.role ?? 'primary';
	const primary = options.primary;
	if (role === 'secondary' && !primary) throw new Error('a Geo secondary needs `primary`');
	const primaryInternals = primary ? internals.get(primary) : undefined;
	const host = options.host ?? (role === 'secondary' ? 'geo.gitlab.test' : 'gitlab.test');
	const protocol = options.protocol ?? 'https';
	const base = (options.externalUrl ?? `${protocol}://${host}`).replace(/\/+$/, '');
	const rootPath = new URL(base).pathname.replace(/\/+$/, '');
	const pki = options.pki ?? primary?.pki ?? (await getTestPki());
	const instanceVersion = options.instanceVersion ?? primary?.settings.instanceVersion ?? '17.6.2';
	const inherited = primary?.settings;
	const settings: InstanceSettings = {
		goGetMode: options.goGetMode ?? inherited?.goGetMode ?? (versionLess(instanceVersion, '17.3') ? 'legacy' : 'current'),
		sshOnly: options.sshOnly ?? inherited?.sshOnly ?? false,
		sshUser: options.sshUser ?? 'git',
		sshHost: options.sshHost ?? host,
		sshPort: options.sshPort ?? 22,
		passwordAuthForGit: options.passwordAuthForGit ?? inherited?.passwordAuthForGit ?? true,
		goProxyEnabled: options.goProxyEnabled ?? inherited?.goProxyEnabled ?? false,
		instanceVersion,
		impersonationEnabled: options.impersonationEnabled ?? inherited?.impersonationEnabled ?? true,
		addedLatencyMs: options.addedLatencyMs ?? 0,
		hostile: normalizeHostile(options.hostile),
	};

	const model = primary ? primary.model : new GitlabModel({host, projects: options.projects, users: options.users, tokens: options.tokens});
	const repoRoot = primary ? primary.repoRoot : (options.repoRoot ?? mkdtempSync(join(tmpdir(), 'fake-gitlab-repos-')));
	const ownsRepoRoot = primary ? repoRootUsers.has(repoRoot) : options.repoRoot === undefined;
	if (ownsRepoRoot) retainRepoRoot(repoRoot);

	let closed = false;
	const cleanups = new Set<() => void>();
	const ctx: InstanceContext = {
		host,
		base,
		model,
		repoRoot,
		settings,
		acceptJobTokensForGit: role !== 'secondary',
		isClosed: () => closed,
		onClose(cleanup) {
			cleanups.add(cleanup);
			return () => cleanups.delete(cleanup);
		},
	};
	const geo: GeoOptions | undefined = role === 'secondary' ? {siteId: options.geoSiteId ?? 2, outdated: new Set((options.outdatedRepos ?? []).map(p => p.replace(/^\/+|\/+$/g, '')))} : undefined;
	const geoMode = options.geoRedirectMode ?? 'proxy';

	const names = [host, ...(options.altNames ?? [])];
	const [cert] = await Promise.all([
		protocol === 'https' ? pickCert(pki, names, options.tls ?? 'valid') : Promise.resolve(undefined),
		primary ? Promise.resolve() : createProjectRepos(repoRoot, model.projects),
	]);

	const requests: RequestLogEntry[] = [];
	let seq = 0;

	function dispatch(req: IncomingMessage, res: ServerResponse, url: URL, pathInfo: string, entry: RequestLogEntry): void {
		if (geo && primary && primaryInternals) {
			const fromSecondary = /^\/-\/from_secondary\/\d+(\/.*)$/.exec(pathInfo);
			if (fromSecondary) {
				entry.handler = 'geo-from-secondary';
				if (geoMode === 'redirect-to-primary') {
					res.writeHead(302, {Location: `${primary.url}${fromSecondary[1]}${url.search}`, 'Content-Length': '0'});
					res.end();
					return;
				}
				if (primary.isClosed()) return sendText(res, 502, 'Bad Gateway');
				const route = parseGitPath(fromSecondary[1]!);
				if (!route) return sendText(res, 404, 'Not Found');
				return handleGit(primaryInternals.ctx, req, res, url, route);
			}
			const route = parseGitPath(pathInfo);
			if (route) {
				entry.handler = 'git';
				return handleGit(ctx, req, res, url, route, geo);
			}
			entry.handler = 'geo-proxied-to-primary';
			if (primary.isClosed()) return sendText(res, 502, 'Bad Gateway');
			const primaryEntry = {...entry};
			return primaryInternals.dispatch(req, res, url, pathInfo, primaryEntry);
		}
		if (isGoGetRequest(url) && pathInfo !== '' && pathInfo !== '/') {
			entry.handler = 'go-get';
			if (handleGoGet(ctx, req, res, pathInfo)) return;
		}
		if (pathInfo.startsWith('/api/v4/')) {
			entry.handler = 'api';
			return handleApi(ctx, req, res, url, pathInfo.slice('/api/v4/'.length));
		}
		const route = parseGitPath(pathInfo);
		if (route) {
			entry.handler = 'git';
			return handleGit(ctx, req, res, url, route);
		}
		entry.handler = 'web';
		handleWeb(ctx, req, res, pathInfo);
	}

	async function onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
		const started = Date.now();
		const entry = describeRequest(model, req, ++seq);
		requests.push(entry);
		res.on('finish', () => {
			entry.status = res.statusCode;
			entry.durationMs = Date.now() - started;
		});
		res.on('close', () => {
			if (!res.writableFinished) {
				entry.aborted = true;
				entry.durationMs = Date.now() - started;
			}
		});
		try {
			if (settings.addedLatencyMs > 0) await sleep(settings.addedLatencyMs, ctx);
			if (closed) {
				req.socket.destroy();
				return;
			}
			const rawUrl = req.url ?? '/';
			const url = new URL(rawUrl.startsWith('/') ? rawUrl : new URL(rawUrl).pathname + new URL(rawUrl).search, `${protocol}://${host}`);
			const pathAndQuery = url.pathname + url.search;
			const hostile = matchHostile(settings.hostile, url.pathname, pathAndQuery);
			if (hostile) {
				entry.handler = 'hostile';
				return applyHostile(ctx, hostile, req, res, pathAndQuery);
			}
			let pathInfo = url.pathname;
			if (rootPath) {
				if (pathInfo !== rootPath && !pathInfo.startsWith(`${rootPath}/`)) {
					entry.handler = 'web';
					return sendText(res, 404, 'Not Found');
				}
				pathInfo = pathInfo.slice(rootPath.length) || '/';
			}
			dispatch(req, res, url, pathInfo, entry);
		} catch (error) {
			entry.handler = 'error';
			if (!res.headersSent) sendText(res, 500, `fake-gitlab internal error: ${error instanceof Error ? error.stack : String(error)}`);
			else res.destroy();
		}
	}

	const sockets = new Set<Socket>();
	const server: Server = cert
		? createHttpsServer({key: cert.keyPem, cert: cert.certPem}, (req, res) => void onRequest(req, res))
		: createHttpServer((req, res) => void onRequest(req, res));
	server.on('connection', (socket: Socket) => {
		sockets.add(socket);
		socket.on('close', () => sockets.delete(socket));
		socket.on('error', () => {});
	});
	server.on('tlsClientError', () => {});
	server.on('clientError', (_error, socket) => socket.destroy());
	const port = await listenOnLoopback(server);
	const defaultPort = protocol === 'https' ? 443 : 80;
	const routes: Record<string, {host: string; port: number}> = {};
	for (const name of names) routes[`${name}:${defaultPort}`] = {host: '127.0.0.1', port};

	const instance: FakeGitlab = {
		host,
		protocol,
		url: base,
		port,
		routes,
		pki,
		caFile: pki.ca.cert,
		model,
		settings,
		role,
		outdatedRepos: geo?.outdated ?? new Set(),
		repoRoot,
		requests,
		clearLog: () => {
			requests.length = 0;
		},
		repoPath: projectPath => join(repoRoot, `${projectPath.replace(/^\/+|\/+$/g, '')}.git`),
		addToken: spec => model.addToken(spec),
		async addProject(spec) {
			if (primary) throw new Error('add projects on the primary');
			const fresh = new GitlabModel({host, projects: [{id: Math.max(0, ...model.projects.map(p => p.id)) + 1, ...spec}]});
			const project = fresh.projects[0]!;
			for (const username of Object.keys(project.members)) model.ensureUser(username);
			model.projects.push(project);
			if (project.hasRepo) await createBareRepo(join(repoRoot, project.repoRelPath), project);
			return project;
		},
		texts: {
			goImportHtml: fullPath => goImportHtml(ctx, fullPath),
			goGetNotFound: () => goGetNotFoundText(ctx),
			gitAccessDenied: () => accessDeniedText(ctx),
			gitProjectNotFound: () => PROJECT_NOT_FOUND_TEXT,
		},
		fetch: (path, init = {}) => fetchDirect(instance, path, init),
		isClosed: () => closed,
		async close() {
			if (closed) return;
			closed = true;
			for (const cleanup of [...cleanups]) cleanup();
			cleanups.clear();
			const done = new Promise<void>(resolve => server.close(() => resolve()));
			for (const socket of sockets) socket.destroy();
			await Promise.race([done, new Promise(resolve => setTimeout(resolve, 2000).unref())]);
			if (ownsRepoRoot) releaseRepoRoot(repoRoot);
		},
	};
	internals.set(instance, {ctx, dispatch});
	return instance;
}

function fetchDirect(gl: FakeGitlab, path: string, init: FetchInit): Promise<FetchResult> {
	const headers: Record<string, string> = {Host: gl.host, ...init.headers};
	if (init.basic) headers.Authorization = `Basic ${Buffer.from(`${init.basic.username}:${init.basic.password}`).toString('base64')}`;
	const requestPath = path.startsWith('/') ? path : `/${path}`;
	const timeoutMs = init.timeoutMs ?? 10_000;
	return new Promise((resolve, reject) => {
		const common = {host: '127.0.0.1', port: gl.port, method: init.method ?? 'GET', path: requestPath, headers, agent: false as const};
		const req =
			gl.protocol === 'https'
				? httpsRequest({...common, servername: gl.host, ca: [gl.pki.ca.certPem, gl.pki.otherCa.certPem], rejectUnauthorized: false})
				: httpRequest(common);
		// A deadline for the whole exchange (an endless body never goes idle).
		const timer = setTimeout(() => req.destroy(new Error(`timeout after ${timeoutMs} ms: ${requestPath}`)), timeoutMs);
		req.on('response', res => {
			const chunks: Buffer[] = [];
			res.on('data', (chunk: Buffer) => chunks.push(chunk));
			res.on('end', () => {
				clearTimeout(timer);
				resolve({status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8')});
			});
			res.on('error', error => {
				clearTimeout(timer);
				reject(error);
			});
		});
		req.on('error', error => {
			clearTimeout(timer);
			reject(error);
		});
		req.end(init.body);
	});
}
