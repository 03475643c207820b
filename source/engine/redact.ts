// One redaction for every output path (TUI, plain, JSON, report, error messages): secrets the
// checks read are registered here, and text is also scrubbed by shape (GitLab token prefixes,
// URL userinfo, Authorization values) in case a secret reached a string unregistered.
import {escapeControls} from '../output/terminal-text.js';
import type {SecretSink} from './types.js';

// GitLab's token prefixes (docs/gitlab.md §2.6); an instance prefix may stand before them.
const gitlabTokenPrefixes = ['glpat', 'gloas', 'gldt', 'glrt', 'glcbt', 'glptt', 'glft', 'glimt', 'glagent', 'glsoat', 'glffct'];

const tokenShape = new RegExp(
	String.raw`\b((?:[A-Za-z0-9]+-)?(?:${gitlabTokenPrefixes.join('|')})-)[A-Za-z0-9_.\-]{4,}`,
	'g',
);
// scheme://user:password@host — the userinfo of a URL, up to the last @ before a host, whatever the password holds
// (a raw /, " or < included); the host after it has a dot, a port or brackets, so Go's module proxy paths
// (`…/project/@v/list`) are not taken for userinfo.
const urlUserinfo = /\b([a-z][a-z0-9+.-]*:\/\/)(\S*)@(?=(?:[a-z0-9-]+\.[a-z0-9.-]*|[a-z0-9.-]+:\d+|\[[0-9a-f:.]+\]|localhost)(?:[/?#:\s'"<>),]|$))/gi;
// `-X main.apiKey=VALUE` in GOFLAGS or ldflags: a value set into a variable whose name says it is a secret.
const secretAssignment = /(-X[=\s]?['"]?[\w./-]*?(?:key|token|secret|passw(?:or)?d|pwd|auth|credential)\w*=)[^\s'"]+/gi;
// Whatever follows an Authorization header name is a credential, whichever scheme names it.
const authorizationHeader = /\b((?:Proxy-)?Authorization:\s*)(?:(Basic|Bearer|Token|Digest|Negotiate)\s+)?\S+/gi;
// Basic/Bearer need a space after them, so words such as `basic-access-denied` stay readable.
const authorizationValue = /\b(Basic|Bearer|PRIVATE-TOKEN:|JOB-TOKEN:|Deploy-Token:)(\s+|(?<=:))[A-Za-z0-9+/=._\-]{6,}/gi;

export const mask = '****';

/** How a secret prints: its type prefix and a mask (`glpat-****`), or only the mask. */
export function maskSecret(secret: string): string {
	const match = /^((?:[A-Za-z0-9]+-)?(?:glpat|gloas|gldt|glrt|glcbt|glptt|glft|glimt|glagent|glsoat|glffct)-)/.exec(secret);
	return match ? `${match[1]}${mask}` : mask;
}

export class Redactor implements SecretSink {
	readonly #secrets = new Set<string>();

	add(secret: string | undefined): void {
		// A short value or a plain word ("project", "hunter") would be found in ordinary text, and masking it there
		// would show the secret; such a value is masked only in its own fields (netrc, userinfo, headers).
		if (!secret || secret.length < 4 || /^[A-Za-z]{4,8}$/.test(secret)) return;
		// The name of a variable (`$CI_JOB_TOKEN`, written in single quotes so the shell never expanded it) is no
		// secret, and masking it would hide both the mistake and the fix that quotes it right.
		if (/^\$\{?[A-Za-z_][A-Za-z0-9_]*\}?$/.test(secret)) return;
		this.#secrets.add(secret);
		const encoded = encodeURIComponent(secret);
		if (encoded !== secret) this.#secrets.add(encoded);
		// Results show control characters escaped; a secret holding one is masked in that form too.
		const shown = escapeControls(secret);
		if (shown !== secret) this.#secrets.add(shown);
	}

	/** Registers a login/password pair, including the HTTP Basic form that could reach a header dump. */
	addCredential(login: string | undefined, password: string | undefined): void {
		this.add(password);
		if (password) this.add(Buffer.from(`${login ?? ''}:${password}`).toString('base64'));
	}

	redact(text: string): string {
		let result = text;
		// Longest first, so a secret that contains another is masked whole. Only where it stands as a value of its
		// own: not inside a longer word, a path or a host name (right after `scheme://` it is userinfo, so it
		// counts). A password that is also a word of the module path (`…/group/project`) is not "masked" there,
		// which would reveal it; in its own fields (netrc password, userinfo, a header) the check masks it, and
		// the shapes below catch the rest.
		for (const secret of [...this.#secrets].sort((a, b) => b.length - a.length)) {
			if (!result.includes(secret)) continue;
			result = result.replace(new RegExp(`(?<![\\w~]|\\w[.-])(?<!(?<!:/)/)${escapeRegExp(secret)}(?![\\w~/]|[.-]\\w)`, 'g'), maskSecret(secret));
		}
		return redactByShape(result);
	}

	/** A deep copy of a JSON-like value with every string redacted. */
	redactValue<T>(value: T): T {
		return mapStrings(value, text => this.redact(text)) as T;
	}
}

/** The parts of a proxy setting that are credentials, read as git and curl read it (up to the last @, and up
 * to a first / that ends it for them), so a message quoting a piece of it is masked too. */
export function proxyCredentialParts(raw: string | undefined): string[] {
	if (!raw) return [];
	const start = raw.indexOf('://') + 3 || 0;
	const at = raw.lastIndexOf('@');
	if (at <= start) return [];
	const userinfo = raw.slice(start, at);
	const cut = userinfo.split('/')[0]!;
	const colon = userinfo.indexOf(':');
	return [userinfo, cut, colon < 0 ? userinfo : userinfo.slice(colon + 1), ...(colon < 0 ? [] : [userinfo.slice(0, colon)])];
}

// Every shape above holds one of these words: a text without any (most texts) is returned without five scans.
const anyShape = /gl|:\/\/|-x|authorization|basic|bearer|-token:/i;

export function redactByShape(text: string): string {
	if (!anyShape.test(text)) return text;
	return text
		.replace(tokenShape, (_whole, prefix: string) => `${prefix}${mask}`)
		.replace(urlUserinfo, (whole, scheme: string, userinfo: string) => {
			const colon = userinfo.indexOf(':');
			const user = colon < 0 ? userinfo : userinfo.slice(0, colon);
			// A plain short user name (git@, oauth2@) is no secret; anything else may be a token used as the user.
			const plainUser = /^[A-Za-z0-9._-]{1,19}$/.test(user) && !userinfo.includes('://');
			if (colon >= 0) return plainUser ? `${scheme}${user}:${mask}@` : `${scheme}${mask}@`;
			return plainUser ? whole : `${scheme}${mask}@`;
		})
		.replace(authorizationHeader, (_whole, name: string, kind: string | undefined) => `${name}${kind ? `${kind} ` : ''}${mask}`)
		.replace(authorizationValue, (_whole, kind: string, space: string) => `${kind}${space}${mask}`)
		.replace(secretAssignment, (_whole, assignment: string) => `${assignment}${mask}`);
}

function escapeRegExp(text: string): string {
	return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function mapStrings(value: unknown, map: (text: string) => string): unknown {
	if (typeof value === 'string') return map(value);
	if (Array.isArray(value)) return value.map(item => mapStrings(item, map));
	if (value && typeof value === 'object') {
		return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, mapStrings(item, map)]));
	}
	return value;
}
