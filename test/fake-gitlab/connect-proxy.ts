// An HTTP proxy on loopback that tunnels CONNECT only to registered host:port names (mapped to
// loopback ports) and refuses everything else, recording the refused targets, so that names like
// gitlab.test need no DNS and nothing can reach the internet (proxy.golang.org, sum.golang.org).
import {createServer, request as httpRequest, type IncomingMessage, type ServerResponse} from 'node:http';
import {connect, type Socket} from 'node:net';
import type {Duplex} from 'node:stream';
import {listenOnLoopback} from './http-util.js';

export interface ProxyTarget {
	host: string;
	port: number;
}

export interface ConnectProxyOptions {
	/** `'gitlab.test:443' → {host: '127.0.0.1', port}`. Targets must be loopback. */
	routes?: Record<string, ProxyTarget>;
	/** Demand `Proxy-Authorization: Basic` with these credentials (407 + Proxy-Authenticate otherwise). */
	requireAuth?: {username: string; password: string};
	/** Status for unregistered targets: 403 (default) or 502. */
	refuseStatus?: 403 | 502;
	/** Idle limit for a tunnel (default 60 s). */
	idleTimeoutMs?: number;
}

export interface ProxyLogEntry {
	time: string;
	/** CONNECT or the method of a plain-HTTP proxied request. */
	method: string;
	/** `host:port` as asked. */
	target: string;
	/** tunnelled / forwarded / refused (unregistered) / auth-required (407) / failed (route unreachable). */
	outcome: 'tunnelled' | 'forwarded' | 'refused' | 'auth-required' | 'failed';
	/** For plain-HTTP requests: the absolute URL asked for. */
	url?: string;
	proxyAuthorization: boolean;
}

export interface ConnectProxy {
	port: number;
	/** `http://127.0.0.1:<port>` (for HTTPS_PROXY). */
	url: string;
	/** Live routing table; add or remove entries at any time. */
	routes: Record<string, ProxyTarget>;
	addRoutes(routes: Record<string, ProxyTarget>): void;
	/** Every attempt, oldest first. */
	log: ProxyLogEntry[];
	/** Attempts that were refused because their target is not registered. */
	refused: ProxyLogEntry[];
	/** Whether a refused attempt named this host (any port), e.g. `proxy.golang.org`. */
	wasRefused(host: string): boolean;
	clearLog(): void;
	close(): Promise<void>;
}

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

function checkRoutes(routes: Record<string, ProxyTarget>): Record<string, ProxyTarget> {
	const out: Record<string, ProxyTarget> = {};
	for (const [name, target] of Object.entries(routes)) {
		if (!LOOPBACK.has(target.host)) throw new Error(`proxy route ${name} → ${target.host}: only loopback targets are allowed`);
		out[name.toLowerCase()] = target;
	}
	return out;
}

const REASONS: Record<number, string> = {403: 'Forbidden', 407: 'Proxy Authentication Required', 502: 'Bad Gateway'};

export async function startConnectProxy(options: ConnectProxyOptions = {}): Promise<ConnectProxy> {
	const routes: Record<string, ProxyTarget> = checkRoutes(options.routes ?? {});
	const log: ProxyLogEntry[] = [];
	const refused: ProxyLogEntry[] = [];
	const refuseStatus = options.refuseStatus ?? 403;
	const idleTimeoutMs = options.idleTimeoutMs ?? 60_000;
	const sockets = new Set<Duplex>();
	const track = (socket: Duplex) => {
		sockets.add(socket);
		socket.on('close', () => sockets.delete(socket));
		socket.on('error', () => {});
	};
	const expectedAuth = options.requireAuth
		? `Basic ${Buffer.from(`${options.requireAuth.username}:${options.requireAuth.password}`).toString('base64')}`
		: undefined;

	function record(entry: Omit<ProxyLogEntry, 'time'>): void {
		const full = {time: new Date().toISOString(), ...entry};
		log.push(full);
		if (full.outcome === 'refused') refused.push(full);
	}

	function authorized(req: IncomingMessage): boolean {
		return expectedAuth === undefined || req.headers['proxy-authorization'] === expectedAuth;
	}

	function rawReply(socket: Duplex, status: number, extra = ''): void {
		const body = `${status} ${REASONS[status] ?? ''}\n`;
		socket.end(`HTTP/1.1 ${status} ${REASONS[status] ?? ''}\r\n${extra}Content-Type: text/plain\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${body}`);
	}

	const server = createServer((req: IncomingMessage, res: ServerResponse) => {
		// Plain-HTTP proxying (absolute-form request line), only to registered host:port.
		let url: URL;
		try {
			url = new URL(req.url ?? '');
		} catch {
			res.writeHead(400, {'Content-Type': 'text/plain'}).end('this proxy only handles CONNECT and absolute URLs\n');
			return;
		}
		const target = `${url.hostname}:${url.port || (url.protocol === 'https:' ? '443' : '80')}`.toLowerCase();
		const base = {method: req.method ?? 'GET', target, url: url.href, proxyAuthorization: req.headers['proxy-authorization'] !== undefined};
		if (!authorized(req)) {
			record({...base, outcome: 'auth-required'});
			res.writeHead(407, {'Proxy-Authenticate': 'Basic realm="fake-proxy"', 'Content-Type': 'text/plain'}).end('407 Proxy Authentication Required\n');
			return;
		}
		const route = url.protocol === 'http:' ? routes[target] : undefined;
		if (!route) {
			record({...base, outcome: 'refused'});
			res.writeHead(refuseStatus, {'Content-Type': 'text/plain'}).end(`${refuseStatus} ${REASONS[refuseStatus]}\n`);
			return;
		}
		const headers = {...req.headers};
		delete headers['proxy-authorization'];
		delete headers['proxy-connection'];
		const upstream = httpRequest({host: route.host, port: route.port, method: req.method, path: url.pathname + url.search, headers, timeout: idleTimeoutMs});
		upstream.on('response', upstreamRes => {
			record({...base, outcome: 'forwarded'});
			res.writeHead(upstreamRes.statusCode ?? 502, upstreamRes.headers);
			upstreamRes.pipe(res);
		});
		upstream.on('timeout', () => upstream.destroy(new Error('timeout')));
		upstream.on('error', () => {
			record({...base, outcome: 'failed'});
			if (!res.headersSent) res.writeHead(502, {'Content-Type': 'text/plain'}).end('502 Bad Gateway\n');
			else res.destroy();
		});
		req.pipe(upstream);
	});

	server.on('connection', socket => track(socket));
	server.on('connect', (req: IncomingMessage, client: Duplex, head: Buffer) => {
		track(client);
		const target = (req.url ?? '').toLowerCase();
		const base = {method: 'CONNECT', target, proxyAuthorization: req.headers['proxy-authorization'] !== undefined};
		if (!authorized(req)) {
			record({...base, outcome: 'auth-required'});
			rawReply(client, 407, 'Proxy-Authenticate: Basic realm="fake-proxy"\r\n');
			return;
		}
		const route = routes[target];
		if (!route) {
			record({...base, outcome: 'refused'});
			rawReply(client, refuseStatus);
			return;
		}
		const upstream: Socket = connect(route.port, route.host);
		track(upstream);
		let connected = false;
		upstream.setTimeout(idleTimeoutMs, () => upstream.destroy());
		upstream.once('connect', () => {
			connected = true;
			record({...base, outcome: 'tunnelled'});
			client.write('HTTP/1.1 200 Connection established\r\n\r\n');
			if (head.length > 0) upstream.write(head);
			upstream.pipe(client);
			client.pipe(upstream);
		});
		upstream.once('error', () => {
			if (!connected) {
				record({...base, outcome: 'failed'});
				rawReply(client, 502);
			} else client.destroy();
		});
		client.on('close', () => upstream.destroy());
		upstream.on('close', () => client.destroy());
	});

	const port = await listenOnLoopback(server);

	return {
		port,
		url: `http://127.0.0.1:${port}`,
		routes,
		addRoutes(more) {
			Object.assign(routes, checkRoutes(more));
		},
		log,
		refused,
		wasRefused: host => refused.some(entry => entry.target.replace(/:\d+$/, '') === host.toLowerCase()),
		clearLog() {
			log.length = 0;
			refused.length = 0;
		},
		async close() {
			const done = new Promise<void>(resolve => server.close(() => resolve()));
			for (const socket of sockets) socket.destroy();
			// The fallback must not keep the process alive once the server has closed.
			await Promise.race([done, new Promise(resolve => setTimeout(resolve, 2000).unref())]);
		},
	};
}
