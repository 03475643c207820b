// Small response and request helpers shared by the fake GitLab's handlers.
import type {IncomingMessage, ServerResponse} from 'node:http';
import type {Server} from 'node:net';

export function send(res: ServerResponse, status: number, body: string | Buffer, headers: Record<string, string> = {}): void {
	if (res.headersSent || res.destroyed) return;
	const buffer = typeof body === 'string' ? Buffer.from(body) : body;
	res.writeHead(status, {...headers, 'Content-Length': String(buffer.length)});
	res.end(buffer);
}

export function sendText(res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}): void {
	send(res, status, body, {'Content-Type': 'text/plain; charset=utf-8', ...headers});
}

export function sendHtml(res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}): void {
	send(res, status, body, {'Content-Type': 'text/html; charset=utf-8', ...headers});
}

/** JSON with keys in insertion order, like Grape's entities. */
export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
	send(res, status, JSON.stringify(body), {'Content-Type': 'application/json', ...headers});
}

export function escapeHtml(text: string): string {
	return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

export function header(req: IncomingMessage, name: string): string | undefined {
	const value = req.headers[name.toLowerCase()];
	return Array.isArray(value) ? value[0] : value;
}

/** Rails' has_basic_credentials? + user_name_and_password: `Basic <base64 of user:password>` with a colon. */
export function basicCredentials(req: IncomingMessage): {login: string; password: string} | undefined {
	const auth = header(req, 'authorization');
	const match = auth ? /^basic\s+(\S*)/i.exec(auth.trim()) : null;
	if (!match) return undefined;
	const decoded = Buffer.from(match[1] ?? '', 'base64').toString('utf8');
	const colon = decoded.indexOf(':');
	if (colon < 0) return undefined;
	return {login: decoded.slice(0, colon), password: decoded.slice(colon + 1)};
}

/** Ruby's String#to_i == 1 on the `go-get` parameter. */
export function isGoGetRequest(url: URL): boolean {
	const value = url.searchParams.get('go-get');
	if (value === null) return false;
	const match = /^\s*([+-]?\d+)/.exec(value.replace(/_/g, ''));
	return match !== null && Number(match[1]) === 1;
}

/** Ruby's String#split('/'): trailing empty fields dropped. */
export function rubySplitSlash(text: string): string[] {
	const parts = text.split('/');
	while (parts.length > 0 && parts[parts.length - 1] === '') parts.pop();
	return parts;
}

/** Compares dotted versions numerically (`17.3` < `17.10`); suffixes like `-ee` are ignored. */
export function versionLess(a: string, b: string): boolean {
	const pa = a.split(/[.-]/).slice(0, 3).map(n => Number.parseInt(n, 10) || 0);
	const pb = b.split(/[.-]/).slice(0, 3).map(n => Number.parseInt(n, 10) || 0);
	for (let i = 0; i < 3; i++) {
		if ((pa[i] ?? 0) !== (pb[i] ?? 0)) return (pa[i] ?? 0) < (pb[i] ?? 0);
	}
	return false;
}

/** Starts `server` on an ephemeral loopback port (never another address) and returns the port. */
export async function listenOnLoopback(server: Server): Promise<number> {
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => resolve());
	});
	const address = server.address();
	return typeof address === 'object' && address ? address.port : 0;
}
