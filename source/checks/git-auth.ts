// git-auth: what git will authenticate with for the URL git-route found, without prompting, in git's own order
// (docs/git.md §2.1): userinfo in the URL, then .netrc as libcurl reads it for the ROUTED host, then credential
// helpers (asked through `git credential fill`, never approve/reject/store/erase), then askpass. For SSH: the ssh
// program git would run (docs/openssh.md §1), `ssh -G` for the effective configuration (docs/openssh.md §3) and `ssh -T` in BatchMode (docs/openssh.md §2).
import {commandFix, gitlabPage, insteadOfCommand, linkTo} from '../fixes/builders.js';
import {checkedHost, host as hostArg, path as pathArg, raw, sh, word} from '../fixes/command.js';
import {netrcEntryFix, tokenFormLink} from '../fixes/builders.js';
import type {GitRouteData, GitAuthData} from '../engine/check-data.js';
import {maskSecret} from '../engine/redact.js';
import {type Check, type CheckContext, type Fix, type Outcome, defineCheck} from '../engine/types.js';
import {describeGitUrl} from '../rules/insteadof.js';
import {classifySshStderr, parseGitlabWelcome, parseSshG, type SshFailure} from '../rules/ssh-errors.js';
import type {ExecResult} from '../system/types.js';
import {goSshCommand, lastErrorLine, withGoLikeRepo, type GoLikeRepo} from './go-like-git.js';
import {curlCredentialFor, readNetrcFiles} from './netrc-files.js';
import {shellQuote} from '../fixes/command.js';

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
	const listing = await repo.git(['config', '-z', '--show-origin', '--get-regexp', '^credential\\..*helper$']);
	const configured: string[] = [];
	const parts = listing.stdout.split('\0');
	for (let i = 0; i + 1 < parts.length; i += 2) {
		const newline = parts[i + 1]!.indexOf('\n');
		const key = newline < 0 ? parts[i + 1]! : parts[i + 1]!.slice(0, newline);
		const value = newline < 0 ? '' : parts[i + 1]!.slice(newline + 1);
		configured.push(`${key}=${value} (${parts[i]})`);
	}
	const askpass = await findAskpass(context, repo);
	// An empty helper value resets the list; with none at all, git asks nobody (docs/git.md §2.3).
	const anyHelper = listing.code !== 0 && listing.code !== 1 ? true : configured.some(line => !/=\s*\(/.test(line));
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
async function findAskpass(context: CheckContext, repo: GoLikeRepo): Promise<string | undefined> {
	const env = context.system.env;
	if (env['GIT_ASKPASS'] !== undefined) return env['GIT_ASKPASS'] === '' ? undefined : `GIT_ASKPASS=${env['GIT_ASKPASS']}`;
	const config = await repo.git(['config', '--get', 'core.askPass']);
	if (config.code === 0 && config.stdout.trim() !== '') return `core.askPass=${config.stdout.trim()}`;
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
	after: ['netrc'],
	reads: ['git-config', 'netrc-file', 'ssh-config'],
	local: false,
	// Judged only when go reaches the direct route (no GOPROXY entry serves the module or stops go first).
	route: 'direct',
	async run(context, upstream, signal): Promise<Outcome<GitAuthData>> {
		const route = upstream.data('git-route');
		if (!route) return {status: 'skip', summary: 'git-route found no URL for git'};
		if (route.kind === 'https' || route.kind === 'http') return httpAuth(context, route, signal);
		if (route.kind === 'scp' || route.kind === 'ssh') return sshAuth(context, route, signal);
		return {status: 'skip', summary: `git uses a ${route.kind} URL (${route.url}); this step checks HTTPS and SSH credentials only`};
	},
});

async function httpAuth(context: CheckContext, route: GitRouteData, signal: AbortSignal): Promise<Outcome<GitAuthData>> {
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
	}, {signal});
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
			summary: `git has the user ${url.user} from the URL but no password for ${host}: it will stop with "could not read Password ... terminal prompts disabled"`,
			details,
			evidence,
			fixes: [netrcFix(host)],
			data: withAskpass({method: 'none', user: url.user}),
		};
	}
	return {
		status: 'warn',
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

type SshProgram = {argv: string[]; shell?: string; source: string; variant: string; overriddenByGo?: string};

/** The ssh command git runs (docs/openssh.md §1): GIT_SSH_COMMAND > core.sshCommand > GIT_SSH > ssh. */
async function sshProgramOf(context: CheckContext, repo: GoLikeRepo | undefined): Promise<SshProgram> {
	const env = context.system.env;
	const config = async (key: string) => {
		if (!repo) return '';
		const result = await repo.git(['config', '--get', key]);
		return result.code === 0 ? result.stdout.trim() : '';
	};
	const [coreSshCommand, variantConfig] = await Promise.all([config('core.sshCommand'), config('ssh.variant')]);
	let program: SshProgram;
	if (env['GIT_SSH_COMMAND']) program = shellProgram(env['GIT_SSH_COMMAND'], 'GIT_SSH_COMMAND');
	else if (coreSshCommand) {
		program = shellProgram(coreSshCommand, 'core.sshCommand');
		// Older Go sets GIT_SSH_COMMAND itself when neither GIT_SSH nor GIT_SSH_COMMAND is set (docs/git.md §0; golang/go#71482).
		if (!env['GIT_SSH']) program.overriddenByGo = `Go up to 1.2x sets GIT_SSH_COMMAND="${goSshCommand}" for git, which beats core.sshCommand=${coreSshCommand}: under those Go versions go get runs plain ssh, without your options.`;
	} else if (env['GIT_SSH']) program = {argv: [env['GIT_SSH']], source: 'GIT_SSH', variant: ''};
	else program = {argv: ['ssh'], source: 'default', variant: ''};
	const first = program.shell !== undefined ? (program.shell.trim().split(/\s+/)[0] ?? 'ssh') : program.argv[0]!;
	const basename = first.replace(/^.*[\\/]/, '').replace(/\.exe$/i, '').toLowerCase();
	program.variant = env['GIT_SSH_VARIANT'] || variantConfig || basename;
	return program;
}

function shellProgram(command: string, source: string): SshProgram {
	// Plain words run directly; anything a shell would interpret goes through sh -c 'cmd "$@"', as git does.
	if (/^[A-Za-z0-9_\/.=:,+@-]+(\s+[A-Za-z0-9_\/.=:,+@-]+)*$/.test(command.trim())) return {argv: command.trim().split(/\s+/), source, variant: ''};
	return {argv: [], shell: command, source, variant: ''};
}

function runSsh(context: CheckContext, program: SshProgram, args: string[], timeoutMs: number, signal: AbortSignal): Promise<ExecResult> {
	const options = {env: context.system.env, timeoutMs, signal};
	if (program.shell !== undefined) return context.system.exec.run('sh', ['-c', `${program.shell} "$@"`, program.shell, ...args], options);
	return context.system.exec.run(program.argv[0]!, [...program.argv.slice(1), ...args], options);
}

function describeProgram(program: SshProgram): string {
	const text = program.shell ?? program.argv.join(' ');
	return program.source === 'default' ? 'ssh' : `${text} (from ${program.source})`;
}

async function sshAuth(context: CheckContext, route: GitRouteData, signal: AbortSignal): Promise<Outcome<GitAuthData>> {
	const host = route.host ?? '';
	const target = route.user !== undefined ? `${route.user}@${host}` : host;
	const portArgs = route.port !== undefined ? ['-p', String(route.port)] : [];
	const program = await withGoLikeRepo(context, route.originalUrl, async opened => sshProgramOf(context, opened.kind === 'ready' || opened.kind === 'remote-add-failed' ? opened.repo : undefined), {signal});
	const evidence: Record<string, unknown> = {url: route.url, sshProgram: describeProgram(program)};
	const details: string[] = [];
	if (program.overriddenByGo) details.push(program.overriddenByGo);
	if (['plink', 'putty', 'tortoiseplink'].includes(program.variant)) {
		return {
			status: 'warn',
			summary: `git runs ${describeProgram(program)}, a PuTTY program: this tool can probe OpenSSH only`,
			details: [...details, `Check by hand that "${program.variant} ${target}" logs in to GitLab without a prompt; under go get there is no terminal to answer one.`],
			evidence,
			data: {method: 'none'},
		};
	}

	// The effective client configuration (docs/openssh.md §3).
	const configured = await runSsh(context, program, ['-G', ...portArgs, target], Math.min(10_000, context.options.timeoutMs), signal);
	if (configured.startError === 'ENOENT') {
		return {
			status: 'fail',
			summary: `git would run ${describeProgram(program)}, which is not installed: git cannot reach ${host} over SSH`,
			details,
			evidence,
			fixes: [{title: 'Install the OpenSSH client', commands: [context.system.platform === 'darwin' ? 'xcode-select --install' : 'sudo apt-get install openssh-client'], safe: false}],
			data: {method: 'none'},
		};
	}
	const effective = configured.code === 0 ? parseSshG(configured.stdout) : undefined;
	const hostname = effective?.hostname ?? host;
	const port = effective?.port ?? route.port ?? 22;
	const user = effective?.user;
	if (effective) {
		evidence['sshConfig'] = `user ${user ?? '?'}, hostname ${hostname}, port ${port}`;
		evidence['identityFiles'] = effective.identityFiles;
		if (route.user === undefined && user !== undefined && user !== 'git') {
			details.push(`The URL names no user, so ssh logs in as "${user}" (your ssh config or your local login name); GitLab's SSH user is normally "git".`);
		}
		if (effective.options['proxyjump'] && effective.options['proxyjump'] !== 'none') details.push(`ssh goes through ProxyJump ${effective.options['proxyjump']}.`);
		if (effective.options['proxycommand'] && effective.options['proxycommand'] !== 'none') details.push(`ssh connects through ProxyCommand ${effective.options['proxycommand']}.`);
	} else if (configured.code !== 0) {
		details.push(`${describeProgram(program)} -G failed (${lastErrorLine(configured)}): it does not behave like OpenSSH; git then uses the "simple" variant, which cannot take a port.`);
	}
	if (context.options.offline) {
		return {status: 'skip', summary: 'the SSH login probe needs the network (--offline)', details, evidence, data: {method: 'none'}};
	}

	// The login probe, non-interactive as under go get (docs/openssh.md §2).
	const connectSeconds = Math.max(1, Math.round(context.options.timeoutMs / 1000));
	const probeArgs = ['-T', '-o', 'BatchMode=yes', '-o', `ConnectTimeout=${connectSeconds}`, ...portArgs, target];
	evidence['probe'] = `${program.shell ?? program.argv.join(' ')} ${probeArgs.join(' ')}`;
	// ConnectTimeout bounds the connect and key exchange; our own limit bounds the rest.
	const probe = await runSsh(context, program, probeArgs, context.options.timeoutMs + 2000, signal);
	const welcome = parseGitlabWelcome(probe.stdout);
	if (welcome) {
		evidence['gitlabSays'] = probe.stdout.trim();
		const keys = effective?.identityFiles.length ? `key from ${effective.identityFiles.join(', ')} or the agent` : 'key';
		if (welcome.anonymous) {
			return {
				status: 'pass',
				summary: `GitLab at ${hostname} accepted the SSH key as Anonymous (a deploy key, probably)`,
				details: ['A deploy key reads only the projects it is added to.', ...details],
				evidence,
				data: {method: 'ssh', source: `ssh ${keys}`},
			};
		}
		return {
			status: 'pass',
			summary: `GitLab at ${hostname} accepted the SSH key of @${welcome.user ?? '?'}`,
			details,
			evidence,
			data: {method: 'ssh', ...(welcome.user !== undefined ? {user: welcome.user} : {}), source: `ssh ${keys}`},
		};
	}
	const failure: SshFailure = probe.timedOut ? {kind: 'timeout'} : classifySshStderr(probe.stderr);
	if (probe.stderr.trim() !== '') evidence['sshSays'] = probe.stderr.trim();
	const judged = judgeSshFailure(failure, {host: hostname, port, moduleHost: route.moduleHost, identityFiles: effective?.identityFiles ?? [], connectSeconds, probe});
	return {...judged, details: [...(judged.details ?? []), ...details], evidence, data: {method: 'none'}};
}

type SshSituation = {host: string; port: number; moduleHost: string; identityFiles: string[]; connectSeconds: number; probe: ExecResult};

function knownHostsName(host: string, port: number): string {
	return port === 22 ? host : `[${host}]:${port}`;
}

export function judgeSshFailure(failure: SshFailure, situation: SshSituation): Pick<Outcome, 'status' | 'summary' | 'details' | 'fixes'> {
	const {host, port, moduleHost} = situation;
	// Built only inside commandFix: a host that is no host name turns the fix into data.
	const keyscan = () => sh`ssh-keyscan ${raw(port !== 22 ? `-p ${port} ` : '')}${hostArg(host)}`;
	const adminPage = linkTo(gitlabPage(moduleHost, 'help/instance_configuration'));
	switch (failure.kind) {
		case 'publickey': {
			const key = situation.identityFiles.find(file => /ed25519/.test(file)) ?? situation.identityFiles[0] ?? '~/.ssh/id_ed25519';
			return {
				status: 'fail',
				summary: `GitLab at ${host} accepted none of the SSH keys ssh offered: Permission denied (${failure.methods ?? 'publickey'})`,
				details: [
					'Either no key is registered with your GitLab account, or the key needs a passphrase and is not in the agent: under BatchMode (as Go runs ssh) ssh cannot ask for it.',
				],
				fixes: [
					commandFix({title: 'See which keys the agent holds, and add yours (it asks for the passphrase once)', safe: false}, () => ['ssh-add -l', sh`ssh-add ${pathArg(key)}`]),
					commandFix({title: 'Add the public key to your GitLab profile', safe: false, ...linkTo(gitlabPage(moduleHost, '-/user_settings/ssh_keys'))}, () => [sh`cat ${pathArg(`${key}.pub`)}`]),
					{title: 'Or make a key first', commands: ['ssh-keygen -t ed25519'], safe: false},
				],
			};
		}
		case 'host-key-unknown':
			return {
				status: 'fail',
				summary: `ssh does not know the host key of ${knownHostsName(host, port)}: "Host key verification failed" (BatchMode cannot ask)`,
				details: ['Go runs ssh with BatchMode=yes, so ssh cannot ask whether to trust a new host key; the key must be in ~/.ssh/known_hosts first.'],
				fixes: [
					commandFix({title: `Compare the fingerprint with the one your GitLab administrators publish, then add the key`, safe: false, ...adminPage}, () => [
						`${keyscan()} | ssh-keygen -lf -`,
						`${keyscan()} >> ~/.ssh/known_hosts`,
					]),
				],
			};
		case 'host-key-changed':
			return {
				status: 'fail',
				summary: `the host key of ${knownHostsName(host, port)} has CHANGED${failure.file ? ` (the old one is in ${failure.file}:${failure.line ?? '?'})` : ''}: ssh refuses to connect`,
				details: ['This happens after a server is rebuilt, or when someone intercepts the connection. Ask your GitLab administrators before you trust the new key.'],
				fixes: [
					commandFix({title: 'Only once you know the change is genuine: remove the old key and add the new one', safe: false, ...adminPage}, () => [
						`${sh`ssh-keygen -R ${word(knownHostsName(checkedHost(host), port))}`}${failure.file ? sh` -f ${pathArg(failure.file)}` : ''}`,
						`${keyscan()} | ssh-keygen -lf -`,
						`${keyscan()} >> ~/.ssh/known_hosts`,
					]),
				],
			};
		case 'dns':
			return {
				status: 'fail',
				summary: `ssh cannot resolve the host name ${failure.host}`,
				details: [
					'ssh resolves names itself and does not use HTTPS_PROXY; a host that HTTPS reaches through a proxy may have no DNS entry here.',
					'Check the name in the insteadOf rule and any Host/HostName in ~/.ssh/config, or use HTTPS for git.',
				],
				// Shown to run by hand: the tool applies only fixes with actions, so this one is not `safe`.
				fixes: [commandFix({title: 'Check what ssh makes of the name', safe: false}, () => [sh`ssh -G ${hostArg(failure.host)} | grep -E '^(hostname|port|user|proxy)'`])],
			};
		case 'refused':
			return {
				status: 'fail',
				summary: `nothing accepts SSH connections on ${failure.host} port ${failure.port} (connection refused)`,
				details: ['GitLab\'s SSH may listen on another port or host (check the project\'s "Clone with SSH" URL); a port goes in the ssh:// form, ssh://git@HOST:PORT/.'],
				fixes: [commandFix({title: 'Use GitLab\'s SSH port in the rule', safe: false}, () => [insteadOfCommand('--global', `ssh://git@${checkedHost(host)}:PORT/`, `https://${checkedHost(moduleHost)}/`)])],
			};
		case 'timeout':
			return {
				status: 'fail',
				summary: `no SSH answer from ${host} port ${port} within ${situation.connectSeconds} s`,
				details: ['A firewall that drops SSH (port 22) is the usual cause; HTTPS with a token in ~/.netrc avoids it.'],
			};
		case 'unknown':
			return {status: 'fail', summary: `ssh to ${host} failed: ${failure.detail || lastErrorLine(situation.probe)}`, details: []};
	}
}
