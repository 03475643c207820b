// The fixes the go/git error table offers, built with the fix builders the checks use.
import type {Fix} from '../engine/types.js';
import {addEntryFix, tokenFormLink} from '../checks/gitlab-api.js';
import {shellQuote} from '../fixes/shell.js';

/** A host for a command: the one the text names (a plain host name, see error-names.ts) or a placeholder. */
export function hostArg(host: string): string {
	return host ? shellQuote(host) : 'YOUR.GITLAB.HOST';
}

export function privateFix(host: string): Fix {
	return {
		title: `Tell Go the module is private: add ${host} to GOPRIVATE, keeping the patterns it already has (\`go env GOPRIVATE\` shows them)`,
		commands: [`go env -w GOPRIVATE=${hostArg(host)}`],
		safe: false,
	};
}

export function netrcFixes(host: string): Fix[] {
	return [addEntryFix(host || 'YOUR.GITLAB.HOST', undefined)];
}

export function tokenFixes(host: string): Fix[] {
	return [
		{title: `Make sure the token in the ~/.netrc entry for ${host} is a live personal access token with read_api, of a user who is at least Reporter in the project`, commands: [], safe: false, ...(host ? {link: tokenFormLink(host)} : {})},
	];
}

export function caFixes(side: 'go' | 'git'): Fix[] {
	if (side === 'go') {
		return [
			{title: 'Trust the CA that signs the GitLab certificate system-wide (Debian, Ubuntu), or point SSL_CERT_FILE at a bundle that holds it', commands: ['sudo cp ca.crt /usr/local/share/ca-certificates/ && sudo update-ca-certificates'], safe: false},
		];
	}
	return [{title: 'Tell git which CA signs the GitLab certificate (git has its own CA setting)', commands: ['git config --global http.sslCAInfo FILE-WITH-THE-CA-AND-PUBLIC-ROOTS.pem'], safe: false}];
}

