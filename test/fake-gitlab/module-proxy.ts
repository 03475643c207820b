// Module proxies in front of the fake GitLab, reached through the CONNECT proxy by name like the other fake hosts:
// - startModuleProxy: a company proxy (Athens, Artifactory, Nexus, goproxy) that holds GitLab's credentials itself and
//   serves the GOPROXY protocol from the instance's repositories (`@v/list`, `@latest`, `.info`, `.mod`, `.zip`, the
//   zip made by `git archive` as GitLab's own Go proxy does), with modes: asks for credentials, cannot reach GitLab
//   (404 for everything), slow.
// - startPublicStandIns: proxy.golang.org and sum.golang.org as they answer for a module on an internal host they
//   cannot reach: 404 (or 410) "not found: … unrecognized import path"; the proxy says it proxies the database, as
//   proxy.golang.org does (`/sumdb/sum.golang.org/supported` → 200).
// docs/go.md §3.3–§3.4 (what go asks); the GOPROXY protocol is `go help goproxy`.
import {createServer, type Server} from 'node:https';
import type {IncomingMessage, ServerResponse} from 'node:http';
import type {Duplex} from 'node:stream';
import {join} from 'node:path';
import type {FakeGitlab} from './gitlab-server.js';
import {listenOnLoopback, basicCredentials, send, sendJson, sendText} from './http-util.js';
import {decodeModulePath} from './go-proxy.js';
import type {TestPki} from './pki.js';
import {commitTime, moduleZip, readFileAt} from './repos.js';

const SEMVER = /^v(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/;

export type ProxyRequest = {path: string; status?: number; login?: string; durationMs?: number};

export type HostServer = {
	host: string;
	url: string;
	/** For startConnectProxy: `{'<host>:443': {host: '127.0.0.1', port}}`. */
	routes: Record<string, {host: string; port: number}>;
	/** Every request: path, status and the Basic login (never the password). */
	requests: ProxyRequest[];
	close(): Promise<void>;
};

/** An HTTPS server for `names` with a certificate of the test CA, on loopback. */
async function startHost(pki: TestPki, names: string[], handle: (req: IncomingMessage, res: ServerResponse, path: string) => Promise<void> | void): Promise<HostServer> {
	const cert = await pki.leaf(names);
	const requests: ProxyRequest[] = [];
	const sockets = new Set<Duplex>();
	const server: Server = createServer({key: cert.keyPem, cert: cert.certPem}, (req, res) => {
		const started = Date.now();
		const path = new URL(req.url ?? '/', `https://${names[0]}`).pathname;
		const entry: ProxyRequest = {path, ...(basicCredentials(req) ? {login: basicCredentials(req)!.login} : {})};
		requests.push(entry);
		res.on('finish', () => {
			entry.status = res.statusCode;
			entry.durationMs = Date.now() - started;
		});
		Promise.resolve(handle(req, res, path)).catch(error => sendText(res, 500, `fake proxy error: ${String(error)}`));
	});
	server.on('connection', (socket: Duplex) => {
		sockets.add(socket);
		socket.on('close', () => sockets.delete(socket));
		socket.on('error', () => {});
	});
	server.on('tlsClientError', () => {});
	const port = await listenOnLoopback(server);
	return {
		host: names[0]!,
		url: `https://${names[0]}`,
		routes: Object.fromEntries(names.map(name => [`${name}:443`, {host: '127.0.0.1', port}])),
		requests,
		async close() {
			const done = new Promise<void>(resolve => server.close(() => resolve()));
			for (const socket of sockets) socket.destroy();
			await Promise.race([done, new Promise(resolve => setTimeout(resolve, 2000).unref())]);
		},
	};
}

export type ModuleProxyMode = 'serves' | 'needs-credentials' | 'cannot-reach-gitlab' | 'slow';

export type ModuleProxyOptions = {
	pki: TestPki;
	gitlab: FakeGitlab;
	/** Default `goproxy.test`. */
	host?: string;
	/** Default `serves`. */
	mode?: ModuleProxyMode;
	/** `needs-credentials`: the Basic login and password it accepts (401 with a challenge otherwise). */
	credentials?: {username: string; password: string};
	/** `slow`: the delay before every answer (default 3000 ms). */
	delayMs?: number;
	/** Answers 200 to `/sumdb/<name>/supported` and 404 to the lookups it would forward (default false: 404, like Athens without it). */
	proxiesSumdb?: boolean;
};

const notFound = (res: ServerResponse, text: string) => sendText(res, 404, `not found: ${text}`);

/** A company module proxy in front of the fake GitLab. */
export function startModuleProxy(options: ModuleProxyOptions): Promise<HostServer> {
	const {gitlab} = options;
	const mode = options.mode ?? 'serves';
	const host = options.host ?? 'goproxy.test';
	return startHost(options.pki, [host], async (req, res, path) => {
		if (mode === 'slow') await new Promise(resolve => setTimeout(resolve, options.delayMs ?? 3000));
		if (mode === 'needs-credentials') {
			const sent = basicCredentials(req);
			const wanted = options.credentials;
			if (!sent || !wanted || sent.login !== wanted.username || sent.password !== wanted.password) {
				return sendText(res, 401, 'Unauthorized\n', {'WWW-Authenticate': `Basic realm="${host}"`});
			}
		}
		const sumdb = /^\/sumdb\/([^/]+)\/(.*)$/.exec(path);
		if (sumdb) {
			if (options.proxiesSumdb && sumdb[2] === 'supported') return sendText(res, 200, '');
			return notFound(res, `${sumdb[1]}/${sumdb[2]}`);
		}
		const at = path.lastIndexOf('/@');
		if (at < 0) return notFound(res, path);
		const modulePath = decodeModulePath(decodeURIComponent(path.slice(1, at)));
		const file = path.slice(at + 1);
		if (mode === 'cannot-reach-gitlab') return notFound(res, `module ${modulePath}: git ls-remote -q origin in /tmp/athens: exit status 128: fatal: could not read Username for 'https://${gitlab.host}': terminal prompts disabled`);
		const project = gitlab.model.projects.find(candidate => candidate.hasRepo && candidate.goModule === modulePath);
		if (!project) return notFound(res, `module ${modulePath}: reading https://${gitlab.host}/${modulePath.split('/').slice(1).join('/')}?go-get=1: 404 Not Found`);
		const versions = project.tags.filter(tag => SEMVER.test(tag));
		const info = (version: string) => ({Version: version, Time: commitTime(project.tags.indexOf(version)).toISOString()});
		if (file === '@v/list') return sendText(res, 200, versions.map(version => `${version}\n`).join(''));
		if (file === '@latest') {
			const latest = versions.at(-1);
			return latest ? sendJson(res, 200, info(latest)) : notFound(res, `module ${modulePath}: no matching versions for query "latest"`);
		}
		const versionFile = /^@v\/(.+)\.(info|mod|zip)$/.exec(file);
		const version = versionFile ? decodeModulePath(versionFile[1]!) : undefined;
		if (!versionFile || !version || !versions.includes(version)) return notFound(res, `module ${modulePath}: unknown revision ${version ?? file}`);
		const repoDir = join(gitlab.repoRoot, project.repoRelPath);
		if (versionFile[2] === 'info') return sendJson(res, 200, info(version));
		if (versionFile[2] === 'mod') {
			const mod = await readFileAt(repoDir, version, 'go.mod');
			return mod === undefined ? notFound(res, `${modulePath}@${version}: go.mod`) : sendText(res, 200, mod);
		}
		const zip = await moduleZip(repoDir, version, `${modulePath}@${version}/`);
		return send(res, 200, zip, {'Content-Type': 'application/zip'});
	});
}

export type PublicStandIns = {proxy: HostServer; sumdb: HostServer; routes: Record<string, {host: string; port: number}>; close(): Promise<void>};

/** proxy.golang.org and sum.golang.org as they answer for a module on a host they cannot reach. */
export async function startPublicStandIns(pki: TestPki, options: {status?: 404 | 410} = {}): Promise<PublicStandIns> {
	const status = options.status ?? 404;
	const unrecognized = (modulePath: string) => `not found: ${modulePath}: unrecognized import path "${modulePath}": https fetch: Get "https://${modulePath}?go-get=1": dial tcp: lookup ${modulePath.split('/')[0]} on 8.8.8.8:53: no such host`;
	const lookup = (path: string) => /\/lookup\/(.+)@[^@]+$/.exec(path)?.[1];
	const answerSumdb = (res: ServerResponse, path: string) => {
		const modulePath = lookup(path);
		return sendText(res, modulePath ? status : 404, modulePath ? unrecognized(decodeModulePath(modulePath)) : 'not found');
	};
	const proxy = await startHost(pki, ['proxy.golang.org'], (_req, res, path) => {
		if (path === '/sumdb/sum.golang.org/supported') return sendText(res, 200, '');
		if (path.startsWith('/sumdb/sum.golang.org/')) return answerSumdb(res, path);
		const at = path.lastIndexOf('/@');
		return sendText(res, status, unrecognized(decodeModulePath(decodeURIComponent(path.slice(1, at < 0 ? undefined : at)))));
	});
	const sumdb = await startHost(pki, ['sum.golang.org'], (_req, res, path) => answerSumdb(res, path));
	return {
		proxy,
		sumdb,
		routes: {...proxy.routes, ...sumdb.routes},
		async close() {
			await Promise.all([proxy.close(), sumdb.close()]);
		},
	};
}
