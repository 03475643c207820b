// One redaction for every output path (TUI, plain, JSON, report, error messages): secrets the
// checks read are registered here, and text is also scrubbed by shape (GitLab token prefixes,
// URL userinfo, Authorization values) in case a secret reached a string unregistered.
import type {SecretSink} from './types.js';

// GitLab's token prefixes (docs/gitlab.md §2.6); an instance prefix may stand before them.
const gitlabTokenPrefixes = ['glpat', 'gloas', 'gldt', 'glrt', 'glcbt', 'glptt', 'glft', 'glimt', 'glagent', 'glsoat', 'glffct'];

const tokenShape = new RegExp(
	String.raw`\b((?:[A-Za-z0-9]+-)?(?:${gitlabTokenPrefixes.join('|')})-)[A-Za-z0-9_.\-]{4,}`,
	'g',
);
// scheme://user:password@ or scheme://user@ — the userinfo of a URL.
const urlUserinfo = /\b([a-z][a-z0-9+.-]*:\/\/)([^\s/@:'"<>]*)(?::([^\s/@'"<>]*))?@/gi;
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
		// Very short values would mask ordinary words; they are still scrubbed by shape where they appear in URLs.
		if (!secret || secret.length < 4) return;
		this.#secrets.add(secret);
		const encoded = encodeURIComponent(secret);
		if (encoded !== secret) this.#secrets.add(encoded);
	}

	/** Registers a login/password pair, including the HTTP Basic form that could reach a header dump. */
	addCredential(login: string | undefined, password: string | undefined): void {
		this.add(password);
		if (password) this.add(Buffer.from(`${login ?? ''}:${password}`).toString('base64'));
	}

	redact(text: string): string {
		let result = text;
		// Longest first, so a secret that contains another is masked whole.
		for (const secret of [...this.#secrets].sort((a, b) => b.length - a.length)) {
			if (result.includes(secret)) result = result.split(secret).join(maskSecret(secret));
		}
		return redactByShape(result);
	}

	/** A deep copy of a JSON-like value with every string redacted. */
	redactValue<T>(value: T): T {
		return mapStrings(value, text => this.redact(text)) as T;
	}
}

export function redactByShape(text: string): string {
	return text
		.replace(tokenShape, (_whole, prefix: string) => `${prefix}${mask}`)
		.replace(urlUserinfo, (whole, scheme: string, user: string, password: string | undefined) => {
			if (password !== undefined) return `${scheme}${user}:${mask}@`;
			// A user name alone (git@, oauth2@) is no secret; a long one may be a token used as the user.
			return user.length < 20 ? whole : `${scheme}${mask}@`;
		})
		.replace(authorizationValue, (_whole, kind: string, space: string) => `${kind}${space}${mask}`);
}

function mapStrings(value: unknown, map: (text: string) => string): unknown {
	if (typeof value === 'string') return map(value);
	if (Array.isArray(value)) return value.map(item => mapStrings(item, map));
	if (value && typeof value === 'object') {
		return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, mapStrings(item, map)]));
	}
	return value;
}
