// git-auth: what git will authenticate with for the URL git-route found, without prompting, in git's own order
// (docs/git.md §2.1): userinfo in the URL, then .netrc as libcurl reads it for the ROUTED host, then credential
// helpers (asked through `git credential fill`, never approve/reject/store/erase), then askpass. For SSH: git-auth-ssh.ts.
import {commandFix, gitlabPage, insteadOfCommand, linkTo, netrcEntryFix, tokenFormLink} from '../fixes/builders.js';
import {checkedHost, host as hostArg, sh, shellQuote} from '../fixes/command.js';
import type {GitRouteData, GitAuthData, GoEnvData} from '../engine/check-data.js';
import {maskSecret} from '../engine/redact.js';
import {sshAuth} from './git-auth-ssh.js';
import {type CheckContext, type Fix, type Outcome, defineCheck} from '../engine/types.js';
import {describeGitUrl} from '../rules/insteadof.js';
import {configValue, lastErrorLine, withGoLikeRepo, type GitConfig, type GoLikeRepo} from './go-like-git.js';
import {curlCredentialFor, readNetrcFiles} from './netrc-files.js';

const helperTimeoutCapMs = 10_000;

/** git's libcurl reads ~/.netrc: the same entry fix as every step, for the host git goes to. */
function netrcFix(host: string): Fix {
	return netrcEntryFix({host, title: `Give git a personal access token (read_api) for ${host} in ~/.netrc, which git's libcurl reads (for YOUR_TOKEN)`});
}

function noCredentialFixes(host: string, moduleHost: string): Fix[] {
	return [
		netrcFix(host),
		commandFix({title: 'Or let git store the token after you type it once (git clone asks; ~/.git-credentials keeps it in plain text)', safe: false, ...linkTo(tokenFormLink(host))}, () => [
			'git config --global credential.helper store',
			sh`git ls-remote https://${hostArg(host)}/YOUR/PROJECT.git`,
		]),
		commandFix({title: `Or send git over SSH with your SSH key (the key must be added to your GitLab profile)`, safe: false, ...linkTo(gitlabPage(moduleHost, '-/user_settings/ssh_keys'))}, () => [
			insteadOfCommand('--global', `git@${checkedHost(moduleHost)}:`, `https://${moduleHost}/`),
		]),
	];
}

type HelperAnswer = {
	configured: string[];
	credential?: {user: string; password: string; helper?: string};
	problem?: string;
	askpass?: string;
};

/** `key=value` lines of `git credential fill`. */
function parseCredential(stdout: string): Record<string, string> {
	const fields: Record<string, string> = {};
	for (const line of stdout.split('\n')) {
		const equals = line.indexOf('=');
		if (equals > 0) fields[line.slice(0, equals)] = line.slice(equals + 1).replace(/\r$/, '');
	}
	return fields;
}

/** The last helper GIT_TRACE shows git running: the one that completed the credential. */
function lastHelperRun(stderr: string): string | undefined {
	const runs = [...stderr.matchAll(/run_command: '?(.*?) get'?$/gm)].map(match => match[1]!);
	const last = runs.at(-1);
	return last?.replace(/^git credential-/, '');
}

async function askHelpers(context: CheckContext, repo: GoLikeRepo, url: string, signal: AbortSignal): Promise<HelperAnswer> {
	const config = await repo.config();
	// What `git config --get-regexp '^credential\..*helper$'` lists, from the repository's one listing.
	const configured = config.records
		.filter(record => /^credential\..*helper$/s.test(record.key))
		.map(record => `${record.key}=${record.value ?? ''} (${record.origin})`);
	const askpass = findAskpass(context, config);
	// An empty helper value resets the list; with none at all, git asks nobody (docs/git.md §2.3). When git cannot
	// list its configuration, the helpers are asked anyway: git credential fill says what it does.
	const anyHelper = config.failure ? true : configured.some(line => !/=\s*\(/.test(line));
	if (!anyHelper) return {configured, ...(askpass ? {askpass} : {})};
	const timeoutMs = Math.min(context.options.timeoutMs, helperTimeoutCapMs);
	const fill = await repo.git(['credential', 'fill'], {
		input: `url=${url}\n\n`,
		timeoutMs,
		signal,
		// docs/git.md §2.4: no prompt, no askpass, no GCM window; GIT_TRACE names the helper that answered.
		extraEnv: {GIT_TERMINAL_PROMPT: '0', GIT_ASKPASS: '', GCM_INTERACTIVE: 'never', GIT_TRACE: '1'},
	});
	const result: HelperAnswer = {configured, ...(askpass ? {askpass} : {})};
	if (fill.timedOut) {
		result.problem = `the credential helper did not answer within ${timeoutMs / 1000} s (it may be waiting for a window or a keyring); under go get it may hang the same way`;
		return result;
	}
	const fields = parseCredential(fill.stdout);
	context.secrets.add(fields['password']);
	if (fill.code === 0 && fields['password'] !== undefined && fields['password'] !== '') {
		const helper = lastHelperRun(fill.stderr);
		result.credential = {user: fields['username'] ?? '', password: fields['password'], ...(helper ? {helper} : {})};
	} else if (fill.code !== 0 && !/terminal prompts disabled/.test(fill.stderr)) {
		result.problem = `git credential fill failed: ${lastErrorLine(fill)}`;
	}
	return result;
}

/** The askpass chain git uses after the helpers: GIT_ASKPASS, core.askPass, SSH_ASKPASS (an empty GIT_ASKPASS stops it). */
function findAskpass(context: CheckContext, config: GitConfig): string | undefined {
	const env = context.system.env;
	if (env['GIT_ASKPASS'] !== undefined) return env['GIT_ASKPASS'] === '' ? undefined : `GIT_ASKPASS=${env['GIT_ASKPASS']}`;
	const askPass = configValue(config, 'core.askPass')?.trim();
	if (askPass) return `core.askPass=${askPass}`;
	if (env['SSH_ASKPASS']) return `SSH_ASKPASS=${env['SSH_ASKPASS']}`;
	return undefined;
}

function askpassNote(askpass: string): string {
	return `git runs the askpass program ${askpass} for a user name and password after the helpers; GIT_TERMINAL_PROMPT=0 does not stop it, so under go get it may open a window or answer for you (this tool does not run it).`;
}

export const gitAuthCheck = defineCheck({
	id: 'git-auth',
	title: 'git credentials',
	needs: ['git-route'],
	after: ['netrc', 'go-env'],
	reads: ['git-config', 'netrc-file', 'ssh-config'],
	local: false,
	// Judged only when go reaches the direct route (no GOPROXY entry serves the module or stops go first).
	route: 'direct',
	async run(context, upstream, signal): Promise<Outcome<GitAuthData>> {
		const route = upstream.data('git-route');
		if (!route) return {status: 'skip', summary: 'git-route found no URL for git'};
		const goEnv = upstream.data('go-env');
		if (route.kind === 'https' || route.kind === 'http') return httpAuth(context, route, goEnv, signal);
		if (route.kind === 'scp' || route.kind === 'ssh') return sshAuth(context, route, goEnv, signal);
		return {status: 'skip', summary: `git uses a ${route.kind} URL (${route.url}); this step checks HTTPS and SSH credentials only`};
	},
});

async function httpAuth(context: CheckContext, route: GitRouteData, goEnv: GoEnvData | undefined, signal: AbortSignal): Promise<Outcome<GitAuthData>> {
	const url = describeGitUrl(route.url);
	context.secrets.add(url.password);
	context.secrets.add(url.passwordAsWritten);
	const host = (route.host ?? url.host ?? route.moduleHost).toLowerCase();
	const hostPort = route.port !== undefined ? `${host}:${route.port}` : host;
	const evidence: Record<string, unknown> = {url: route.url};
	const details: string[] = [];

	// 1. userinfo in the URL: with a password, curl reads no .netrc and helpers are not asked (docs/git.md §2.1 step 2, 4).
	if (url.user !== undefined && url.password !== undefined) {
		const source = route.rule?.file !== undefined ? `the URL, from ${route.rule.file}${route.rule.line !== undefined ? `:${route.rule.line}` : ''}` : 'the URL';
		evidence['sends'] = `login ${url.user}, password ${maskSecret(url.password)} (${source})`;
		return {
			status: 'pass',
			summary: `git sends ${url.user} / ${maskSecret(url.password)} from ${source} (the git-route step warns about keeping it there)`,
			details: ['With a password in the URL, libcurl does not read .netrc and git asks no credential helper.'],
			evidence,
			data: {method: 'url', user: url.user, source},
		};
	}

	// 2. .netrc, as libcurl reads it for the host git really goes to.
	const files = await readNetrcFiles(context);
	const netrc = curlCredentialFor(files, host, url.user);
	evidence['netrcGitReads'] = files.curl.path ?? 'no file';
	if (netrc.problem && /^git cannot use/.test(netrc.problem)) {
		return {
			status: 'fail',
			reason: 'git-netrc-parse',
			summary: `${netrc.problem}: git fails every HTTPS request with ".netrc parser error"`,
			details: ['libcurl stops at an unterminated quote in .netrc (docs/curl.md §1.2), so git never gets as far as the server.'],
			evidence,
			fixes: [{title: `Fix the quoting in ${files.curl.path ?? '~/.netrc'}`, commands: [`\${EDITOR:-vi} ${shellQuote(files.curl.path ?? '~/.netrc')}`], safe: false}],
			data: {method: 'none'},
		};
	}
	if (netrc.problem) details.push(netrc.problem);

	// 3. Credential helpers, asked the way git asks them (after a 401), in Go's kind of repository.
	const helpers = await withGoLikeRepo(context, route.originalUrl, async opened => {
		if (opened.kind === 'git-missing') return {configured: [], problem: 'git is not installed'} as HelperAnswer;
		if (opened.kind === 'init-failed') return {configured: [], problem: `git init failed: ${lastErrorLine(opened.result)}`} as HelperAnswer;
		const helperUrl = `${url.kind}://${url.user !== undefined ? `${encodeURIComponent(url.user)}@` : ''}${hostPort}${url.path ?? '/'}`;
		return askHelpers(context, opened.repo, helperUrl, signal);
	}, {goEnv, readsOnly: true, signal});
	if (helpers.configured.length > 0) evidence['credentialHelpers'] = helpers.configured;
	if (helpers.problem) details.push(helpers.problem);
	const helperCredential = helpers.credential;
	if (helperCredential) {
		evidence['helperAnswers'] = `login ${helperCredential.user || '(none)'}, password ${maskSecret(helperCredential.password)}${helperCredential.helper ? ` (helper ${helperCredential.helper})` : ''}`;
	}
	const helperSource = helperCredential ? `credential helper ${helperCredential.helper ?? helpers.configured.join(', ')}` : undefined;
	const askpass = helpers.askpass;
	if (askpass) {
		evidence['askpass'] = askpass;
		details.push(askpassNote(askpass));
	}
	const withAskpass = (data: GitAuthData): GitAuthData => (askpass ? {...data, askpass} : data);

	if (netrc.credential) {
		const credential = netrc.credential;
		const source = `${credential.file}:${credential.line}`;
		evidence['sends'] = `login ${credential.login || '(empty)'}, password ${maskSecret(credential.password)} (${source}${credential.viaDefault ? ', the default entry' : ''})`;
		if (helperCredential) details.push(`If GitLab rejects that, git asks the credential helpers next: ${helperSource} gives ${helperCredential.user || '(no login)'} / ${maskSecret(helperCredential.password)}.`);
		else details.push('If GitLab rejects that entry, git sees a 401 with no other credentials and reports "terminal prompts disabled", the same words as for no credentials at all.');
		return {
			status: 'pass',
			summary: `git sends ${credential.login || '(empty login)'} / ${maskSecret(credential.password)} from ${source}${credential.viaDefault ? ' (the default entry)' : ''} (libcurl's .netrc for ${host})`,
			details,
			evidence,
			data: withAskpass({
				method: 'netrc',
				user: credential.login,
				source,
				...(helperCredential ? {fallback: {method: 'helper' as const, user: helperCredential.user, ...(helperSource ? {source: helperSource} : {})}} : {}),
			}),
		};
	}
	if (helperCredential) {
		return {
			status: 'pass',
			summary: `git gets ${helperCredential.user || '(no login)'} / ${maskSecret(helperCredential.password)} from ${helperSource} after GitLab's first 401`,
			details: [`No .netrc entry for ${host} in ${files.curl.path ?? 'any .netrc'}, so git's first request goes without credentials and the helper answers the 401.`, ...details],
			evidence,
			data: withAskpass({method: 'helper', user: helperCredential.user, ...(helperSource ? {source: helperSource} : {})}),
		};
	}

	// Nothing: fine for a public project only; git-access tells.
	if (files.go.source === 'NETRC' && !files.curl.honoursNetrcEnv && files.go.path !== files.curl.path) {
		details.push(`NETRC=${files.go.path} is read by Go, but git's libcurl (before curl 8.16) ignores NETRC and reads ${files.curl.path ?? '~/.netrc'}.`);
	}
	if (route.differentHost) {
		const moduleEntry = curlCredentialFor(files, route.moduleHost, url.user).credential;
		if (moduleEntry) details.push(`${moduleEntry.file}:${moduleEntry.line} has an entry for ${route.moduleHost}, but git goes to ${host}: libcurl needs an entry for ${host}.`);
	}
	if (url.user !== undefined) {
		return {
			status: 'warn',
			reason: 'git-no-password',
			summary: `git has the user ${url.user} from the URL but no password for ${host}: it will stop with "could not read Password ... terminal prompts disabled"`,
			details,
			evidence,
			fixes: [netrcFix(host)],
			data: withAskpass({method: 'none', user: url.user}),
		};
	}
	return {
		status: 'warn',
		reason: 'git-no-credentials',
		summary: `git has no credentials for ${hostPort}${askpass ? ' (except what the askpass program may answer)' : ''}: enough for a public project only`,
		details: [
			`No userinfo in the URL, no entry for ${host} in ${files.curl.path ?? 'any .netrc'} as libcurl reads it, and ${helpers.configured.length > 0 ? 'the credential helpers had nothing' : 'no credential helper is configured'}.`,
			...details,
		],
		evidence,
		fixes: noCredentialFixes(host, route.moduleHost),
		data: withAskpass({method: 'none'}),
	};
}
