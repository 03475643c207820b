// Small helpers shared by the token and go-import checks: GitLab's REST answers read as GitLab words them
// (gitlab-behaviour.md §2.2), what a credential looks like (§2.6), and the fixes both checks offer.
import type {CheckContext, Fix} from '../engine/types.js';
import {askableModulePaths} from '../rules/module-path.js';
import type {HttpFailure, HttpResponse, HttpResult} from '../system/types.js';

/** What the go command's net/http sends up to Go 1.26 (go-behaviour.md §5.3, golang/go#78891). */
export const goUserAgent = 'Go-http-client/1.1';

/** How much of a body is read (Go reads the whole ?go-get=1 page; the API answers are small). */
export const maxBodyBytes = 1024 * 1024;

export type ApiAnswer =
	| {kind: 'json'; status: number; body: unknown; response: HttpResponse}
	/** Not GitLab's API: an HTML page, a proxy's answer, or JSON that does not parse. */
	| {kind: 'not-json'; status: number; response: HttpResponse; what: string}
	| {kind: 'failure'; failure: HttpFailure};

export type ApiRequest = {path: string; headers?: Record<string, string>; signal: AbortSignal};

/** GET https://HOST/api/v4/PATH, credentials only in the headers given (the Http layer keeps them on HOST). */
export async function apiGet(context: CheckContext, host: string, request: ApiRequest): Promise<ApiAnswer> {
	const http = await context.system.http();
	const result = await http.get({
		url: `https://${host}/api/v4/${request.path}`,
		headers: {'User-Agent': goUserAgent, Accept: 'application/json', ...request.headers},
		timeoutMs: context.options.timeoutMs,
		signal: request.signal,
		maxBodyBytes,
	});
	return readApiAnswer(result);
}

export function readApiAnswer(result: HttpResult): ApiAnswer {
	if (!result.ok) return {kind: 'failure', failure: result.failure};
	const {response} = result;
	const contentType = response.headers['content-type'] ?? '';
	if (/\bjson\b/i.test(contentType) || (contentType === '' && /^\s*[{[]/.test(response.body))) {
		try {
			return {kind: 'json', status: response.status, body: JSON.parse(response.body), response};
		} catch {
			return {kind: 'not-json', status: response.status, response, what: `${contentType || 'an answer'} that is not valid JSON`};
		}
	}
	return {kind: 'not-json', status: response.status, response, what: describeBody(response)};
}

/** "an HTML page ("Sign in · GitLab")", "an empty text/plain answer", … */
export function describeBody(response: HttpResponse): string {
	const contentType = (response.headers['content-type'] ?? '').split(';')[0]!.trim();
	const html = /^text\/html$/i.test(contentType) || /^\s*<(!doctype html|html)/i.test(response.body);
	if (html) {
		const title = /<title[^>]*>([^<]{1,120})<\/title>/i.exec(response.body)?.[1]?.trim();
		return `an HTML page${title ? ` ("${title}")` : ''}`;
	}
	if (response.body.trim() === '') return `an empty ${contentType || 'untyped'} answer`;
	return `a ${contentType || 'untyped'} answer`;
}

export function statusLine(response: Pick<HttpResponse, 'status' | 'statusText'>): string {
	return `${response.status}${response.statusText ? ` ${response.statusText}` : ''}`;
}

export function fieldsOf(body: unknown): Record<string, unknown> {
	return typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
}

/** GitLab's REST error answers (gitlab-behaviour.md §2.2, §2.3). */
export type ApiError =
	| {kind: 'expired'}
	| {kind: 'revoked'}
	| {kind: 'impersonation-disabled'}
	/** `{"message":"401 Unauthorized"}`: no token, or one GitLab does not know. */
	| {kind: 'unauthorized'}
	| {kind: 'insufficient-scope'; allowed: string[]}
	/** `{"error":"404 Not Found"}`: Grape's catch-all, a route this GitLab does not have. */
	| {kind: 'no-such-route'}
	| {kind: 'not-found'; message: string}
	/** 400 from /personal_access_tokens/self: the token is not a personal access token (e.g. OAuth). */
	| {kind: 'not-a-pat'}
	| {kind: 'other'; message: string};

export function apiError(status: number, body: unknown): ApiError {
	const fields = fieldsOf(body);
	const error = typeof fields['error'] === 'string' ? fields['error'] : undefined;
	const description = typeof fields['error_description'] === 'string' ? fields['error_description'] : '';
	const message = typeof fields['message'] === 'string' ? fields['message'] : undefined;
	if (status === 401 && error === 'invalid_token') {
		if (/expired/i.test(description)) return {kind: 'expired'};
		if (/revoked/i.test(description)) return {kind: 'revoked'};
		if (/impersonation/i.test(description)) return {kind: 'impersonation-disabled'};
		return {kind: 'other', message: description || error};
	}
	if (status === 401) return {kind: 'unauthorized'};
	if (status === 403 && error === 'insufficient_scope') {
		const scope = typeof fields['scope'] === 'string' ? fields['scope'] : '';
		return {kind: 'insufficient-scope', allowed: scope.split(/\s+/).filter(Boolean)};
	}
	if (status === 404 && error === '404 Not Found' && message === undefined) return {kind: 'no-such-route'};
	if (status === 404) return {kind: 'not-found', message: message ?? error ?? '404'};
	if (status === 400 && message !== undefined && /personal access token/i.test(message)) return {kind: 'not-a-pat'};
	return {kind: 'other', message: message ?? error ?? `${status}`};
}

const gitlabPrefixes = ['glpat', 'gloas', 'gldt', 'glrt', 'glcbt', 'glptt', 'glft', 'glimt', 'glagent', 'glsoat', 'glffct'] as const;
export type GitlabPrefix = (typeof gitlabPrefixes)[number];

/** The GitLab token type a secret's prefix names (an instance prefix may stand before it, §2.6). */
export function gitlabPrefixOf(secret: string): GitlabPrefix | undefined {
	const match = new RegExp(`^(?:[A-Za-z0-9]+-)?(${gitlabPrefixes.join('|')})-`).exec(secret);
	return match ? (match[1] as GitlabPrefix) : undefined;
}

/** GitLab's names for the token types that can never authenticate Git or go-get. */
export const unusablePrefixes: Partial<Record<GitlabPrefix, string>> = {
	glrt: 'a runner authentication token',
	glptt: 'a pipeline trigger token',
	glft: 'a feed token',
	glimt: 'an incoming mail token',
	glagent: 'a GitLab agent for Kubernetes token',
	glsoat: 'a SCIM token',
	glffct: 'a feature flags client token',
};

export function isDeployLogin(login: string): boolean {
	return /^gitlab\+deploy-token-\d+$/.test(login);
}

/** A module path's GitLab project paths Go's prefixes could name: at least two elements after the host, longest first. */
export function projectCandidates(host: string, candidates: readonly string[]): string[] {
	return askableModulePaths(candidates)
		.filter(candidate => candidate.startsWith(`${host}/`))
		.map(candidate => candidate.slice(host.length + 1))
		.filter(path => path.split('/').length >= 2);
}

export function failureText(failure: HttpFailure): string {
	return failure.code ? `${failure.message} (${failure.code})` : failure.message;
}
