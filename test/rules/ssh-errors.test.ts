import {test} from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {classifySshStderr, parseGitlabWelcome, parseSshG, type SshFailure} from '../../source/rules/ssh-errors.js';

// Sources: docs/openssh.md §2 (docs/git.md §6.22, OpenSSH 9.2p1), docs/openssh.md §3 (docs/git.md §6.23), openssh-portable sshconnect.c / sshconnect2.c /
// ssh.c [docs/sources.md §R24]; gitlab-shell discover [docs/sources.md §R22]; docs/gitlab.md §5.2; strings captured from this machine's ssh (docs/git.md §6).

const changedBlock = [
	'@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@',
	'@    WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED!     @',
	'@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@',
	'IT IS POSSIBLE THAT SOMEONE IS DOING SOMETHING NASTY!',
	'Someone could be eavesdropping on you right now (man-in-the-middle attack)!',
	'It is also possible that a host key has just been changed.',
	'The fingerprint for the ED25519 key sent by the remote host is',
	'SHA256:Q2xV0mVYl8b6mX8W8mF4J0m0wq1yYb7x7q0o0s0X0s0.',
	'Please contact your system administrator.',
	'Add correct host key in /home/u/.ssh/known_hosts to get rid of this message.',
	'Offending ED25519 key in /home/u/.ssh/known_hosts:3',
	'  remove with:',
	'  ssh-keygen -f "/home/u/.ssh/known_hosts" -R "[127.0.0.1]:2222"',
].join('\n');

const rows: {behaviour: string; source: string; stderr: string; want: SshFailure}[] = [
	{behaviour: 'key not accepted', source: 'docs/openssh.md §2 docs/git.md §6.22', stderr: 'git@127.0.0.1: Permission denied (publickey).\n', want: {kind: 'publickey', methods: 'publickey'}},
	{
		behaviour: 'several methods offered, none worked',
		source: 'sshconnect2.c',
		stderr: 'git@gitlab.example.com: Permission denied (publickey,keyboard-interactive).',
		want: {kind: 'publickey', methods: 'publickey,keyboard-interactive'},
	},
	{behaviour: 'unknown host key under BatchMode', source: 'docs/openssh.md §2 docs/git.md §6.22', stderr: 'Host key verification failed.\r\n', want: {kind: 'host-key-unknown'}},
	{
		behaviour: 'unknown host key with StrictHostKeyChecking=yes',
		source: 'docs/openssh.md §2 docs/git.md §6.22',
		stderr: 'No ED25519 host key is known for [127.0.0.1]:2222 and you have requested strict checking.\nHost key verification failed.\n',
		want: {kind: 'host-key-unknown'},
	},
	{
		behaviour: 'changed host key names the offending known_hosts line',
		source: 'docs/openssh.md §2 docs/git.md §6.22, sshconnect.c',
		stderr: `${changedBlock}\nHost key for [127.0.0.1]:2222 has changed and you have requested strict checking.\nHost key verification failed.\n`,
		want: {kind: 'host-key-changed', file: '/home/u/.ssh/known_hosts', line: 3},
	},
	{
		behaviour: 'changed key for the IP address',
		source: 'sshconnect.c',
		stderr: `${changedBlock.replace('Offending ED25519 key in', 'Offending key for IP in')}\nHost key verification failed.`,
		want: {kind: 'host-key-changed', file: '/home/u/.ssh/known_hosts', line: 3},
	},
	{
		behaviour: 'changed key with StrictHostKeyChecking=no goes on; a later key refusal is the failure',
		source: 'docs/openssh.md §2 docs/git.md §6.22',
		stderr: `${changedBlock}\nPassword authentication is disabled to avoid man-in-the-middle attacks.\nKeyboard-interactive authentication is disabled to avoid man-in-the-middle attacks.\ngit@127.0.0.1: Permission denied (publickey).`,
		want: {kind: 'publickey', methods: 'publickey'},
	},
	{behaviour: 'connection refused', source: 'docs/openssh.md §2 docs/git.md §6.22; captured', stderr: 'ssh: connect to host 127.0.0.1 port 2223: Connection refused\n', want: {kind: 'refused', host: '127.0.0.1', port: '2223'}},
	{behaviour: 'DNS failure (glibc)', source: 'docs/openssh.md §2 docs/git.md §6.22; captured', stderr: 'ssh: Could not resolve hostname gitlab.invalid: Name or service not known\n', want: {kind: 'dns', host: 'gitlab.invalid'}},
	{
		behaviour: 'DNS failure (macOS wording)',
		source: 'ssh.c',
		stderr: 'ssh: Could not resolve hostname gitlab.invalid: nodename nor servname provided, or not known',
		want: {kind: 'dns', host: 'gitlab.invalid'},
	},
	{behaviour: 'connect timeout', source: 'docs/openssh.md §2 docs/git.md §6.22', stderr: 'ssh: connect to host 127.0.0.1 port 18099: Connection timed out\n', want: {kind: 'timeout'}},
	{behaviour: 'connect timeout (macOS wording)', source: 'sshconnect.c', stderr: 'ssh: connect to host gitlab.example.com port 22: Operation timed out', want: {kind: 'timeout'}},
	{behaviour: 'timeout in the banner exchange', source: 'sshconnect.c', stderr: 'Connection timed out during banner exchange\nConnection to 10.0.0.1 port 22 timed out', want: {kind: 'timeout'}},
	{
		behaviour: 'no route to host is reported as it is',
		source: 'sshconnect.c',
		stderr: 'ssh: connect to host 10.0.0.1 port 22: No route to host',
		want: {kind: 'unknown', detail: 'ssh: connect to host 10.0.0.1 port 22: No route to host'},
	},
	{
		behaviour: 'the server closed the connection',
		source: 'sshconnect.c kex',
		stderr: 'kex_exchange_identification: Connection closed by remote host\nConnection closed by 10.0.0.1 port 22\nfatal: Could not read from remote repository.\n\nPlease make sure you have the correct access rights\nand the repository exists.',
		want: {kind: 'unknown', detail: 'kex_exchange_identification: Connection closed by remote host'},
	},
	{behaviour: 'empty stderr', source: '—', stderr: '', want: {kind: 'unknown', detail: ''}},
];

for (const row of rows) {
	test(`classifySshStderr: ${row.behaviour} [${row.source}]`, () => {
		assert.deepEqual(classifySshStderr(row.stderr), row.want);
	});
}

const welcomeRows: {behaviour: string; source: string; stdout: string; want: ReturnType<typeof parseGitlabWelcome>}[] = [
	{behaviour: 'a user key', source: 'docs/sources.md §R22 discover.go; docs/gitlab.md §5.2', stdout: 'Welcome to GitLab, @alice!\n', want: {user: 'alice', anonymous: false}},
	{behaviour: 'a deploy key (no user)', source: 'docs/sources.md §R22 IsAnonymous', stdout: 'Welcome to GitLab, Anonymous!\n', want: {anonymous: true}},
	{behaviour: 'a user literally named Anonymous', source: 'docs/sources.md §R22', stdout: 'Welcome to GitLab, @Anonymous!', want: {user: 'Anonymous', anonymous: false}},
	{behaviour: 'older gitlab-shell greets by display name', source: 'gitlab-shell history', stdout: 'Welcome to GitLab, Alice Smith!', want: {user: 'Alice Smith', anonymous: false}},
	{behaviour: 'no greeting', source: '—', stdout: 'PTY allocation request failed on channel 0\n', want: undefined},
];

for (const row of welcomeRows) {
	test(`parseGitlabWelcome: ${row.behaviour} [${row.source}]`, () => {
		assert.deepEqual(parseGitlabWelcome(row.stdout), row.want);
	});
}

test('parseSshG: captured OpenSSH 9.2p1 output [docs/openssh.md §3 docs/git.md §6.22, §6.23]', () => {
	const output = [
		'host gitlab.example.com',
		'user git',
		'hostname gitlab.example.com',
		'port 2222',
		'batchmode no',
		'identitiesonly no',
		'stricthostkeychecking ask',
		'identityfile ~/.ssh/id_rsa',
		'identityfile ~/.ssh/id_ecdsa',
		'identityfile ~/.ssh/id_ecdsa_sk',
		'identityfile ~/.ssh/id_ed25519',
		'identityfile ~/.ssh/id_ed25519_sk',
		'identityfile ~/.ssh/id_xmss',
		'identityfile ~/.ssh/id_dsa',
		'userknownhostsfile /root/.ssh/known_hosts /root/.ssh/known_hosts2',
		'sendenv LANG',
		'sendenv LC_*',
		'connecttimeout none',
		'',
	].join('\n');
	const parsed = parseSshG(output);
	assert.equal(parsed.user, 'git');
	assert.equal(parsed.hostname, 'gitlab.example.com');
	assert.equal(parsed.port, 2222);
	assert.deepEqual(parsed.identityFiles, ['~/.ssh/id_rsa', '~/.ssh/id_ecdsa', '~/.ssh/id_ecdsa_sk', '~/.ssh/id_ed25519', '~/.ssh/id_ed25519_sk', '~/.ssh/id_xmss', '~/.ssh/id_dsa']);
	assert.equal(parsed.options['userknownhostsfile'], '/root/.ssh/known_hosts /root/.ssh/known_hosts2');
	assert.equal(parsed.options['sendenv'], 'LANG', 'first value kept');
	assert.equal(parsed.options['batchmode'], 'no');
});

test('parseSshG: a non-numeric port is left out; CRLF tolerated [docs/openssh.md §3]', () => {
	assert.deepEqual(parseSshG('user alice\r\nport x\r\nproxyjump bastion\r\n'), {user: 'alice', identityFiles: [], options: {user: 'alice', port: 'x', proxyjump: 'bastion'}});
});

test('ssh parsers never throw (fuzz)', () => {
	const piece = fc.constantFrom(
		'Permission denied (', 'publickey', ').', 'Host key verification failed.', 'REMOTE HOST IDENTIFICATION HAS CHANGED', 'Offending key in ', ':', '3',
		'ssh: connect to host ', ' port ', 'Connection refused', 'timed out', 'ssh: Could not resolve hostname ', 'Welcome to GitLab, ', '@', '!', '\n', ' ', 'x',
	);
	const text = fc.oneof(fc.string(), fc.array(piece, {maxLength: 12}).map(parts => parts.join('')));
	fc.assert(
		fc.property(text, input => {
			const failure = classifySshStderr(input);
			assert.ok(['publickey', 'host-key-unknown', 'host-key-changed', 'dns', 'refused', 'timeout', 'unknown'].includes(failure.kind));
			const welcome = parseGitlabWelcome(input);
			if (welcome !== undefined) assert.equal(welcome.anonymous, welcome.user === undefined);
			const config = parseSshG(input);
			if (config.port !== undefined) assert.ok(Number.isInteger(config.port));
		}),
		{numRuns: 5000},
	);
});
