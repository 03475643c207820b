// How the REST API finds and validates a token (docs/gitlab.md §2.1, §2.2).
import type {IncomingMessage, ServerResponse} from 'node:http';
import {basicCredentials, header, sendJson} from './http-util.js';
import type {InstanceContext} from './context.js';
import {PAT_KINDS, tokenState, type Actor, type Token, type TokenKind} from './model.js';

export interface ApiError {
	status: number;
	body: unknown;
	headers?: Record<string, string>;
}

export type ApiAuth = {kind: 'anonymous'} | {kind: 'ok'; actor: Actor; token: Token} | {kind: 'error'; error: ApiError};

export interface ApiAuthOptions {
	/** Route flag basic_auth_personal_access_token (package registries, Go proxy). */
	basic?: boolean;
	/** Route flag job_token_allowed (JOB-TOKEN header, job_token param). */
	jobToken?: boolean;
	/** Scopes the route accepts; undefined = any scope. Job tokens are not scope-checked. */
	scopes?: string[];
}

export const UNAUTHORIZED: ApiError = {status: 401, body: {message: '401 Unauthorized'}};
export const FORBIDDEN: ApiError = {status: 403, body: {message: '403 Forbidden'}};
export const NOT_FOUND: ApiError = {status: 404, body: {message: '404 Not Found'}};
export const PROJECT_NOT_FOUND: ApiError = {status: 404, body: {message: '404 Project Not Found'}};
/** Grape's catch-all route for unknown API paths. */
export const API_NOT_FOUND: ApiError = {status: 404, body: {error: '404 Not Found'}};

export function sendApiError(res: ServerResponse, error: ApiError): void {
	sendJson(res, error.status, error.body, error.headers);
}

export function invalidToken(description: string): ApiError {
	return {
		status: 401,
		body: {error: 'invalid_token', error_description: description},
		headers: {'WWW-Authenticate': `Bearer realm="Protected by OAuth 2.0", error="invalid_token", error_description="${description}"`},
	};
}

export const EXPIRED = 'Token is expired. You can either do re-authorization or token refresh.';
export const REVOKED = 'Token was revoked. You have to re-authorize from the user.';
export const IMPERSONATION_DISABLED = 'Token is an impersonation token but impersonation was disabled.';

export function insufficientScope(scopes: string[]): ApiError {
	return {
		status: 403,
		body: {error: 'insufficient_scope', error_description: 'The request requires higher privileges than provided by the access token.', scope: scopes.join(' ')},
	};
}

interface Presented {
	secret: string;
	kinds: ReadonlySet<TokenKind>;
}

function presented(req: IncomingMessage, url: URL, options: ApiAuthOptions): Presented | undefined {
	const pat = new Set<TokenKind>(PAT_KINDS);
	const patOrOauth = new Set<TokenKind>([...PAT_KINDS, 'oauth']);
	const privateToken = header(req, 'private-token') ?? url.searchParams.get('private_token') ?? undefined;
	if (privateToken) return {secret: privateToken, kinds: pat};
	const bearer = /^bearer\s+(\S+)/i.exec(header(req, 'authorization') ?? '');
	if (bearer) return {secret: bearer[1]!, kinds: patOrOauth};
	const accessToken = url.searchParams.get('access_token');
	if (accessToken) return {secret: accessToken, kinds: new Set(['oauth'])};
	if (options.jobToken) {
		const job = header(req, 'job-token') ?? url.searchParams.get('job_token') ?? undefined;
		if (job) return {secret: job, kinds: new Set(['job'])};
	}
	if (options.basic) {
		const basic = basicCredentials(req);
		if (basic) return {secret: basic.password, kinds: pat};
	}
	return undefined;
}

export function apiAuth(ctx: InstanceContext, req: IncomingMessage, url: URL, options: ApiAuthOptions = {}): ApiAuth {
	const given = presented(req, url, options);
	if (!given) return {kind: 'anonymous'};
	const token = ctx.model.findToken(given.secret, given.kinds);
	if (!token) return {kind: 'error', error: UNAUTHORIZED};
	const state = tokenState(token);
	if (token.kind === 'job') {
		if (state !== 'active') return {kind: 'error', error: UNAUTHORIZED};
	} else {
		if (state === 'expired') return {kind: 'error', error: invalidToken(EXPIRED)};
		if (state === 'revoked') return {kind: 'error', error: invalidToken(REVOKED)};
		if (options.scopes && !token.scopes.some(s => options.scopes!.includes(s))) return {kind: 'error', error: insufficientScope(options.scopes)};
		if (token.kind === 'impersonation' && !ctx.settings.impersonationEnabled) return {kind: 'error', error: invalidToken(IMPERSONATION_DISABLED)};
	}
	const user = ctx.model.users.get(token.username);
	if (!user || user.state !== 'active') return {kind: 'error', error: UNAUTHORIZED};
	token.lastUsedAt = new Date().toISOString();
	return {kind: 'ok', token, actor: {type: 'user', username: user.username, user, token, via: token.kind}};
}
