// git-auth over SSH: the ssh program git would run (docs/openssh.md §1), `ssh -G` for the effective configuration
// (docs/openssh.md §3) and `ssh -T` in BatchMode (docs/openssh.md §2), and what ssh's failures mean for go get.
// The HTTPS side and the check's declaration are git-auth.ts.
import {commandFix, gitlabPage, insteadOfCommand, linkTo} from '../fixes/builders.js';
import {checkedHost, host as hostArg, path as pathArg, raw, sh, word} from '../fixes/command.js';
import type {GitRouteData, GitAuthData, GoEnvData} from '../engine/check-data.js';
import {type CheckContext, type Outcome} from '../engine/types.js';
import {classifySshStderr, parseGitlabWelcome, parseSshG, type SshFailure} from '../rules/ssh-errors.js';
import type {ExecResult} from '../system/types.js';
import {configValue, goSshCommand, lastErrorLine, withGoLikeRepo, type GoLikeRepo} from './go-like-git.js';

type SshProgram = {argv: string[]; shell?: string; source: string; variant: string; overriddenByGo?: string};

/** The ssh command git runs (docs/openssh.md §1): GIT_SSH_COMMAND > core.sshCommand > GIT_SSH > ssh. */
async function sshProgramOf(context: CheckContext, repo: GoLikeRepo | undefined): Promise<SshProgram> {
	const env = context.system.env;
	const listing = repo ? await repo.config() : undefined;
	// `git config --get KEY` of the repository's one listing.
	const config = (key: string) => (listing ? (configValue(listing, key)?.trim() ?? '') : '');
	const [coreSshCommand, variantConfig] = [config('core.sshCommand'), config('ssh.variant')];
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

export async function sshAuth(context: CheckContext, route: GitRouteData, goEnv: GoEnvData | undefined, signal: AbortSignal): Promise<Outcome<GitAuthData>> {
	const host = route.host ?? '';
	const target = route.user !== undefined ? `${route.user}@${host}` : host;
	const portArgs = route.port !== undefined ? ['-p', String(route.port)] : [];
	const program = await withGoLikeRepo(context, route.originalUrl, async opened => sshProgramOf(context, opened.kind === 'ready' || opened.kind === 'remote-add-failed' ? opened.repo : undefined), {goEnv, readsOnly: true, signal});
	const evidence: Record<string, unknown> = {url: route.url, sshProgram: describeProgram(program)};
	const details: string[] = [];
	if (program.overriddenByGo) details.push(program.overriddenByGo);
	if (['plink', 'putty', 'tortoiseplink'].includes(program.variant)) {
		return {
			status: 'warn',
			reason: 'ssh-putty-unchecked',
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
			reason: 'ssh-not-installed',
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

export function judgeSshFailure(failure: SshFailure, situation: SshSituation): Pick<Outcome, 'status' | 'reason' | 'summary' | 'details' | 'fixes'> {
	const {host, port, moduleHost} = situation;
	// Built only inside commandFix: a host that is no host name turns the fix into data.
	const keyscan = () => sh`ssh-keyscan ${raw(port !== 22 ? `-p ${port} ` : '')}${hostArg(host)}`;
	const adminPage = linkTo(gitlabPage(moduleHost, 'help/instance_configuration'));
	switch (failure.kind) {
		case 'publickey': {
			const key = situation.identityFiles.find(file => /ed25519/.test(file)) ?? situation.identityFiles[0] ?? '~/.ssh/id_ed25519';
			return {
				status: 'fail',
				reason: 'ssh-publickey',
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
				reason: 'ssh-host-key',
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
				reason: 'ssh-host-key-changed',
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
				reason: 'ssh-dns',
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
				reason: 'ssh-refused',
				summary: `nothing accepts SSH connections on ${failure.host} port ${failure.port} (connection refused)`,
				details: ['GitLab\'s SSH may listen on another port or host (check the project\'s "Clone with SSH" URL); a port goes in the ssh:// form, ssh://git@HOST:PORT/.'],
				fixes: [commandFix({title: 'Use GitLab\'s SSH port in the rule', safe: false}, () => [insteadOfCommand('--global', `ssh://git@${checkedHost(host)}:PORT/`, `https://${checkedHost(moduleHost)}/`)])],
			};
		case 'timeout':
			return {
				status: 'fail',
				reason: 'ssh-timeout',
				summary: `no SSH answer from ${host} port ${port} within ${situation.connectSeconds} s`,
				details: ['A firewall that drops SSH (port 22) is the usual cause; HTTPS with a token in ~/.netrc avoids it.'],
			};
		case 'unknown':
			return {status: 'fail', reason: 'ssh-failed', summary: `ssh to ${host} failed: ${failure.detail || lastErrorLine(situation.probe)}`, details: []};
	}
}
