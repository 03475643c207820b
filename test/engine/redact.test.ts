import {test} from 'node:test';
import assert from 'node:assert/strict';
import {maskSecret, redactByShape, Redactor} from '../../source/engine/redact.js';

test('a token prints as its type prefix and a mask (gh auth status style)', () => {
	assert.equal(maskSecret('glpat-AbCdEf123456'), 'glpat-****');
	assert.equal(maskSecret('SIE-glpat-AbCdEf123456'), 'SIE-glpat-****'); // instance prefix, docs/gitlab.md §2.6
	assert.equal(maskSecret('gldt-xyz12345'), 'gldt-****');
	assert.equal(maskSecret('hunter2hunter2'), '****');
});

test('registered secrets vanish from text, URL-encoded and Basic forms included', () => {
	const redactor = new Redactor();
	redactor.addCredential('alice', 'p@ss word!');
	const basic = Buffer.from('alice:p@ss word!').toString('base64');
	const text = `password p@ss word! url https://x/?t=${encodeURIComponent('p@ss word!')} header ${basic}`;
	const out = redactor.redact(text);
	assert.ok(!out.includes('p@ss word!'));
	assert.ok(!out.includes(encodeURIComponent('p@ss word!')));
	assert.ok(!out.includes(basic));
});

test('unregistered GitLab tokens are caught by shape', () => {
	assert.equal(redactByShape('token glpat-1234567890abcdef here'), 'token glpat-**** here');
	assert.equal(redactByShape('job glcbt-64_abcdEFGH1234'), 'job glcbt-****');
});

test('URLs lose the password of their userinfo; a plain user name stays', () => {
	assert.equal(redactByShape('https://oauth2:s3cretvalue@gitlab.test/g/p.git'), 'https://oauth2:****@gitlab.test/g/p.git');
	assert.equal(redactByShape('ssh://git@gitlab.test/g/p.git'), 'ssh://git@gitlab.test/g/p.git');
	assert.equal(redactByShape('https://aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa@gitlab.test/'), 'https://****@gitlab.test/');
});

test('Authorization values are masked', () => {
	assert.equal(redactByShape('Authorization: Basic YWxpY2U6c2VjcmV0'), 'Authorization: Basic ****');
	assert.equal(redactByShape('PRIVATE-TOKEN: abcdefghij'), 'PRIVATE-TOKEN: ****');
	assert.equal(redactByShape('PRIVATE-TOKEN:abcdefghij'), 'PRIVATE-TOKEN:****');
	// GitLab's help anchor is no secret.
	const help = 'https://gitlab.test/help/topics/git/troubleshooting_git.md#error-on-git-fetch-http-basic-access-denied';
	assert.equal(redactByShape(help), help);
});

test('redactValue scrubs every string in nested JSON and leaves other values alone', () => {
	const redactor = new Redactor();
	redactor.add('supersecret');
	const value = {a: ['x supersecret y', 3, true, null], b: {c: 'supersecret'}};
	assert.deepEqual(redactor.redactValue(value), {a: ['x **** y', 3, true, null], b: {c: '****'}});
});

test('the name of a variable ($CI_JOB_TOKEN, ${TOKEN}) is no secret: registering it masks nothing, a real value still is', () => {
	const redactor = new Redactor();
	redactor.add('$CI_JOB_TOKEN');
	redactor.add('${GITLAB_TOKEN}');
	redactor.add('glcbt-64_realrealrealreal');
	assert.equal(redactor.redact('password $CI_JOB_TOKEN and ${GITLAB_TOKEN}'), 'password $CI_JOB_TOKEN and ${GITLAB_TOKEN}');
	assert.ok(!redactor.redact('password glcbt-64_realrealrealreal').includes('realrealreal'));
});
