// Connection agents for one request: straight or through an HTTP CONNECT proxy, with the roots Go trusts,
// and a look at the server's certificate before Node's verification can reject (and discard) it.
import * as http from 'node:http';
import * as https from 'node:https';
import * as tls from 'node:tls';
import type {Duplex} from 'node:stream';
import {HttpsProxyAgent} from 'https-proxy-agent';

type ConnectOptions = Parameters<HttpsProxyAgent<string>['connect']>[1];

/** What a connection saw that an error alone would not say. */
export type ConnectionNotes = {
	/** The certificate chain the server sent, captured as the handshake finished. */
	peer?: tls.DetailedPeerCertificate;
	/** The proxy's answer to CONNECT (200 when the tunnel was opened). */
	proxyAnswer?: {statusCode: number; statusText: string};
};

// Node checks the chain in its own 'secure' listener and destroys the socket (and the certificate) on failure;
// a listener put in front of it still sees the certificate.
function notePeer(socket: tls.TLSSocket, notes: ConnectionNotes): void {
	socket.prependOnceListener('secure', () => {
		try {
			notes.peer = socket.getPeerCertificate(true);
		} catch {
			// No certificate to report.
		}
	});
}

class DirectAgent extends https.Agent {
	constructor(
		private readonly notes: ConnectionNotes,
		secureContext: tls.SecureContext | undefined,
	) {
		super({keepAlive: false, ...(secureContext ? {secureContext} : {})});
	}

	override createConnection(options: https.RequestOptions, callback?: (error: Error | null, stream: Duplex) => void) {
		const socket = super.createConnection(options, callback);
		if (socket instanceof tls.TLSSocket) notePeer(socket, this.notes);
		return socket;
	}
}

class TunnelAgent extends HttpsProxyAgent<string> {
	constructor(
		proxy: URL,
		private readonly notes: ConnectionNotes,
		private readonly secureContext: tls.SecureContext | undefined,
		ended: AbortSignal,
	) {
		// An https:// proxy is verified against the same roots as the target, as Go does.
		// A proxy that accepts the connection and never answers CONNECT: https-proxy-agent waits on that socket
		// for ever and a destroyed request does not reach it (no socket was handed over, so no 'close'), which
		// kept the process alive. The socket to the proxy ends when the hop ends, whatever the stage.
		super(proxy, {keepAlive: false, signal: ended, ...(secureContext ? {secureContext} : {})});
		this.on('proxyConnect', (answer: {statusCode: number; statusText: string}) => {
			notes.proxyAnswer = {statusCode: answer.statusCode, statusText: answer.statusText};
		});
	}

	// The target's TLS runs inside the tunnel: it must use the same roots, server name and certificate capture.
	override async connect(request: http.ClientRequest, options: ConnectOptions) {
		const withRoots = options.secureEndpoint && this.secureContext ? ({...options, secureContext: this.secureContext} as ConnectOptions) : options;
		const socket = await super.connect(request, withRoots);
		if (socket instanceof tls.TLSSocket) notePeer(socket, this.notes);
		return socket;
	}
}

/** `ended` aborts when the hop is over (answered, failed, timed out or cancelled): every socket it opened closes. */
export function agentsFor(proxy: URL | undefined, secureContext: tls.SecureContext | undefined, notes: ConnectionNotes, ended: AbortSignal) {
	// A fresh agent for each request: no pooled connection carries one hop's state into the next.
	// Plain http through a proxy goes through a CONNECT tunnel too (Go would send the request to the proxy as is).
	if (proxy) {
		const tunnel = new TunnelAgent(proxy, notes, secureContext, ended);
		return {https: tunnel, http: tunnel};
	}
	return {https: new DirectAgent(notes, secureContext), http: new http.Agent({keepAlive: false})};
}
