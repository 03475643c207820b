// Misbehaving-server modes for robustness tests, per path or for the whole instance.
import type {IncomingMessage, ServerResponse} from 'node:http';
import type {Socket} from 'node:net';
import {sendHtml} from './http-util.js';
import type {InstanceContext} from './context.js';
import {LOGIN_PAGE, SERVER_ERROR_PAGE} from './web.js';

export type HostileMode =
	| 'never-answer'
	| 'endless-body'
	| 'redirect-loop'
	| 'html-login-page'
	| 'status-500'
	| 'reset'
	| 'redirect-to-other-host';

export interface HostileRule {
	mode: HostileMode;
	/** String: prefix of the request path (query excluded). RegExp: tested on path+query. Absent: every request. */
	path?: string | RegExp;
	/** redirect-to-other-host: the host name to redirect to (default `other.gitlab.test`). */
	otherHost?: string;
}

export function normalizeHostile(value: HostileMode | HostileRule | HostileRule[] | undefined): HostileRule[] {
	if (value === undefined) return [];
	if (typeof value === 'string') return [{mode: value}];
	return Array.isArray(value) ? value : [value];
}

export function matchHostile(rules: HostileRule[], pathname: string, pathAndQuery: string): HostileRule | undefined {
	return rules.find(rule => {
		if (rule.path === undefined) return true;
		if (typeof rule.path === 'string') return pathname.startsWith(rule.path);
		return rule.path.test(pathAndQuery);
	});
}

const ENDLESS_LIMIT_MS = 5 * 60_000;

export function applyHostile(ctx: InstanceContext, rule: HostileRule, req: IncomingMessage, res: ServerResponse, pathAndQuery: string): void {
	switch (rule.mode) {
		case 'never-answer': {
			// Hold the request open; close() destroys the socket.
			req.resume();
			return;
		}
		case 'endless-body': {
			res.writeHead(200, {'Content-Type': 'text/html; charset=utf-8'});
			res.write('<!DOCTYPE html>\n<html><head>\n');
			// About 400 KB/s: endless, but cheap.
			const line = `<!-- ${'x'.repeat(1000)} -->\n`.repeat(8);
			const started = Date.now();
			const timer = setInterval(() => {
				if (res.destroyed || res.writableEnded || Date.now() - started > ENDLESS_LIMIT_MS) {
					stop();
					if (!res.destroyed) res.destroy();
					return;
				}
				res.write(line);
			}, 20);
			const unregister = ctx.onClose(() => stop());
			const stop = () => {
				clearInterval(timer);
				unregister();
			};
			res.on('close', stop);
			return;
		}
		case 'redirect-loop': {
			res.writeHead(302, {Location: `${ctx.base}${pathAndQuery}`, 'Content-Length': '0'});
			res.end();
			return;
		}
		case 'redirect-to-other-host': {
			const scheme = new URL(ctx.base).protocol;
			res.writeHead(302, {Location: `${scheme}//${rule.otherHost ?? 'other.gitlab.test'}${pathAndQuery}`, 'Content-Length': '0'});
			res.end();
			return;
		}
		case 'html-login-page':
			return sendHtml(res, 200, LOGIN_PAGE);
		case 'status-500':
			return sendHtml(res, 500, SERVER_ERROR_PAGE);
		case 'reset': {
			const socket = req.socket as Socket & {resetAndDestroy?: () => void};
			try {
				if (socket.resetAndDestroy) socket.resetAndDestroy();
				else socket.destroy();
			} catch {
				socket.destroy();
			}
			return;
		}
	}
}
