// The credential Go 1.24+ sends under GOAUTH: the user's command run as go runs it, its answer a secret.
import {test} from 'node:test';
import assert from 'node:assert/strict';
import type {GoEnvData} from '../../source/engine/check-data.js';
import {goCredentialFor} from '../../source/checks/netrc-files.js';
import {contextFor, fakeSystem} from '../helpers/fake-system.js';

const token = 'glpat-fromGoauthCommand0001';
const basic = Buffer.from(`alice:${token}`).toString('base64');
const goEnv = (version: string, goauth: string): GoEnvData => ({
	goVersion: {text: `go${version}`, major: 1, minor: Number(version.split('.')[1])},
	settings: {GOAUTH: {value: goauth, source: 'environment'}},
});

test('GOAUTH command: run once without a URL (no shell), its Basic credential used for the host, the token registered as a secret', async () => {
	const system = fakeSystem({
		env: {HOME: '/home/u'},
		commands: {'curl --version': {stdout: 'curl 7.88.1\n'}, 'my-helper': {stdout: `https://gitlab.example.com\n\nAuthorization: Basic ${basic}\n\n`}},
	});
	const context = contextFor(system);
	const go = await goCredentialFor(context, goEnv('1.24.4', "my-helper '--quiet'"), 'gitlab.example.com');
	assert.equal(go.credential?.login, 'alice');
	assert.equal(go.credential?.line, 0);
	assert.match(go.credential?.file ?? '', /GOAUTH command my-helper/);
	assert.deepEqual(system.calls.filter(call => call.startsWith('my-helper')), ['my-helper --quiet']);
	assert.match(go.note ?? '', /ran the GOAUTH command my-helper once without a URL.*\(not shown\)/);
	assert.ok(!(go.note ?? '').includes(token) && !(go.note ?? '').includes(basic));
	assert.ok(!context.secrets.redact(`x ${token} ${basic}`).includes(token));
	assert.ok(go.retryAfter4xx, 'after a 4xx go asks the command again with the URL');
	const again = await go.retryAfter4xx!('https://gitlab.example.com/g/p?go-get=1', {status: 401, statusText: 'Unauthorized', headers: {}});
	assert.equal(again.credential?.login, 'alice');
	assert.ok(system.calls.includes('my-helper --quiet https://gitlab.example.com/g/p?go-get=1'));
});

test('Go 1.23 knows no GOAUTH: the command is never run', async () => {
	const system = fakeSystem({env: {HOME: '/home/u'}, commands: {'curl --version': {stdout: 'curl 7.88.1\n'}, 'my-helper': {stdout: ''}}});
	await goCredentialFor(contextFor(system), goEnv('1.23.5', 'my-helper'), 'gitlab.example.com');
	assert.deepEqual(system.calls.filter(call => call.startsWith('my-helper')), []);
});

test('a command whose output go cannot parse gives nothing, and the note says why in go\'s words', async () => {
	const system = fakeSystem({env: {HOME: '/home/u'}, commands: {'curl --version': {stdout: 'curl 7.88.1\n'}, 'my-helper': {stdout: `https://gitlab.example.com\n`}}});
	const go = await goCredentialFor(contextFor(system), goEnv('1.24.4', 'my-helper'), 'gitlab.example.com');
	assert.equal(go.credential, undefined);
	assert.match(go.note ?? '', /go cannot parse its output \(invalid format: missing empty line after URLs\)/);
});
