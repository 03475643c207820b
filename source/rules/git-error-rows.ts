// git's failures (read by classifyGitStderr, the reading the git checks use) as rows of the one table: the cause,
// the checks that confirm it (another host than the module's points at the route first), and the fixes.
import {caFixes, hostArg, netrcFixes, tokenFixes} from './error-fixes.js';
import {hostOf, plainHostName} from './error-names.js';
import type {Diagnosis, Facts} from './error-types.js';
import type {GitFailure} from './git-errors.js';

export function gitDiagnosis(failure: GitFailure, facts: Facts, text: string): Omit<Diagnosis, 'lines' | 'module' | 'version'> {
	const own = facts.host;
	const at = (host: string | undefined) => host ?? own;
	const elsewhere = (host: string | undefined) => host !== undefined && host !== '' && own !== '' && host.toLowerCase() !== own;
	switch (failure.kind) {
		case 'no-credentials': {
			const host = plainHostName(failure.host) ?? own;
			return elsewhere(host)
				? {reason: 'git-no-credentials', host, url: failure.url, cause: `git went to ${host} (not the module's host ${own}: an insteadOf rule or a Geo secondary) and had no credentials for it`, checks: ['geo-secondary', 'git-route', 'git-auth', 'git-access'], fixes: netrcFixes(host)}
				: {reason: 'git-no-credentials', host, url: failure.url, cause: `git had no credentials for ${host} and may not prompt (Go runs it with GIT_TERMINAL_PROMPT=0): no ~/.netrc entry git reads, no credential helper, or the wrong repository for a subgroup project`, checks: ['netrc', 'git-auth', 'git-access', 'go-import'], fixes: netrcFixes(host)};
		}
		case 'no-password':
			return {reason: 'git-no-password', host: plainHostName(failure.host), cause: `git has a user name (${failure.user}) for ${failure.host} but no password or token, and may not prompt`, checks: ['git-route', 'git-auth', 'git-access'], fixes: netrcFixes(plainHostName(failure.host) ?? '')};
		case 'auth-rejected': {
			const url = /Authentication failed for '([^']+)'/.exec(text)?.[1];
			const host = hostOf(url);
			return elsewhere(host)
				? {reason: 'git-auth-rejected', host, url, cause: `${host} (not the module's host ${own}: an insteadOf rule or a Geo secondary) refused the credentials git sent (HTTP Basic: Access denied)`, checks: ['geo-secondary', 'git-route', 'git-auth'], fixes: tokenFixes(at(host))}
				: {reason: 'git-auth-rejected', host: at(host), url, cause: 'GitLab refused the credentials git sent (HTTP Basic: Access denied): a wrong, expired or revoked token, a password where only tokens are allowed, or a token without read_repository', checks: ['git-access', 'git-auth', 'token'], fixes: tokenFixes(at(host))};
		}
		case 'not-found': {
			const url = /repository '([^']+)' not found/.exec(text)?.[1];
			const repo = url ? repositoryPath(url) : undefined;
			const wanted = facts.module?.split('/').slice(1) ?? [];
			if (repo !== undefined && repo.split('/').length === 2 && wanted.length > 2 && wanted.slice(0, 2).join('/') === repo) {
				return {reason: 'gitlab-two-segment', host: hostOf(url), url, cause: `git was sent to ${repo}, the first two path elements only: GitLab answered ?go-get=1 without valid credentials, so Go took the group for the project (a project in a subgroup needs credentials Go sends, in ~/.netrc)`, checks: ['go-import', 'netrc', 'token'], fixes: netrcFixes(at(hostOf(url)))};
			}
			if (repo !== undefined && repo.split('/').length === 2 && facts.module === undefined) {
				return {reason: 'gitlab-two-segment', host: hostOf(url), url, cause: `GitLab has no repository ${repo} this user can see; if the module is in a subgroup, GitLab answered ?go-get=1 without valid credentials and Go took the first two path elements for the project`, checks: ['go-import', 'netrc', 'token', 'git-access'], fixes: netrcFixes(at(hostOf(url)))};
			}
			return {reason: 'git-not-found', host: hostOf(url), url, cause: `GitLab has no repository ${repo ?? ''} this user can see: a wrong path (an insteadOf rule?) or no access`.replace('  ', ' '), checks: ['git-route', 'git-access'], fixes: []};
		}
		case 'forbidden':
			return {reason: 'git-forbidden', cause: 'GitLab refused to hand out the code (403): the user may see the project but not download code (Guest), or too many failed sign-ins', checks: ['git-access', 'token'], fixes: [{title: 'Ask a maintainer of the project for the Reporter role or higher', commands: [], safe: false}]};
		case 'tls': {
			const tlsHost = hostOf(/unable to access '([^']+)'/.exec(text)?.[1]) ?? own;
			return {reason: 'git-tls', cause: `git does not trust the HTTPS certificate: ${failure.detail}`, checks: ['git-access', 'https'], fixes: caFixes('git', tlsHost)};
		}
		case 'dns':
			return {reason: 'git-network', host: plainHostName(failure.host), cause: `git could not resolve ${failure.host} (DNS)`, checks: ['git-access', 'https'], fixes: []};
		case 'refused':
			return {reason: 'git-network', cause: `git could not connect: ${failure.detail}`, checks: ['git-access', 'https'], fixes: [{title: 'Check git\'s proxy settings (http.proxy, HTTPS_PROXY) and the host and port', commands: ['git config --show-origin --get-regexp "^http\\..*proxy"'], safe: false}]};
		case 'timeout':
			return {reason: 'git-network', cause: `git timed out: ${failure.detail}`, checks: ['git-access', 'https'], fixes: []};
		case 'proxy':
			return {reason: 'git-network', cause: `git could not get through the HTTP proxy: ${failure.detail}`, checks: ['git-access', 'https'], fixes: [{title: 'Check git\'s proxy settings (http.proxy, HTTPS_PROXY and its credentials, NO_PROXY)', commands: ['git config --show-origin --get-regexp "^http\\..*proxy"'], safe: false}]};
		case 'netrc-parse':
			return {reason: 'git-netrc-parse', cause: 'curl (inside git) cannot parse the .netrc file Go reads without trouble (a quote, or a token curl reads differently), so git sends no credentials', checks: ['git-auth', 'netrc'], fixes: [{title: 'Rewrite the ~/.netrc entry without quotes: machine HOST login USER password TOKEN', commands: [], safe: false}]};
		case 'local-path':
			return {reason: 'git-local-path', cause: `git took the remote for a local path (${failure.path}): an insteadOf rule writes an SSH URL without "ssh://" and with "/" instead of ":"`, checks: ['git-route'], fixes: [{title: 'Write the rule as ssh://git@HOST/ or git@HOST: (with the colon)', commands: ['git config --show-origin --get-regexp "^url\\..*insteadof"'], safe: false}]};
		case 'bad-config':
			return {reason: 'git-bad-config', cause: `git stopped at its configuration: ${failure.detail}`, checks: ['git-route', 'git-access'], fixes: [{title: 'Fix the configuration line git names', commands: ['git config --show-origin --list'], safe: false}]};
		case 'ssh':
			switch (failure.failure.kind) {
				case 'publickey':
					return {reason: 'ssh-publickey', cause: 'GitLab refused every SSH key ssh offered (Permission denied (publickey)): no key loaded, or the key is not in the GitLab profile', checks: ['git-auth', 'git-access'], fixes: [{title: 'See which keys the agent holds and add yours; add the public key to your GitLab profile', commands: ['ssh-add -l'], safe: false}]};
				case 'host-key-unknown':
				case 'host-key-changed':
					return {reason: 'ssh-host-key', cause: failure.failure.kind === 'host-key-changed' ? 'the SSH host key of the GitLab host changed since it was recorded in known_hosts, and ssh refuses it' : 'ssh does not know the GitLab host key and may not ask (Go runs ssh in BatchMode): Host key verification failed', checks: ['git-auth'], fixes: [{title: 'Record the host key once after checking its fingerprint against the one GitLab publishes (Help > SSH host keys)', commands: [`ssh-keyscan ${hostArg(own)} >> ~/.ssh/known_hosts`], safe: false}]};
				case 'dns':
					return {reason: 'ssh-network', host: plainHostName(failure.failure.host), cause: `ssh could not resolve ${failure.failure.host}`, checks: ['git-access', 'git-auth'], fixes: []};
				case 'refused':
				case 'timeout':
					return {reason: 'ssh-network', cause: 'ssh could not connect to the GitLab host (refused or timed out: SSH port blocked?)', checks: ['git-access', 'git-auth'], fixes: []};
				default:
					return {reason: 'git-failed', cause: `ssh failed: ${failure.failure.detail}`, checks: ['git-access', 'git-auth'], fixes: []};
			}
		case 'geo-redirect':
		case 'unknown': {
			const lookUp = /unable to look up (\S+) \(port 9418\)|unable to connect to (\S+):\s*$|git:\/\/\S+/m.exec(text);
			if (lookUp) return {reason: 'git-protocol', cause: 'git was asked to use the git:// protocol (port 9418), which GitLab does not serve: Go tried it after HTTPS and SSH failed for a path with the .git qualifier (GOINSECURE?)', checks: ['git-access'], fixes: netrcFixes(own)};
			return {reason: 'git-failed', cause: `git failed: ${failure.kind === 'unknown' ? failure.detail : 'after a Geo redirect'}`, checks: ['git-access'], fixes: []};
		}
	}
}

function repositoryPath(url: string): string | undefined {
	try {
		return new URL(url).pathname.replace(/^\/+|\/+$/g, '').replace(/\.git$/, '');
	} catch {
		return undefined;
	}
}

