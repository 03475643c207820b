import {test} from 'node:test';
import assert from 'node:assert/strict';
import {suggestModules, privateReason} from '../../source/ui/module-suggestions.js';
import {contextFor, fakeSystem} from '../helpers/fake-system.js';

const goMod = [
	'module example.com/app',
	'require (',
	'\tgitlab.corp.test/platform/auth v1.2.0',
	'\tgithub.com/pkg/errors v0.9.1',
	'\tgit.other.test/tools/lint v0.1.0 // indirect',
	'\tgitlab.corp.test/platform/auth v1.2.0',
	')',
	'require gitlab.netrc.test/team/lib v0.3.0',
].join('\n');

const signal = new AbortController().signal;

test('offers the requirements GOPRIVATE matches or whose host has a .netrc entry, direct ones first, each once', async () => {
	const system = fakeSystem({
		env: {HOME: '/home/user', GOPRIVATE: 'gitlab.corp.test,git.other.test'},
		files: {
			'/work/app/go.mod': goMod,
			'/home/user/.netrc': {text: 'machine gitlab.netrc.test login me password glpat-aaaaaaaaaaaaaaaaaaaa\n', mode: 0o600},
		},
	});
	const context = contextFor(system, {module: ''});
	const found = await suggestModules(context, '/work/app/go.mod', signal);
	assert.deepEqual(found, [
		{module: 'gitlab.corp.test/platform/auth', why: 'GOPRIVATE entry gitlab.corp.test'},
		{module: 'gitlab.netrc.test/team/lib', why: '.netrc entry for gitlab.netrc.test'},
		{module: 'git.other.test/tools/lint', why: 'GOPRIVATE entry git.other.test, indirect'},
	]);
	assert.equal(context.secrets.redact('glpat-aaaaaaaaaaaaaaaaaaaa'), 'glpat-****', 'the .netrc passwords it read are registered secrets');
});

test('GOPRIVATE comes from the go env file too, as the go-env check resolves it', async () => {
	const system = fakeSystem({
		env: {HOME: '/home/user', GOENV: '/home/user/go.env'},
		files: {'/work/app/go.mod': goMod, '/home/user/go.env': 'GOPRIVATE=gitlab.netrc.test/team\n'},
	});
	const found = await suggestModules(contextFor(system, {module: ''}), '/work/app/go.mod', signal);
	assert.deepEqual(found.map(s => s.module), ['gitlab.netrc.test/team/lib']);
});

test('no go.mod, or nothing private in it: no suggestions, and no go or .netrc look-up for nothing', async () => {
	const system = fakeSystem({env: {HOME: '/home/user'}, files: {'/work/app/go.mod': 'module example.com/app\nrequire github.com/pkg/errors v0.9.1\n'}});
	assert.deepEqual(await suggestModules(contextFor(system, {module: ''}), '/work/app/go.mod', signal), []);
	const empty = fakeSystem({env: {HOME: '/home/user'}});
	assert.deepEqual(await suggestModules(contextFor(empty, {module: ''}), '/work/app/go.mod', signal), []);
	assert.deepEqual(empty.calls, []);
});

test('privateReason: the GOPRIVATE glob rules (module.MatchPrefixPatterns), then Go\'s exact .netrc machine match', () => {
	assert.equal(privateReason('gitlab.test/group/sub/p', 'gitlab.test/group', []), 'GOPRIVATE entry gitlab.test/group');
	assert.equal(privateReason('gitlab.test/other/p', 'gitlab.test/group', []), undefined);
	assert.equal(privateReason('gitlab.test/x', '*.test', []), 'GOPRIVATE entry *.test');
	const entries = [{machine: 'GitLab.test', login: 'a', password: 'b', line: 1}];
	assert.equal(privateReason('gitlab.test/x', '', entries), undefined, 'netrc machines are case-sensitive keys for Go');
	assert.equal(privateReason('GitLab.test/x', '', entries), '.netrc entry for GitLab.test');
});
