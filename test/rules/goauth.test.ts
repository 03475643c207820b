// GOAUTH (Go 1.24+) as cmd/go/internal/auth parses and applies it; Go's fatal messages checked against the real go 1.24.
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {spawnSync} from 'node:child_process';
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {basicFromHeaders, loadCredential, parseGitCredentialOutput, parseGoauth, parseUserAuthOutput, quotedSplit, responseForStdin} from '../../source/rules/goauth.js';
import {goReleases} from '../helpers/go-releases.js';

const dirs: Record<string, string | undefined> = {'/repo': undefined, '/file': 'not a directory', '/gone': 'stat /gone: no such file or directory'};
const parse = (value: string) => parseGoauth(value, dir => dirs[dir]);

test('methods in GOAUTH order; commands keep their words', () => {
	assert.deepEqual(parse('netrc; git /repo ;my-helper --flag').methods, [{kind: 'netrc'}, {kind: 'git', dir: '/repo'}, {kind: 'command', command: 'my-helper --flag'}]);
	assert.deepEqual(parse('off').methods, [{kind: 'off'}]);
});

const fatalRows: Array<[string, string]> = [
	['netrc;', 'go: GOAUTH encountered an empty command (GOAUTH=netrc;)'],
	['off;netrc', 'go: GOAUTH=off cannot be combined with other authentication commands (GOAUTH=off;netrc)'],
	['git', 'go: GOAUTH=git dir method requires an absolute path to the git working directory'],
	['git relative/dir', 'go: GOAUTH=git dir method requires an absolute path to the git working directory, dir is not absolute'],
];

test('malformed values: Go\'s own fatal messages', () => {
	for (const [value, message] of fatalRows) assert.equal(parse(value).fatal, message, value);
	assert.equal(parse('git /file').fatal, 'go: GOAUTH=git dir method requires an absolute path to the git working directory, dir is not a directory');
	assert.equal(parse('git /gone').fatal, 'go: GOAUTH=git encountered an error; cannot stat /gone: stat /gone: no such file or directory');
	// Reverse walk: the last malformed command is the one reported.
	assert.equal(parse('git;off;netrc').fatal, 'go: GOAUTH=off cannot be combined with other authentication commands (GOAUTH=git;off;netrc)');
});

test('command output: URL lines, a blank line, header lines, a blank line (userauth.go parseUserAuth)', () => {
	const basic = `Basic ${Buffer.from('alice:s3cret-token').toString('base64')}`;
	const parsed = parseUserAuthOutput(`https://gitlab.test\nhttps://other.test/group\n\nAuthorization: ${basic}\n\n`);
	assert.equal(parsed.error, undefined);
	assert.deepEqual([...parsed.credentials!.keys()], ['gitlab.test', 'other.test/group']);
	assert.deepEqual(basicFromHeaders(loadCredential(parsed.credentials!, 'https://gitlab.test/group/sub/project?go-get=1')!), {login: 'alice', password: 's3cret-token'});
	// loadCredential tries the whole URL, then the host: a path prefix does not cover URLs under it.
	assert.equal(loadCredential(parsed.credentials!, 'https://other.test/group/project'), undefined);
	assert.deepEqual(parseUserAuthOutput(''), {credentials: new Map()});
	assert.equal(parseUserAuthOutput('https://gitlab.test\n\nAuthorization: x\n').error, 'invalid format: missing empty line after headers');
	assert.equal(parseUserAuthOutput('https://gitlab.test\n').error, 'invalid format: missing empty line after URLs');
	assert.equal(parseUserAuthOutput('https://gitlab.test\n\nno-colon-here\n\n').error, 'invalid format: invalid header line');
});

test('git credential fill output: the prefix from protocol/host(/path) or url=', () => {
	assert.deepEqual(parseGitCredentialOutput('protocol=https\nhost=gitlab.test\nusername=alice\npassword=pw\n'), {prefix: 'https://gitlab.test', username: 'alice', password: 'pw'});
	assert.equal(parseGitCredentialOutput('protocol=https\nhost=gitlab.test\npath=group/x.git\n').prefix, 'https://gitlab.test/group/x.git');
	assert.equal(parseGitCredentialOutput('url=https://gitlab.test/a\n').prefix, 'https://gitlab.test/a');
});

test('quoted.Split and the response a command reads on stdin', () => {
	assert.deepEqual(quotedSplit(`helper 'a b' "c"`).words, ['helper', 'a b', 'c']);
	assert.equal(quotedSplit(`helper 'a`).error, "unterminated ' string");
	assert.equal(responseForStdin(401, 'Unauthorized', {'www-authenticate': 'Basic realm="x"'}), 'HTTP/1.1 401 Unauthorized\nWww-Authenticate: Basic realm="x"\n\n');
});

const go124 = goReleases().installed.find(release => release.release === '1.24');
test('real go 1.24 stops with the same fatal messages at its first HTTPS request', {skip: go124 ? false : 'go 1.24 is not installed'}, () => {
	const home = mkdtempSync(join(tmpdir(), 'goauth-'));
	try {
		writeFileSync(join(home, 'file'), '');
		const rows: Array<[string, string]> = [...fatalRows, [`git ${join(home, 'file')}`, 'go: GOAUTH=git dir method requires an absolute path to the git working directory, dir is not a directory']];
		for (const [value, message] of rows) {
			const run = spawnSync(`${go124!.binDir}/go`, ['mod', 'download', '-json', 'example.com/m@v1.0.0'], {
				cwd: home,
				encoding: 'utf8',
				timeout: 20_000,
				env: {PATH: `${go124!.binDir}:/usr/bin:/bin`, HOME: home, GOPATH: join(home, 'gopath'), GOCACHE: join(home, 'cache'), GOENV: 'off', GOTOOLCHAIN: 'local', GOFLAGS: '', GOPROXY: 'https://127.0.0.1:1', GOSUMDB: 'off', GOAUTH: value},
			});
			assert.ok(`${run.stdout}${run.stderr}`.includes(message), `GOAUTH=${value}: expected "${message}", go said: ${run.stdout}${run.stderr}`);
			assert.equal(parse(value.replace(join(home, 'file'), '/file')).fatal, message.replace(join(home, 'file'), '/file'));
		}
	} finally {
		rmSync(home, {recursive: true, force: true, maxRetries: 5, retryDelay: 100});
	}
});
