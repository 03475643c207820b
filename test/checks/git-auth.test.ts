import type {GitAuthData, GitRouteData} from '../../source/engine/check-data.js';
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {gitAuthCheck} from '../../source/checks/git-auth.js';
import type {Environment, ExecOptions, ExecResult} from '../../source/system/types.js';
import {fakeSystem, runCheck, upstreamOf, type FakeFile} from '../helpers/fake-system.js';

const host = 'gitlab.example.com';
const home = '/home/u';
const token = 'glpat-HelperSecret0000001';
const netrcToken = 'glpat-NetrcSecret00000002';

function route(overrides: Partial<GitRouteData> = {}): GitRouteData {
	return {
		originalUrl: `https://${host}/group/project.git`,
		urlSource: 'go-import',
		url: `https://${host}/group/project.git`,
		kind: 'https',
		host,
		embeddedCredential: false,
		differentHost: false,
		moduleHost: host,
		...overrides,
	};
}

type Answer = Partial<ExecResult> | ((args: string[], options: ExecOptions) => Partial<ExecResult>);

type Setup = {
	env?: Environment;
	files?: Record<string, FakeFile>;
	helpers?: string; // `origin\0key\nvalue\0` records (the listing adds the scope)
	fill?: Answer;
	askPass?: string;
	sshCommand?: string;
	ssh?: Record<string, Answer>; // by first arg: '-G' or '-T'
};

const gitconfigOrigin = `file:${home}/.gitconfig`;

/** The listing git gives for a setup: its helper records, then core.askPass and core.sshCommand, all global. */
function listing(setup: Setup): string {
	const helpers = (setup.helpers ?? '').split('\0').filter(part => part !== '');
	let text = '';
	for (let i = 0; i + 1 < helpers.length; i += 2) text += `global\0${helpers[i]}\0${helpers[i + 1]}\0`;
	if (setup.askPass) text += `global\0${gitconfigOrigin}\0core.askpass\n${setup.askPass}\0`;
	if (setup.sshCommand) text += `global\0${gitconfigOrigin}\0core.sshcommand\n${setup.sshCommand}\0`;
	return text;
}

/** A system whose git, ssh and curl answer like git 2.39 / OpenSSH 9.2; every call is recorded with its env and input. */
function authSystem(setup: Setup) {
	const seen: Array<{command: string; args: string[]; options: ExecOptions}> = [];
	const answer = (value: Answer | undefined, args: string[], options: ExecOptions): Partial<ExecResult> =>
		value === undefined ? {code: 1} : typeof value === 'function' ? value(args, options) : value;
	const system = fakeSystem({env: setup.env ?? {HOME: home}, files: setup.files ?? {}, commands: {}});
	system.exec = {
		async run(command, args, options) {
			seen.push({command, args, options});
			const result = (partial: Partial<ExecResult>): ExecResult => ({code: 0, stdout: '', stderr: '', timedOut: false, ...partial});
			if (command === 'curl') return result({stdout: 'curl 7.88.1 (x86_64-pc-linux-gnu) libcurl/7.88.1 GnuTLS/3.7.9\n'});
			if (command === 'git') {
				if (args[0] === 'init' || args[0] === 'remote') return result({});
				// `git config -z --show-scope --show-origin --list`: every record, keys as git writes them (docs/git.md §1.4).
				if (args[0] === 'config' && args.includes('--list')) return result({stdout: listing(setup)});
				if (args[0] === 'config') return result({code: 1});
				if (args[0] === 'credential' && args[1] === 'fill') {
					return result(answer(setup.fill ?? {code: 128, stderr: `fatal: could not read Username for 'https://${host}': terminal prompts disabled\n`}, args, options));
				}
				return result({code: 129, stderr: `unexpected: git ${args.join(' ')}`});
			}
			const sshArgs = command === 'sh' ? args.slice(3) : args;
			const kind = sshArgs.find(arg => arg === '-G' || arg === '-T');
			const value = kind ? setup.ssh?.[kind] : undefined;
			if (value === undefined) return {code: undefined, stdout: '', stderr: '', timedOut: false, startError: 'ENOENT'};
			return result(answer(value, args, options));
		},
	};
	return {system, seen};
}

const all = (outcome: {summary: string; details?: string[]}) => [outcome.summary, ...(outcome.details ?? [])].join('\n');
const helperRecords = `file:${home}/.gitconfig\0credential.helper\nstore\0`;
const storeFill: Answer = {code: 0, stdout: `protocol=https\nhost=${host}\nusername=alice\npassword=${token}\n`, stderr: "trace: run_command: 'git credential-store get'\n"};

test('a password in the URL comes first: method url, .netrc and helpers are not consulted (docs/git.md §2.1)', async () => {
	const secret = 'glpat-UrlSecret0000000003';
	const {system, seen} = authSystem({helpers: helperRecords, fill: storeFill});
	const {outcome, redactor} = await runCheck(gitAuthCheck, system, upstreamOf({'git-route': route({url: `https://oauth2:${secret}@${host}/group/project.git`, embeddedCredential: true})}));
	assert.equal(outcome.status, 'pass');
	assert.deepEqual(outcome.data, {method: 'url', user: 'oauth2', source: 'the URL'});
	assert.ok(!seen.some(call => call.args[0] === 'credential'), 'no helper is asked');
	assert.ok(!redactor.redact(JSON.stringify({...outcome, data: undefined})).includes(secret));
});

test('.netrc as libcurl reads it for the ROUTED host: a Geo secondary needs its own entry (docs/curl.md §1.1)', async () => {
	const geo = 'geo.example.com';
	const files = {[`${home}/.netrc`]: `machine ${host} login alice password ${netrcToken}\nmachine ${geo} login bob password ${netrcToken}X\n`};
	const {system} = authSystem({files});
	const {outcome} = await runCheck(gitAuthCheck, system, upstreamOf({'git-route': route({url: `https://${geo}/group/project.git`, host: geo, differentHost: true})}));
	assert.equal(outcome.status, 'pass');
	const data = outcome.data as GitAuthData;
	assert.equal(data.method, 'netrc');
	assert.equal(data.user, 'bob');
	assert.equal(data.source, `${home}/.netrc:2`);
});

test('an entry only for the module host does not help when git goes elsewhere: warn, and say so', async () => {
	const geo = 'geo.example.com';
	const files = {[`${home}/.netrc`]: `machine ${host} login alice password ${netrcToken}\n`};
	const {system} = authSystem({files});
	const {outcome} = await runCheck(gitAuthCheck, system, upstreamOf({'git-route': route({url: `https://${geo}/group/project.git`, host: geo, differentHost: true})}));
	assert.equal(outcome.status, 'warn');
	assert.equal((outcome.data as GitAuthData).method, 'none');
	assert.match(all(outcome), /has an entry for gitlab\.example\.com, but git goes to geo\.example\.com/);
	assert.ok(outcome.fixes?.[0]?.commands[0]?.includes(`machine ${geo} login`), 'the netrc line names the routed host');
});

test('a credential helper, asked with git credential fill without prompts or askpass (docs/git.md §2.4): method helper, password masked', async () => {
	const {system, seen} = authSystem({helpers: helperRecords, fill: storeFill});
	const {outcome, redactor} = await runCheck(gitAuthCheck, system, upstreamOf({'git-route': route()}));
	assert.equal(outcome.status, 'pass', all(outcome));
	const data = outcome.data as GitAuthData;
	assert.equal(data.method, 'helper');
	assert.equal(data.user, 'alice');
	assert.match(data.source ?? '', /store/);
	const fill = seen.find(call => call.args[0] === 'credential');
	assert.deepEqual(fill?.args, ['credential', 'fill']);
	assert.equal(fill?.options.input, `url=https://${host}/group/project.git\n\n`);
	assert.equal(fill?.options.env?.['GIT_TERMINAL_PROMPT'], '0');
	assert.equal(fill?.options.env?.['GIT_ASKPASS'], '');
	assert.equal(fill?.options.env?.['GCM_INTERACTIVE'], 'never');
	assert.ok(fill?.options.env?.['GIT_DIR'], "run in Go's kind of repository, not the user's project");
	assert.ok(!seen.some(call => ['approve', 'reject', 'store', 'erase'].includes(call.args[1] ?? '')), 'never approve, reject, store or erase');
	const printed = redactor.redact(JSON.stringify({...outcome, data: undefined}));
	assert.ok(!printed.includes(token));
	assert.match(printed, /glpat-\*\*\*\*/);
});

test('.netrc first, the helper as the fallback after a 401 (docs/git.md §6.7)', async () => {
	const files = {[`${home}/.netrc`]: `machine ${host} login alice password ${netrcToken}\n`};
	const {system} = authSystem({files, helpers: helperRecords, fill: storeFill});
	const {outcome} = await runCheck(gitAuthCheck, system, upstreamOf({'git-route': route()}));
	const data = outcome.data as GitAuthData;
	assert.equal(data.method, 'netrc');
	assert.equal(data.fallback?.method, 'helper');
	assert.match(all(outcome), /If GitLab rejects that, git asks the credential helpers next/);
});

test('no helper configured: git credential fill is not run at all', async () => {
	const {system, seen} = authSystem({});
	const {outcome} = await runCheck(gitAuthCheck, system, upstreamOf({'git-route': route()}));
	assert.equal(outcome.status, 'warn');
	assert.ok(!seen.some(call => call.args[0] === 'credential'));
	assert.match(all(outcome), /no credential helper is configured/);
});

test('no credentials at all: warn (a public project needs none) with the netrc, helper and SSH fixes', async () => {
	const {system} = authSystem({helpers: helperRecords});
	const {outcome} = await runCheck(gitAuthCheck, system, upstreamOf({'git-route': route()}));
	assert.equal(outcome.status, 'warn');
	assert.deepEqual(outcome.data, {method: 'none'});
	assert.match(outcome.summary, /no credentials for gitlab\.example\.com: enough for a public project only/);
	const commands = outcome.fixes?.flatMap(fix => fix.commands) ?? [];
	assert.ok(commands.includes(`touch ~/.netrc && chmod 600 ~/.netrc && printf '\\n%s\\n' 'machine ${host} login oauth2 password YOUR_TOKEN' >> ~/.netrc`));
	assert.ok(commands.includes('git config --global credential.helper store'));
	assert.ok(commands.includes(`git config --global url."git@${host}:".insteadOf "https://${host}/"`));
});

test('NETRC points elsewhere: git (libcurl 7.88) ignores it, and git-auth says so (docs/curl.md §1.1, docs/git.md §6.18)', async () => {
	const files = {'/ci/netrc': `machine ${host} login alice password ${netrcToken}\n`};
	const {system} = authSystem({env: {HOME: home, NETRC: '/ci/netrc'}, files});
	const {outcome} = await runCheck(gitAuthCheck, system, upstreamOf({'git-route': route()}));
	assert.equal((outcome.data as GitAuthData).method, 'none');
	assert.match(all(outcome), /NETRC=\/ci\/netrc is read by Go, but git's libcurl .* ignores NETRC/);
});

test('an unterminated quote in .netrc: libcurl fails every request (".netrc parser error"), fail (docs/curl.md §1.2, docs/git.md §6.17)', async () => {
	const files = {[`${home}/.netrc`]: `machine ${host} login alice password "unterminated\n`};
	const {system} = authSystem({files});
	const {outcome} = await runCheck(gitAuthCheck, system, upstreamOf({'git-route': route()}));
	assert.equal(outcome.status, 'fail', all(outcome));
	assert.match(outcome.summary, /\.netrc parser error/);
});

test('only a user in the URL: warn that git will stop at "could not read Password" (docs/git.md §2.2)', async () => {
	const {system} = authSystem({});
	const {outcome} = await runCheck(gitAuthCheck, system, upstreamOf({'git-route': route({url: `https://oauth2@${host}/group/project.git`, user: 'oauth2'})}));
	assert.equal(outcome.status, 'warn');
	assert.match(outcome.summary, /could not read Password/);
});

test('core.askPass is noted: it still runs under GIT_TERMINAL_PROMPT=0 (docs/git.md §6.9)', async () => {
	const {system} = authSystem({askPass: '/usr/lib/ssh/x11-ssh-askpass'});
	const {outcome} = await runCheck(gitAuthCheck, system, upstreamOf({'git-route': route()}));
	assert.equal((outcome.data as GitAuthData).askpass, 'core.askPass=/usr/lib/ssh/x11-ssh-askpass');
	assert.match(all(outcome), /GIT_TERMINAL_PROMPT=0 does not stop it/);
});

test('a helper that never answers is cut off and reported', async () => {
	const {system} = authSystem({helpers: helperRecords, fill: {code: undefined, timedOut: true}});
	const {outcome} = await runCheck(gitAuthCheck, system, upstreamOf({'git-route': route()}), {timeoutMs: 4000});
	assert.match(all(outcome), /did not answer within 4 s/);
});

// SSH (docs/git.md §4)
const sshRoute = route({url: `git@${host}:group/project.git`, kind: 'scp', user: 'git'});
const sshG = {code: 0, stdout: `user git\nhostname ${host}\nport 22\nidentityfile ~/.ssh/id_rsa\nidentityfile ~/.ssh/id_ed25519\n`};

test('SSH: the key is accepted ("Welcome to GitLab, @alice!"), -G reports user, hostname, port and identity files', async () => {
	const {system, seen} = authSystem({ssh: {'-G': sshG, '-T': {code: 0, stdout: 'Welcome to GitLab, @alice!\n'}}});
	const {outcome} = await runCheck(gitAuthCheck, system, upstreamOf({'git-route': sshRoute}), {offline: false});
	assert.equal(outcome.status, 'pass');
	assert.equal((outcome.data as GitAuthData).method, 'ssh');
	assert.equal((outcome.data as GitAuthData).user, 'alice');
	assert.equal(outcome.evidence?.['sshConfig'], `user git, hostname ${host}, port 22`);
	assert.deepEqual(outcome.evidence?.['identityFiles'], ['~/.ssh/id_rsa', '~/.ssh/id_ed25519']);
	const probe = seen.find(call => call.args.includes('-T'));
	assert.deepEqual(probe?.args, ['-T', '-o', 'BatchMode=yes', '-o', 'ConnectTimeout=10', `git@${host}`]);
});

test('SSH: Permission denied (publickey) → fail with ssh-add and the SSH keys page (docs/openssh.md §2)', async () => {
	const {system} = authSystem({ssh: {'-G': sshG, '-T': {code: 255, stderr: `git@${host}: Permission denied (publickey).\n`}}});
	const {outcome} = await runCheck(gitAuthCheck, system, upstreamOf({'git-route': sshRoute}), {offline: false});
	assert.equal(outcome.status, 'fail');
	assert.match(outcome.summary, /Permission denied \(publickey\)/);
	assert.ok(outcome.fixes?.some(fix => fix.commands.includes('ssh-add ~/.ssh/id_ed25519')));
	assert.ok(outcome.fixes?.some(fix => fix.link === `https://${host}/-/user_settings/ssh_keys`));
});

test('SSH: an unknown host key on port 2222 → fail with ssh-keyscan -p 2222 after checking the fingerprint (docs/openssh.md §2)', async () => {
	const portRoute = route({url: `ssh://git@${host}:2222/group/project.git`, kind: 'ssh', user: 'git', port: 2222});
	const {system, seen} = authSystem({
		ssh: {'-G': {code: 0, stdout: `user git\nhostname ${host}\nport 2222\n`}, '-T': {code: 255, stderr: `No ED25519 host key is known for [${host}]:2222 and you have requested strict checking.\nHost key verification failed.\n`}},
	});
	const {outcome} = await runCheck(gitAuthCheck, system, upstreamOf({'git-route': portRoute}), {offline: false});
	assert.equal(outcome.status, 'fail');
	assert.match(outcome.summary, /\[gitlab\.example\.com\]:2222/);
	assert.deepEqual(outcome.fixes?.[0]?.commands, [`ssh-keyscan -p 2222 ${host} | ssh-keygen -lf -`, `ssh-keyscan -p 2222 ${host} >> ~/.ssh/known_hosts`]);
	assert.ok(seen.find(call => call.args.includes('-G'))?.args.includes('2222'), '-p 2222 passed to ssh -G');
});

test('SSH: a changed host key names the offending file:line (docs/openssh.md §2)', async () => {
	const stderr = [
		'@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@',
		'@    WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED!     @',
		'@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@',
		'Offending ED25519 key in /home/u/.ssh/known_hosts:7',
		`Host key for ${host} has changed and you have requested strict checking.`,
		'Host key verification failed.',
	].join('\n');
	const {system} = authSystem({ssh: {'-G': sshG, '-T': {code: 255, stderr}}});
	const {outcome} = await runCheck(gitAuthCheck, system, upstreamOf({'git-route': sshRoute}), {offline: false});
	assert.equal(outcome.status, 'fail');
	assert.match(outcome.summary, /CHANGED \(the old one is in \/home\/u\/\.ssh\/known_hosts:7\)/);
	assert.equal(outcome.fixes?.[0]?.safe, false);
});

test('SSH: refused and unresolvable hosts (docs/openssh.md §2 strings)', async () => {
	const refused = authSystem({ssh: {'-G': sshG, '-T': {code: 255, stderr: `ssh: connect to host ${host} port 22: Connection refused\n`}}});
	const first = await runCheck(gitAuthCheck, refused.system, upstreamOf({'git-route': sshRoute}), {offline: false});
	assert.match(first.outcome.summary, /nothing accepts SSH connections on gitlab\.example\.com port 22/);
	const dns = authSystem({ssh: {'-G': sshG, '-T': {code: 255, stderr: `ssh: Could not resolve hostname ${host}: Name or service not known\n`}}});
	const second = await runCheck(gitAuthCheck, dns.system, upstreamOf({'git-route': sshRoute}), {offline: false});
	assert.match(second.outcome.summary, /cannot resolve the host name gitlab\.example\.com/);
	assert.match(all(second.outcome), /does not use HTTPS_PROXY/);
});

test('SSH: GIT_SSH_COMMAND runs through a shell as git runs it; core.sshCommand is used, with the old-Go override noted (docs/openssh.md §1, #71482)', async () => {
	const env = authSystem({env: {HOME: home, GIT_SSH_COMMAND: 'ssh -i ~/.ssh/work_key'}, ssh: {'-G': sshG, '-T': {code: 0, stdout: 'Welcome to GitLab, @alice!\n'}}});
	const first = await runCheck(gitAuthCheck, env.system, upstreamOf({'git-route': sshRoute}), {offline: false});
	const probe = env.seen.find(call => call.args.includes('-T'));
	assert.equal(probe?.command, 'sh');
	assert.deepEqual(probe?.args.slice(0, 3), ['-c', 'ssh -i ~/.ssh/work_key "$@"', 'ssh -i ~/.ssh/work_key']);
	assert.match(String(first.outcome.evidence?.['sshProgram']), /from GIT_SSH_COMMAND/);

	const config = authSystem({sshCommand: 'ssh -o IdentitiesOnly=yes', ssh: {'-G': sshG, '-T': {code: 0, stdout: 'Welcome to GitLab, @alice!\n'}}});
	const second = await runCheck(gitAuthCheck, config.system, upstreamOf({'git-route': sshRoute}), {offline: false});
	const configProbe = config.seen.find(call => call.args.includes('-T'));
	assert.deepEqual(configProbe?.args.slice(0, 2), ['-o', 'IdentitiesOnly=yes']);
	assert.match(all(second.outcome), /Go up to 1\.2x sets GIT_SSH_COMMAND=.* which beats core\.sshCommand=ssh -o IdentitiesOnly=yes/);
});

test('SSH under --offline: -G is reported, the login probe is skipped', async () => {
	const {system, seen} = authSystem({ssh: {'-G': sshG, '-T': {code: 0, stdout: 'Welcome to GitLab, @alice!\n'}}});
	const {outcome} = await runCheck(gitAuthCheck, system, upstreamOf({'git-route': sshRoute}), {offline: true});
	assert.equal(outcome.status, 'skip');
	assert.ok(!seen.some(call => call.args.includes('-T')));
	assert.equal(outcome.evidence?.['sshConfig'], `user git, hostname ${host}, port 22`);
});

test('SSH: no user in the URL and ssh logs in as the local name: said (GitLab expects git@)', async () => {
	const {system} = authSystem({ssh: {'-G': {code: 0, stdout: `user alice\nhostname ${host}\nport 22\n`}, '-T': {code: 255, stderr: `alice@${host}: Permission denied (publickey).\n`}}});
	const {outcome} = await runCheck(gitAuthCheck, system, upstreamOf({'git-route': route({url: `${host}:group/project.git`, kind: 'scp'})}), {offline: false});
	assert.match(all(outcome), /ssh logs in as "alice".*normally "git"/);
});
