// What the fake saw: one entry per request, with credentials described but never stored.
import type {IncomingMessage} from 'node:http';
import {basicCredentials, header} from './http-util.js';
import {maskSecret, tokenState, type GitlabModel, type TokenKind, type TokenState} from './model.js';

export type Handler = 'go-get' | 'api' | 'git' | 'web' | 'hostile' | 'geo-from-secondary' | 'geo-proxied-to-primary' | 'error';

export interface ResolvedCredential {
	/** What the secret turned out to be: a token of some kind, the account password, or nothing known. */
	type: TokenKind | 'password' | 'unknown';
	/** Token owner / account (absent for unknown secrets). */
	username?: string;
	tokenName?: string;
	/** `glpat-…a1b2`: type prefix and at most the last four characters. */
	masked?: string;
	state?: TokenState;
}

export interface RequestLogEntry {
	seq: number;
	time: string;
	method: string;
	/** The Host header. */
	host: string;
	/** Path and query as sent, with token query parameters masked. */
	path: string;
	/** Which credential carrier the request used. */
	authorization: 'none' | 'basic' | 'bearer' | 'private-token' | 'job-token' | 'deploy-token' | 'token-param' | 'other';
	/** The Basic user name (masked if it looks like a token). */
	basicUsername?: string;
	credential?: ResolvedCredential;
	userAgent?: string;
	/** The Git-Protocol header (`version=2` for protocol v2). */
	gitProtocol?: string;
	handler?: Handler;
	status?: number;
	/** The client went away before the response finished. */
	aborted?: boolean;
	durationMs?: number;
}

const TOKEN_PARAMS = ['private_token', 'job_token', 'access_token'];

function redactPath(rawUrl: string): string {
	const q = rawUrl.indexOf('?');
	if (q < 0) return rawUrl;
	const params = new URLSearchParams(rawUrl.slice(q + 1));
	let changed = false;
	for (const name of TOKEN_PARAMS) {
		const value = params.get(name);
		if (value !== null) {
			params.set(name, maskSecret(value));
			changed = true;
		}
	}
	return changed ? `${rawUrl.slice(0, q)}?${params.toString()}` : rawUrl;
}

function looksLikeToken(model: GitlabModel, text: string): boolean {
	return /^(?:[A-Za-z]+-)*gl[a-z]+-/.test(text) || model.tokens.some(t => t.token === text);
}

function resolve(model: GitlabModel, secret: string, login?: string): ResolvedCredential {
	const token = model.tokens.find(t => t.token === secret);
	if (token) return {type: token.kind, username: token.username, tokenName: token.name, masked: maskSecret(secret), state: tokenState(token)};
	const user = login !== undefined ? model.users.get(login) : undefined;
	if (user?.password !== undefined && user.password === secret) return {type: 'password', username: user.username};
	return {type: 'unknown', masked: maskSecret(secret)};
}

export function describeRequest(model: GitlabModel, req: IncomingMessage, seq: number): RequestLogEntry {
	const rawUrl = req.url ?? '/';
	const entry: RequestLogEntry = {
		seq,
		time: new Date().toISOString(),
		method: req.method ?? 'GET',
		host: header(req, 'host') ?? '',
		path: redactPath(rawUrl),
		authorization: 'none',
	};
	const userAgent = header(req, 'user-agent');
	if (userAgent) entry.userAgent = userAgent;
	const gitProtocol = header(req, 'git-protocol');
	if (gitProtocol) entry.gitProtocol = gitProtocol;

	const authorization = header(req, 'authorization');
	const basic = basicCredentials(req);
	const bearer = /^bearer\s+(\S+)/i.exec(authorization ?? '');
	const url = new URL(rawUrl, 'http://x');
	const param = TOKEN_PARAMS.map(name => url.searchParams.get(name)).find(v => v !== null);
	if (basic) {
		entry.authorization = 'basic';
		entry.basicUsername = looksLikeToken(model, basic.login) ? maskSecret(basic.login) : basic.login;
		entry.credential = resolve(model, basic.password, basic.login);
	} else if (bearer) {
		entry.authorization = 'bearer';
		entry.credential = resolve(model, bearer[1]!);
	} else if (header(req, 'private-token')) {
		entry.authorization = 'private-token';
		entry.credential = resolve(model, header(req, 'private-token')!);
	} else if (header(req, 'job-token')) {
		entry.authorization = 'job-token';
		entry.credential = resolve(model, header(req, 'job-token')!);
	} else if (header(req, 'deploy-token')) {
		entry.authorization = 'deploy-token';
		entry.credential = resolve(model, header(req, 'deploy-token')!);
	} else if (param !== undefined && param !== null) {
		entry.authorization = 'token-param';
		entry.credential = resolve(model, param);
	} else if (authorization && authorization.trim() !== '') {
		entry.authorization = 'other';
	}
	return entry;
}
