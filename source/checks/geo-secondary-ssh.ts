// The geo-secondary step over SSH: the key GitLab accepts (as git-auth saw it, or a BatchMode probe), then git
// ls-remote through the secondary; no token is involved, since SSH keys replicate to the secondary.
import type {GeoSecondaryData} from '../engine/check-data.js';
import {type Outcome} from '../engine/types.js';
import {classifyGitStderr, findGeoRedirect, type GitFailure} from '../rules/git-errors.js';
import {classifySshStderr, parseGitlabWelcome} from '../rules/ssh-errors.js';
import {judgeFailure} from './git-access.js';
import {judgeSshFailure} from './git-auth-ssh.js';
import {goSshCommand, installGitFix, lastErrorLine} from './go-like-git.js';
import {type Situation, finish, failWith, lsRemote, gitAccessSituation, projectPathOf} from './geo-secondary-situation.js';

// ---------------------------------------------------------------- SSH

export async function checkSsh(situation: Situation, signal: AbortSignal): Promise<Outcome<GeoSecondaryData>> {
	const {context, target, primary, evidence, details, warnings, warningCodes, upstream} = situation;
	const data = (ok: boolean, outOfDate: boolean): GeoSecondaryData => ({secondary: target.hostPort, primary, transport: 'ssh', routed: target.routed, ok, outOfDate});
	const login = target.user !== undefined ? `${target.user}@${target.host}` : target.host;
	details.push(`Over SSH git needs no token: your SSH key, registered in your profile on the primary, replicates to the secondary. Discovery on ${primary} still uses the .netrc entry for ${primary}.`);

	// 1. The key, as git-auth saw it, or our own BatchMode probe (docs/openssh.md §2).
	const auth = upstream.data('git-auth');
	if (auth?.method === 'ssh') {
		evidence['sshKey'] = `accepted by ${target.host}${auth.user ? ` as @${auth.user}` : ''} (the git-auth step)`;
	} else {
		const connectSeconds = Math.max(1, Math.round(context.options.timeoutMs / 1000));
		const portArgs = target.port !== undefined ? ['-p', String(target.port)] : [];
		const args = ['-T', '-o', 'BatchMode=yes', '-o', `ConnectTimeout=${connectSeconds}`, ...portArgs, login];
		evidence['probe'] = `ssh ${args.join(' ')}`;
		const probe = await context.system.exec.run('ssh', args, {env: context.system.env, timeoutMs: context.options.timeoutMs * 2 + 2000, signal});
		if (probe.startError === 'ENOENT') {
			return failWith(
				situation,
				'ssh-not-installed',
				`ssh is not installed: git cannot reach the Geo secondary ${target.hostPort} over SSH`,
				[],
				[{title: 'Install the OpenSSH client', commands: [context.system.platform === 'darwin' ? 'xcode-select --install' : 'sudo apt-get install openssh-client'], safe: false}],
				data(false, false),
			);
		}
		const welcome = parseGitlabWelcome(probe.stdout);
		if (!welcome) {
			if (probe.stderr.trim() !== '') evidence['sshSays'] = probe.stderr.trim();
			const failure = probe.timedOut ? {kind: 'timeout' as const} : classifySshStderr(probe.stderr);
			const judged = judgeSshFailure(failure, {host: target.host, port: target.port ?? 22, moduleHost: primary, identityFiles: [], connectSeconds, probe});
			const replicated =
				failure.kind === 'publickey'
					? ['Keys are added on the primary (your profile) and replicate to the secondary; a key added moments ago may not be there yet.']
					: [];
			return failWith(situation, judged.reason ?? `git-ssh-${failure.kind}`, `the Geo secondary ${target.hostPort}: ${judged.summary}`, [...replicated, ...(judged.details ?? [])], judged.fixes ?? [], data(false, false));
		}
		evidence['sshKey'] = probe.stdout.trim();
	}

	// 2. git ls-remote through the secondary, as Go runs it.
	const listed = await lsRemote(situation, signal, false);
	if (listed.kind === 'git-missing') return failWith(situation, 'git-not-installed', 'git is not installed: go get runs git for every GitLab module', [], [installGitFix(context.system.platform)], data(false, false));
	if (listed.kind === 'init-failed') return failWith(situation, 'git-init-failed', `git init --bare failed: ${lastErrorLine(listed.result)}`, [], [], data(false, false));
	const result = listed.result;
	evidence['command'] = `git ls-remote -q origin (origin ${target.origin}, GIT_TERMINAL_PROMPT=0${context.system.env['GIT_SSH'] || context.system.env['GIT_SSH_COMMAND'] ? '' : ` GIT_SSH_COMMAND="${goSshCommand}"`})`;
	if (result.stderr.trim() !== '') evidence['gitSays'] = result.stderr.trim();
	const forwarded = findGeoRedirect(result.stderr);
	if (listed.kind === 'remote-add-failed' || result.code !== 0 || result.timedOut) {
		const failure: GitFailure = result.timedOut ? {kind: 'timeout', detail: `no answer from ${target.hostPort}; the process was stopped`} : classifyGitStderr(result.stderr, {url: target.url});
		const judged = judgeFailure(failure, gitAccessSituation(situation));
		return failWith(situation, judged.reason ?? 'git-failed', `through the Geo secondary ${target.hostPort}: ${judged.summary}`, judged.details ?? [], judged.fixes ?? [], data(false, forwarded !== undefined));
	}
	if (forwarded) {
		warningCodes.unshift('geo-secondary-out-of-date');
		warnings.unshift(`the secondary's copy of ${projectPathOf(target.origin)} is not up to date: it forwards git to the primary${forwarded.url ? ` (${forwarded.url})` : ''}`);
		details.unshift('Over SSH a secondary proxies requests for a repository it has not synced to the primary and says so in "remote:" lines; it works, but is slower and depends on the primary (docs/gitlab.md §3.1).');
	}
	const refs = result.stdout.split('\n').filter(line => /\t/.test(line) && !line.endsWith('^{}')).length;
	return finish(situation, `GitLab at the Geo secondary ${target.hostPort} accepts your SSH key and lists ${refs} ref${refs === 1 ? '' : 's'}`, data(true, forwarded !== undefined));
}
