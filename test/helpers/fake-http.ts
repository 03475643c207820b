// A fake Http for unit tests of live checks: answers by URL, records every request, and treats an
// unexpected URL as a test error.
import type {Http, HttpRequest, HttpResponse, HttpResult} from '../../source/system/types.js';

const statusTexts: Record<number, string> = {200: 'OK', 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 500: 'Internal Server Error'};

export function response(status: number, body: string, headers: Record<string, string>, url = ''): HttpResponse {
	return {status, statusText: statusTexts[status] ?? '', headers, body, truncated: false, url, redirects: [], timings: {totalMs: 5}, via: {}};
}

export function json(status: number, body: unknown, headers: Record<string, string> = {}): HttpResult {
	return {ok: true, response: response(status, JSON.stringify(body), {'content-type': 'application/json', ...headers})};
}

export function html(status: number, body: string, contentType = 'text/html'): HttpResult {
	return {ok: true, response: response(status, body, {'content-type': contentType})};
}

export function plain(status: number, body: string): HttpResult {
	return {ok: true, response: response(status, body, {'content-type': 'text/plain'})};
}

export type Route = HttpResult | ((request: HttpRequest) => HttpResult);

export function router(routes: Record<string, Route>) {
	const requests: HttpRequest[] = [];
	const http: Http = {
		async get(request) {
			requests.push(request);
			const route = routes[request.url];
			if (!route) throw new Error(`unexpected request ${request.url}`);
			const result = typeof route === 'function' ? route(request) : route;
			return result.ok ? {ok: true, response: {...result.response, url: result.response.url || request.url}} : result;
		},
		async trustedRootSources() {
			return [];
		},
	};
	return {http, requests};
}
