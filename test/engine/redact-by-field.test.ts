// Issue 11: secrets are masked where they are (userinfo, Authorization, netrc fields, GOFLAGS values, proxy user
// names), not wherever their letters happen to appear: a password that is also a word of the module path is never
// "masked" inside the module path, which would reveal it.
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {writeFileSync, chmodSync} from 'node:fs';
import {createServer} from 'node:net';
import {join} from 'node:path';
import {proxyCredentialParts, redactByShape, Redactor} from '../../source/engine/redact.js';
import {emptyHome, runCli} from '../helpers/run-cli.js';

test('a netrc password that is also a word of the module path is not masked inside the path', () => {
	for (const password of ['project', 'Pr0ject9', 'sub-team.v2']) {
		const redactor = new Redactor();
		redactor.addCredential('me', password);
		const path = `gitlab.example.com/group/${password}/pkg`;
		assert.equal(redactor.redact(`go get ${path} will fail`), `go get ${path} will fail`, password);
		assert.equal(redactor.redact(`https://${path}.git`), `https://${path}.git`, password);
		assert.equal(redactor.redact(`https://me:${password}@gitlab.example.com/`), 'https://me:****@gitlab.example.com/', password);
	}
	const redactor = new Redactor();
	redactor.add('Pr0ject9');
	assert.equal(redactor.redact('sends password Pr0ject9.'), 'sends password ****.', 'a value of its own is masked, even before a full stop');
});

test('a proxy URL whose password holds a raw /, " or < is masked whole, and its scheme is not printed twice', () => {
	const shown = redactByShape('through the proxy http://http://pr0xyuser:pa/ss"<word@127.0.0.1:3128 (from HTTPS_PROXY)');
	assert.doesNotMatch(shown, /pr0xyuser|pa\/ss|word/);
	assert.doesNotMatch(shown, /http:\/\/http:/);
	assert.match(shown, /through the proxy http:\/\/\*\*\*\*@127\.0\.0\.1:3128 \(from HTTPS_PROXY\)/);
	const redactor = new Redactor();
	for (const part of proxyCredentialParts('http://pr0xyuser:pa/ss"<word@127.0.0.1:3128')) redactor.add(part);
	assert.equal(redactor.redact(`Unsupported proxy syntax in 'pr0xyuser:pa'`), `Unsupported proxy syntax in '****'`);
});

test('a token used as a proxy user name is masked; a short plain user name is not', () => {
	assert.equal(redactByShape('http://Zx9_aaaaaaaaaaaaaaaaaaaaaa@proxy.corp:3128'), 'http://****@proxy.corp:3128');
	assert.equal(redactByShape('ssh://git@gitlab.test/g/p.git'), 'ssh://git@gitlab.test/g/p.git');
	const redactor = new Redactor();
	redactor.add('a1b2c3d4e5f6');
	assert.equal(redactor.redact('http://a1b2c3d4e5f6@proxy.corp:3128'), 'http://****@proxy.corp:3128', 'registered as the proxy user, it is masked');
});

test('Authorization values of any scheme, and GOFLAGS values that look like keys, are masked', () => {
	assert.equal(redactByShape('Authorization: token abc'), 'Authorization: token ****');
	assert.equal(redactByShape('Proxy-Authorization: Basic dXNlcjpwYXNz'), 'Proxy-Authorization: Basic ****');
	assert.equal(redactByShape('GOFLAGS=-ldflags=-X=main.key=s3cr3tvalue123 -mod=mod'), 'GOFLAGS=-ldflags=-X=main.key=**** -mod=mod');
	assert.equal(redactByShape(`-ldflags='-X main.apiToken=abc123'`), `-ldflags='-X main.apiToken=****'`);
	assert.equal(redactByShape('-ldflags=-X=main.version=1.2.3'), '-ldflags=-X=main.version=1.2.3', 'an ordinary value stays');
});

test('Go module proxy paths (…/@v/list) are not taken for userinfo', () => {
	const url = 'https://gitlab.example.com/api/v4/projects/1/packages/go/gitlab.example.com/group/project/@v/list';
	assert.equal(redactByShape(url), url);
});

test('end to end: a weak netrc password, a malformed proxy URL and a key in GOFLAGS reach no output', {timeout: 40_000}, async () => {
	const server = createServer(socket => socket.on('error', () => {}));
	await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
	const port = (server.address() as {port: number}).port;
	const {home, env, cleanup} = emptyHome({
		GOFLAGS: '-ldflags=-X=main.key=s3cr3tvalue123',
		HTTPS_PROXY: `http://pr0xyuser:pa/ss"<word@127.0.0.1:${port}`,
	});
	try {
		writeFileSync(join(home, '.netrc'), 'machine gitlab.example.com login me password project\n');
		chmodSync(join(home, '.netrc'), 0o600);
		for (const format of [[], ['--json']]) {
			const run = await runCli(['gitlab.example.com/group/project', '--timeout', '0.5', '--verbose', ...format], {env, timeoutMs: 30_000});
			const output = run.stdout + run.stderr;
			assert.doesNotMatch(output, /pr0xyuser|pa\/ss|s3cr3tvalue123|http:\/\/http:/);
			assert.match(output, /gitlab\.example\.com\/group\/project/, 'the module path is shown as it is');
		}
	} finally {
		cleanup();
		server.close();
	}
});
