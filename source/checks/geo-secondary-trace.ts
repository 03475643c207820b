// What git's HTTP requests did, read from GIT_TRACE_CURL (git-behaviour.md §5; git http.c `curl_trace`): which host
// each request went to, whether it carried credentials, its status and where it was redirected. The geo-secondary check
// needs it because git prints "warning: redirecting to …" only when the redirected request succeeds: when the
// credentials are lost on the way to the primary, stderr shows only "Authentication failed" (gitlab-behaviour.md §3.2).
// git redacts Authorization values in the trace (GIT_TRACE_REDACT, on by default); only their presence is read here.

import {hostnameOf} from '../rules/hosts.js';
export type CurlExchange = {
	method: string;
	/** The Host header, lower case, with a port if one was sent. */
	host: string;
	/** Path and query as sent. */
	path: string;
	/** True when the request carried an Authorization header. */
	authorization: boolean;
	status?: number;
	/** The Location header of a redirect answer. */
	location?: string;
};

const traceLine = /(=>|<=) (Send|Recv) header: ?(.*)$/;

/** The requests in a GIT_TRACE_CURL log, in order. CONNECT requests to a proxy and 1xx answers are left out. */
export function parseCurlTrace(text: string): CurlExchange[] {
	const exchanges: CurlExchange[] = [];
	let current: CurlExchange | undefined;
	let inConnect = false;
	for (const raw of (typeof text === 'string' ? text : '').split(/\r?\n/)) {
		const match = traceLine.exec(raw);
		if (!match) continue;
		const direction = match[2];
		const header = match[3]!.trim();
		if (direction === 'Send') {
			const request = /^([A-Z]+) (\S+) HTTP\/[0-9.]+$/.exec(header);
			if (request) {
				inConnect = request[1] === 'CONNECT';
				if (inConnect) {
					current = undefined;
					continue;
				}
				current = {method: request[1]!, host: '', path: request[2]!, authorization: false};
				exchanges.push(current);
				continue;
			}
			if (!current || inConnect) continue;
			const colon = header.indexOf(':');
			if (colon < 0) continue;
			const name = header.slice(0, colon).trim().toLowerCase();
			const value = header.slice(colon + 1).trim();
			if (name === 'host') current.host = value.toLowerCase();
			else if (name === 'authorization') current.authorization = true;
			continue;
		}
		if (inConnect || !current) continue;
		const status = /^HTTP\/[0-9.]+ (\d{3})\b/.exec(header);
		if (status) {
			const code = Number(status[1]);
			// 100 Continue comes before the real answer.
			if (code >= 200) current.status = code;
			continue;
		}
		const location = /^location:\s*(\S+)/i.exec(header);
		if (location) current.location = location[1]!;
	}
	return exchanges;
}


export type GeoRoute = {
	/** The Location that sent git to /-/from_secondary/… or /-/push_from_secondary/… (the repository is out of date). */
	fromSecondary?: string;
	/** Requests git made to hosts other than the secondary after a redirect (normally the primary), in order. */
	elsewhere: CurlExchange[];
	/** The host names git was redirected to, other than the secondary. */
	otherHosts: string[];
};

/** Where a Geo secondary sent git, from the exchanges of one `git ls-remote`. */
export function geoRouteOf(exchanges: CurlExchange[], secondaryHost: string): GeoRoute {
	const secondary = hostnameOf(secondaryHost);
	const route: GeoRoute = {elsewhere: [], otherHosts: []};
	for (const exchange of exchanges) {
		if (exchange.location && /\/-\/(?:push_)?from_secondary\//.test(exchange.location) && route.fromSecondary === undefined) {
			route.fromSecondary = exchange.location;
		}
		const host = hostnameOf(exchange.host);
		if (host !== '' && host !== secondary) {
			route.elsewhere.push(exchange);
			if (!route.otherHosts.includes(host)) route.otherHosts.push(host);
		}
	}
	return route;
}
