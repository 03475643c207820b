// What a go error block names: the module (from go's prefixes, an import path, or a proxy URL), the version, and
// the first URL.
import {isHostName} from './hosts.js';
import {hostOf as firstPathElement} from './module-path.js';

export const urlPattern = /https?:\/\/[^\s"'<>()]+/;

/** `!x` in a proxy URL path is an escaped capital letter (golang.org/x/mod/module EscapePath). */
function unescapeModulePath(path: string): string {
	return path.replace(/!([a-z])/g, (_m, letter: string) => letter.toUpperCase());
}

// The pasted text is foreign: only a plain host name (and port) or module path is taken from it, so nothing else can
// reach a fix command or the confirm command.
// A module's host has a dot in its first element (Go's rule); hosts.ts says what a host name is.
const plainHost = {test: (text: string) => text.includes('.') && !text.startsWith('[') && isHostName(text)};
const plainModule = /^[A-Za-z0-9][A-Za-z0-9.\-_~+!]*(?:\/[A-Za-z0-9.\-_~+!]+)*$/;

/** The host of a URL when it is a plain host name. */
export function hostOf(url: string | undefined): string | undefined {
	if (url === undefined) return undefined;
	try {
		const host = new URL(url).host.toLowerCase();
		return plainHost.test(host) ? host : undefined;
	} catch {
		return undefined;
	}
}

/** `text` when it is a plain host name (with a port), else undefined. */
export function plainHostName(text: string | undefined): string | undefined {
	const host = text?.toLowerCase();
	return host !== undefined && plainHost.test(host) ? host : undefined;
}

/** The host of a module path (its first element) when it is a plain host name. */
export function moduleHost(module: string | undefined): string | undefined {
	return module ? plainHostName(firstPathElement(module)) : undefined;
}

export type Named = {module?: string; version?: string; url?: string};

/** The module, version and first URL a go error block names. */
export function namesOf(text: string): Named {
	const named: Named = {};
	const patterns: RegExp[] = [
		/^(?:go(?: get| mod \w+)?: )?(?:verifying )?([a-z0-9.-]+\.[a-z]{2,}(?::\d+)?(?:\/[^\s@:"]+)*)@([^\s:/]+)(?:\/go\.mod)?: /im,
		/^(?:go(?: get| mod \w+)?: )?module ([a-z0-9.-]+\.[a-z]{2,}[^\s:@]*)(?:@([^\s:]+))?: /im,
		/unrecognized import path "([^"]+)"/,
		/^import "([^"]+)": /m,
		/^(?:go(?: get| mod \w+)?: )?package ([a-z0-9.-]+\.[a-z]{2,}[^\s:]*): /im,
	];
	for (const pattern of patterns) {
		const match = pattern.exec(text);
		if (match && plainModule.test(match[1]!)) {
			named.module = match[1]!;
			// The version as go printed it: a release, or the query (latest, upgrade) the user asked for.
			if (match[2]) named.version = match[2];
			break;
		}
	}
	if (named.module === undefined) {
		// A proxy URL names the module: https://proxy/…/MODULE/@v/…
		const proxied = /https?:\/\/[^\s"]*?\/((?:[a-z0-9.-]+\.[a-z]{2,})(?:\/[^\s"@]+?)?)\/@(?:v|latest)/.exec(text);
		if (proxied && plainModule.test(proxied[1]!)) named.module = unescapeModulePath(proxied[1]!);
	}
	const url = urlPattern.exec(text);
	if (url) named.url = url[0].replace(/[.,;:]+$/, '');
	return named;
}
