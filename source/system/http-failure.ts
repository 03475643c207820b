// Turns what went wrong in one request into an HttpFailure: the kind, and one line in plain words with the
// host, port, proxy and limit that matter. Never a credential: callers pass what to scrub.
import type {DetailedPeerCertificate, PeerCertificate} from 'node:tls';
import type {ConnectionNotes} from './http-agents.js';
import type {HttpFailure, HttpFailureKind} from './types.js';

export type FailureContext = {
	host: string;
	port: number;
	/** The proxy as shown (no userinfo), where it came from, and whether it carried credentials. */
	proxy?: {shown: string; hostname: string; variable: string; hasCredentials: boolean};
	timeoutMs: number;
	notes: ConnectionNotes;
	/** "200 OK" when the headers had arrived before the failure. */
	headersReceived?: string;
	cancelled: boolean;
	/** Text that must never appear in a message (credentials). */
	secrets: string[];
	now?: Date;
};

type Classified = Pick<HttpFailure, 'kind' | 'message' | 'code' | 'certificate'>;

const unknownAuthorityCodes = new Set([
	'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
	'SELF_SIGNED_CERT_IN_CHAIN',
	'DEPTH_ZERO_SELF_SIGNED_CERT',
	'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
	'UNABLE_TO_GET_ISSUER_CERT',
	'CERT_UNTRUSTED',
]);
const expiredCodes = new Set(['CERT_HAS_EXPIRED', 'CERT_NOT_YET_VALID']);
const resetCodes = new Set(['ECONNRESET', 'EPIPE', 'ERR_STREAM_PREMATURE_CLOSE', 'ECONNABORTED']);

export function classifyFailure(error: unknown, context: FailureContext): Classified {
	const classified = classify(error, context);
	return {...classified, message: scrub(classified.message, context.secrets)};
}

function classify(error: unknown, context: FailureContext): Classified {
	const code = errorCode(error);
	const {proxy, notes} = context;
	const target = `${context.host}:${context.port}`;
	const viaProxy = proxy ? ` through the proxy ${proxy.shown} (from ${proxy.variable})` : '';
	const fail = (kind: HttpFailureKind, message: string, extra: Partial<Classified> = {}): Classified => ({
		kind,
		message,
		...(code ? {code} : {}),
		...extra,
	});

	if (context.cancelled || code === 'ERR_ABORTED') return fail('cancelled', `the request to ${target} was cancelled`);

	const answer = notes.proxyAnswer;
	if (proxy && answer && answer.statusCode !== 200) {
		const status = `${answer.statusCode} ${answer.statusText}`.trim();
		if (answer.statusCode === 407) {
			const credentials = proxy.hasCredentials ? `it refused the user and password in ${proxy.variable}` : `${proxy.variable} carries none`;
			return {kind: 'proxy-auth', message: `the proxy ${proxy.shown} (from ${proxy.variable}) wants credentials (${status}); ${credentials}`, code: String(answer.statusCode)};
		}
		return {
			kind: 'proxy-refused',
			message: `the proxy ${proxy.shown} (from ${proxy.variable}) would not open a tunnel to ${target}: ${status}`,
			code: String(answer.statusCode),
		};
	}
	// Before the proxy answered CONNECT, every network error is about the proxy, not the target.
	const atProxy = proxy !== undefined && answer === undefined;

	if (code === 'ETIMEDOUT' || error instanceof Error && error.name === 'TimeoutError') {
		const limit = seconds(context.timeoutMs);
		if (context.headersReceived) return fail('timeout', `${target} answered ${context.headersReceived}, but the body did not finish within ${limit}`);
		return fail('timeout', `no answer from ${target}${viaProxy} within ${limit}`);
	}
	if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EAI_FAIL' || code === 'EAI_NONAME') {
		const why = code === 'EAI_AGAIN' ? 'the DNS server did not answer' : 'no such host';
		if (atProxy) return fail('dns', `cannot resolve the proxy host ${proxy.hostname} (from ${proxy.variable}): ${why} (${code})`);
		return fail('dns', `cannot resolve ${context.host}: ${why} (${code})`);
	}
	if (code === 'ECONNREFUSED') {
		if (atProxy) return fail('proxy-refused', `the proxy ${proxy.shown} (from ${proxy.variable}) refused the connection (ECONNREFUSED)`);
		return fail('refused', `${target} refused the connection: nothing listens on port ${context.port} there, or a firewall rejects it (ECONNREFUSED)`);
	}
	if (code && resetCodes.has(code)) {
		if (atProxy) return fail('reset', `the proxy ${proxy.shown} (from ${proxy.variable}) closed the connection (${code})`);
		const stage = notes.peer ? 'after the TLS handshake' : 'before the TLS handshake finished';
		return fail('reset', `${target} closed the connection ${stage} (${code})`);
	}
	if (code && unknownAuthorityCodes.has(code)) {
		const leaf = notes.peer ?? certificateOf(error);
		const issuer = leaf ? topIssuer(leaf) : undefined;
		const certificate = describe(leaf, {issuer});
		const named = issuer ? `, issued by "${issuer}"` : '';
		const self = code === 'DEPTH_ZERO_SELF_SIGNED_CERT' ? ' (it is self-signed)' : '';
		return fail('tls-unknown-authority', `certificate signed by unknown authority: the certificate of ${context.host}${named}${self} does not chain to a root trusted here (${code})`, {certificate});
	}
	if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') {
		const leaf = certificateOf(error) ?? notes.peer;
		const names = leaf ? certificateNames(leaf) : [];
		return fail('tls-name-mismatch', `certificate is valid for ${names.length > 0 ? names.join(', ') : 'other names'}, not ${context.host}`, {
			certificate: describe(leaf),
		});
	}
	if (code && expiredCodes.has(code)) {
		const leaf = notes.peer ?? certificateOf(error);
		const now = context.now ?? new Date();
		const stale = leaf ? outOfDate(leaf, now) : undefined;
		const certificate = describe(stale ?? leaf);
		const when =
			code === 'CERT_NOT_YET_VALID'
				? `is not valid before ${isoDate(stale?.valid_from)}`
				: `expired on ${isoDate(stale?.valid_to)}`;
		const whose = stale && leaf && stale !== leaf ? `a certificate in the chain of ${context.host} ("${nameOf(stale.subject)}")` : `the certificate of ${context.host}`;
		return fail('tls-expired', `${whose} ${when}; this machine's clock says ${now.toISOString()} (${code})`, {certificate});
	}
	if (code?.startsWith('ERR_SSL_') || code?.startsWith('ERR_TLS_') || code === 'EPROTO' || /certificate|ssl|tls/i.test(messageOf(error))) {
		const hint = code === 'ERR_SSL_WRONG_VERSION_NUMBER' ? `; is port ${context.port} speaking plain HTTP instead of HTTPS?` : '';
		return fail('tls-other', `TLS with ${target} failed: ${messageOf(error)}${hint}`, {certificate: describe(notes.peer)});
	}
	if (code === 'ENETUNREACH' || code === 'EHOSTUNREACH') {
		return fail('other', `${target} cannot be reached from here: no route to ${code === 'ENETUNREACH' ? 'that network' : 'that host'} (${code})`);
	}
	return fail('other', `request to ${target}${viaProxy} failed: ${messageOf(error)}`);
}

function errorCode(error: unknown): string | undefined {
	if (!(error instanceof Error)) return undefined;
	const own = (error as {code?: unknown}).code;
	const cause = (error as {cause?: {code?: unknown}}).cause?.code;
	// got wraps errors and copies the code; its own default code says nothing.
	const code = typeof own === 'string' && own !== 'ERR_GOT_REQUEST_ERROR' ? own : typeof cause === 'string' ? cause : undefined;
	return code;
}

function messageOf(error: unknown): string {
	return error instanceof Error ? error.message : String(error);
}

function certificateOf(error: unknown): PeerCertificate | undefined {
	const direct = (error as {cert?: PeerCertificate}).cert;
	const cause = (error as {cause?: {cert?: PeerCertificate}}).cause?.cert;
	const found = direct ?? cause;
	return found && typeof found === 'object' && 'subject' in found ? found : undefined;
}

function chainOf(leaf: PeerCertificate): PeerCertificate[] {
	const chain: PeerCertificate[] = [leaf];
	let current = leaf as DetailedPeerCertificate;
	while (current.issuerCertificate && current.issuerCertificate !== current && chain.length < 10) {
		if (current.issuerCertificate.fingerprint256 === current.fingerprint256) break;
		current = current.issuerCertificate;
		chain.push(current);
	}
	return chain;
}

/** The issuer of the last certificate the server sent: the authority the client would have to trust. */
function topIssuer(leaf: PeerCertificate): string | undefined {
	const chain = chainOf(leaf);
	const top = chain[chain.length - 1]!;
	return top.issuer ? nameOf(top.issuer) : undefined;
}

function outOfDate(leaf: PeerCertificate, now: Date): PeerCertificate | undefined {
	return chainOf(leaf).find(cert => new Date(cert.valid_to) < now || new Date(cert.valid_from) > now);
}

export function certificateNames(certificate: PeerCertificate): string[] {
	const names = (certificate.subjectaltname ?? '')
		.split(', ')
		.map(entry => entry.replace(/^(DNS|IP Address):/, ''))
		.filter(entry => entry !== '');
	if (names.length > 0) return names;
	const common = certificate.subject?.CN;
	return common ? [String(common)] : [];
}

function describe(certificate: PeerCertificate | undefined, override: {issuer?: string} = {}): HttpFailure['certificate'] {
	if (!certificate) return override.issuer ? {issuer: override.issuer} : undefined;
	const described: NonNullable<HttpFailure['certificate']> = {};
	if (certificate.subject) described.subject = nameOf(certificate.subject);
	const issuer = override.issuer ?? (certificate.issuer ? nameOf(certificate.issuer) : undefined);
	if (issuer) described.issuer = issuer;
	if (certificate.valid_to) described.validTo = isoDate(certificate.valid_to);
	const names = certificateNames(certificate);
	if (names.length > 0) described.altNames = names.join(', ');
	return described;
}

/** "CN=Example CA, O=Example" — the order Go prints, most specific first. */
function nameOf(name: PeerCertificate['subject']): string {
	const order = ['CN', 'OU', 'O', 'L', 'ST', 'C'];
	const entries = Object.entries(name as unknown as Record<string, string | string[]>);
	entries.sort(([a], [b]) => (order.indexOf(a) + 1 || 99) - (order.indexOf(b) + 1 || 99));
	return entries.map(([key, value]) => `${key}=${Array.isArray(value) ? value.join('+') : value}`).join(', ');
}

function isoDate(text: string | undefined): string {
	if (!text) return 'an unknown date';
	const date = new Date(text);
	return Number.isNaN(date.getTime()) ? text : date.toISOString();
}

export function seconds(ms: number): string {
	return `${Number((ms / 1000).toFixed(3))} s`;
}

function scrub(message: string, secrets: string[]): string {
	let clean = message;
	for (const secret of secrets) {
		if (secret.length >= 3) clean = clean.split(secret).join('****');
	}
	return clean;
}
