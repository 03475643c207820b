// One HTTP request, no redirects followed: the body read whatever the status, up to a limit, within a time limit.
import type {SecureContext} from 'node:tls';
import got from 'got';
import {agentsFor, type ConnectionNotes} from './http-agents.js';
import type {HttpTimings} from './types.js';

export type HopRequest = {
	url: URL;
	method: 'GET' | 'HEAD';
	headers: Record<string, string>;
	/** The proxy to tunnel through, with its credentials (never shown). */
	proxy?: URL;
	secureContext: SecureContext | undefined;
	timeoutMs: number;
	signal?: AbortSignal;
	maxBodyBytes: number;
};

export type HopAnswer = {
	status: number;
	statusText: string;
	headers: Record<string, string>;
	body: Buffer;
	truncated: boolean;
};

export type HopResult =
	| {ok: true; answer: HopAnswer; notes: ConnectionNotes; timings: Omit<HttpTimings, 'totalMs'>}
	| {ok: false; error: unknown; notes: ConnectionNotes; timings: Omit<HttpTimings, 'totalMs'>; headersReceived?: string};

/** Thrown into the stream when the time limit passes, whichever stage the request is in. */
export class HopTimeout extends Error {
	override name = 'HopTimeout';
	readonly code = 'ETIMEDOUT';
}

// got's own request timeout bounds the request; this guard is later, for a stage got's timer does not see.
const guardSlackMs = 250;

export function sendHop(request: HopRequest): Promise<HopResult> {
	const notes: ConnectionNotes = {};
	const ended = new AbortController();
	const stream = got.stream(request.url, {
		method: request.method,
		headers: request.headers,
		agent: agentsFor(request.proxy, request.secureContext, notes, ended.signal),
		followRedirect: false,
		throwHttpErrors: false,
		retry: {limit: 0},
		timeout: {request: Math.max(1, request.timeoutMs)},
		...(request.signal ? {signal: request.signal} : {}),
	});
	return new Promise<HopResult>(resolve => {
		let answer: Omit<HopAnswer, 'body' | 'truncated'> | undefined;
		const chunks: Buffer[] = [];
		let size = 0;
		let settled = false;
		const finish = (result: HopResult) => {
			if (settled) return;
			settled = true;
			clearTimeout(guard);
			resolve(result);
			stream.destroy();
			ended.abort();
		};
		const timings = () => phases(stream.timings);
		const guard = setTimeout(() => stream.destroy(new HopTimeout(`no end within ${request.timeoutMs} ms`)), request.timeoutMs + guardSlackMs);

		stream.on('response', (response: {statusCode: number; statusMessage?: string; headers: Record<string, string | string[] | undefined>}) => {
			answer = {status: response.statusCode, statusText: response.statusMessage ?? '', headers: flatHeaders(response.headers)};
			// A proxy's refusal arrives as if the server had answered; it is not the server's answer.
			if (notes.proxyAnswer && notes.proxyAnswer.statusCode !== 200) {
				finish({ok: false, error: new Error('proxy refused CONNECT'), notes, timings: timings()});
			}
		});
		stream.on('data', (chunk: Buffer) => {
			if (settled) return;
			const room = request.maxBodyBytes - size;
			if (chunk.length <= room) {
				chunks.push(chunk);
				size += chunk.length;
				return;
			}
			// Enough: an endless body stops here instead of filling memory.
			chunks.push(chunk.subarray(0, room));
			finish({ok: true, answer: {...answer!, body: Buffer.concat(chunks), truncated: true}, notes, timings: timings()});
		});
		stream.on('end', () => {
			if (!answer) return finish({ok: false, error: new Error('no response'), notes, timings: timings()});
			finish({ok: true, answer: {...answer, body: Buffer.concat(chunks), truncated: false}, notes, timings: timings()});
		});
		stream.on('error', (error: unknown) => {
			const headersReceived = answer ? `${answer.status} ${answer.statusText}`.trim() : undefined;
			finish({ok: false, error, notes, timings: timings(), ...(headersReceived ? {headersReceived} : {})});
		});
	});
}

type GotTimings = {phases: {dns?: number; tcp?: number; tls?: number; firstByte?: number}} | undefined;

function phases(timings: GotTimings): Omit<HttpTimings, 'totalMs'> {
	const phase = timings?.phases;
	const rounded = (value: number | undefined) => (value === undefined || Number.isNaN(value) ? undefined : Math.round(value));
	const result: Omit<HttpTimings, 'totalMs'> = {};
	const dns = rounded(phase?.dns);
	const connect = rounded(phase?.tcp);
	const tlsMs = rounded(phase?.tls);
	const firstByte = rounded(phase?.firstByte);
	if (dns !== undefined) result.dnsMs = dns;
	if (connect !== undefined) result.connectMs = connect;
	if (tlsMs !== undefined) result.tlsMs = tlsMs;
	if (firstByte !== undefined) result.firstByteMs = firstByte;
	return result;
}

function flatHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
	const flat: Record<string, string> = {};
	for (const [name, value] of Object.entries(headers)) {
		if (value !== undefined) flat[name] = Array.isArray(value) ? value.join(', ') : value;
	}
	return flat;
}
