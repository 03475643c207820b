// Loopback servers for HTTP-layer tests: HTTPS with a given certificate, plain HTTP, and a TCP port that accepts
// and never answers. Each records the requests it got and closes every connection when closed.
import {createServer as createHttpServer, type IncomingMessage, type ServerResponse} from 'node:http';
import {createServer as createHttpsServer} from 'node:https';
import {createServer as createTcpServer, type Server, type Socket} from 'node:net';
import type {CertPair} from '../fake-gitlab/pki.js';

export type RecordedRequest = {method: string; path: string; headers: IncomingMessage['headers']};

export type LoopbackServer = {
	port: number;
	/** `https://127.0.0.1:PORT` (or http://, or tcp://) on the address it listens on. */
	origin: string;
	requests: RecordedRequest[];
	close(): Promise<void>;
};

export type Handler = (request: IncomingMessage, response: ServerResponse, server: LoopbackServer) => void;

export async function startHttpsServer(certificate: CertPair, handler: Handler, host = '127.0.0.1'): Promise<LoopbackServer> {
	const server = createHttpsServer({cert: certificate.certPem, key: certificate.keyPem});
	return serve(server, 'https', host, handler);
}

export async function startHttpServer(handler: Handler, host = '127.0.0.1'): Promise<LoopbackServer> {
	return serve(createHttpServer(), 'http', host, handler);
}

/** Accepts connections and never says a word: a TLS handshake there waits forever. */
export async function startSilentServer(host = '127.0.0.1'): Promise<LoopbackServer> {
	return serve(createTcpServer(), 'tcp', host);
}

async function serve(server: Server, scheme: string, host: string, handler?: Handler): Promise<LoopbackServer> {
	const sockets = new Set<Socket>();
	server.on('connection', (socket: Socket) => {
		sockets.add(socket);
		socket.on('close', () => sockets.delete(socket));
		socket.on('error', () => {});
	});
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(0, host, () => resolve());
	});
	const address = server.address();
	const port = typeof address === 'object' && address ? address.port : 0;
	const loopback: LoopbackServer = {
		port,
		origin: `${scheme}://${host}:${port}`,
		requests: [],
		async close() {
			const closed = new Promise<void>(resolve => server.close(() => resolve()));
			for (const socket of sockets) socket.destroy();
			await closed;
		},
	};
	if (handler) {
		server.on('request', (request: IncomingMessage, response: ServerResponse) => {
			loopback.requests.push({method: request.method ?? '', path: request.url ?? '', headers: request.headers});
			response.on('error', () => {});
			handler(request, response, loopback);
		});
	}
	return loopback;
}

/** A JSON answer as GitLab's API gives it. */
export function json(response: ServerResponse, status: number, body: unknown): void {
	response.writeHead(status, {'content-type': 'application/json'}).end(JSON.stringify(body));
}
