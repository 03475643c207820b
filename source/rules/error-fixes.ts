// The fixes the go/git error table offers, made by the fix builders every check uses (fixes/builders.ts), so one
// problem gets the same fix whether a check or `explain` finds it. Advice only: explain does not know the user's
// current settings, so none of these is applied by the tool itself.
import type {Fix} from '../engine/types.js';
import {gitCaFix, goEnvFix, netrcEntryFix, tokenFormLink} from '../fixes/builders.js';
import {shellQuote} from '../fixes/command.js';

/** Where a command needs a host the error text did not name. */
export const placeholderHost = 'YOUR.GITLAB.HOST';

/** A host for a command: the one the text names (a host name, see error-names.ts) or a placeholder. */
export function hostArg(host: string): string {
	return host ? shellQuote(host) : placeholderHost;
}

function advice(fix: Fix): Fix {
	const {actions: _actions, ...rest} = fix;
	return {...rest, safe: false};
}

export function privateFix(host: string): Fix {
	return advice(
		goEnvFix(`Tell Go the module is private: add ${host || 'the host'} to GOPRIVATE, keeping the patterns it already has (\`go env GOPRIVATE\` shows them)`, [
			{key: 'GOPRIVATE', value: host || placeholderHost, inEnvironment: false},
		]),
	);
}

export function netrcFixes(host: string): Fix[] {
	return [advice(netrcEntryFix({host: host || placeholderHost}))];
}

export function tokenFixes(host: string): Fix[] {
	const link = host ? tokenFormLink(host) : undefined;
	return [
		{title: `Make sure the token in the ~/.netrc entry for ${host || 'the host'} is a live personal access token with read_api, of a user who is at least Reporter in the project`, commands: [], safe: false, ...(link ? {link} : {})},
	];
}

export function caFixes(side: 'go' | 'git', host = ''): Fix[] {
	if (side === 'go') {
		return [
			{title: 'Trust the CA that signs the GitLab certificate system-wide (Debian, Ubuntu), or point SSL_CERT_FILE at a bundle that holds it', commands: ['sudo cp ca.crt /usr/local/share/ca-certificates/ && sudo update-ca-certificates'], safe: false},
		];
	}
	return [advice(gitCaFix(host || placeholderHost, undefined))];
}
