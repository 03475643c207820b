// listingOfAnother against the real git: the listing one repository's `git config --list` gives, carried over to
// another repository made the same way, is what git lists there, with and without GIT_DIR (docs/git.md §1.4).
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {execFileSync} from 'node:child_process';
import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {listingOfAnother, type GitConfig} from '../../source/checks/go-like-git.js';
import {parseConfigZ} from '../../source/rules/insteadof.js';
import {gitAvailable} from '../fake-gitlab/index.js';

const skip = gitAvailable() ? false : 'git is not installed (not on PATH)';

/** A HOME whose git configuration has rules, helpers, an include and command-line entries; `extra` is appended. */
function scratchGit(extra = '') {
	const root = mkdtempSync(join(tmpdir(), 'ggc-listing-'));
	const home = join(root, 'home');
	mkdirSync(home);
	writeFileSync(join(home, 'more.gitconfig'), '[http]\n\tsslVerify = true\n');
	writeFileSync(
		join(home, '.gitconfig'),
		`[url "ssh://git@gitlab.example.com/"]\n\tinsteadOf = https://gitlab.example.com/\n[credential]\n\thelper = store\n[credential "https://other.example"]\n\thelper = "!f() { echo x; }; f"\n[include]\n\tpath = more.gitconfig\n${extra}`,
	);
	const env = {PATH: process.env['PATH'] ?? '/usr/bin:/bin', HOME: home, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_COUNT: '1', GIT_CONFIG_KEY_0: 'core.askPass', GIT_CONFIG_VALUE_0: '/bin/false'};
	return {root, env, cleanup: () => rmSync(root, {recursive: true, force: true})};
}

/** Go's two commands and the listing, in a fresh directory; GIT_DIR set as Go 1.21+ sets it, or not as 1.19. */
function repository(root: string, env: Record<string, string>, name: string, url: string, gitDir: boolean): {dir: string; url: string; config: GitConfig} {
	const dir = mkdtempSync(join(root, `gitlab-go-check-git-${name}`));
	const run = (args: string[], withGitDir = gitDir) => execFileSync('git', args, {cwd: dir, env: {...env, ...(withGitDir ? {GIT_DIR: dir} : {})}, encoding: 'utf8', timeout: 10_000});
	run(['init', '--bare', '-q'], false);
	run(['remote', 'add', 'origin', '--', url]);
	return {dir, url, config: {records: parseConfigZ(run(['config', '-z', '--show-scope', '--show-origin', '--list']))}};
}

for (const gitDir of [false, true]) {
	test(`a listing carried to another repository is git's own listing there (${gitDir ? 'with' : 'without'} GIT_DIR)`, {skip}, t => {
		const {root, env, cleanup} = scratchGit();
		t.after(cleanup);
		const first = repository(root, env, 'a', 'https://gitlab.example.com/group/project.git', gitDir);
		const second = repository(root, env, 'b', 'https://gitlab.example.com/group/other.git', gitDir);
		assert.ok(first.config.records.some(record => record.scope === 'local'), 'the listing has the repository\'s own entries');
		assert.deepEqual(listingOfAnother(first.config, first, second), second.config);
	});
}

test('a conditional include in the configuration: no listing is carried over (it may name the repository)', {skip}, t => {
	const {root, env, cleanup} = scratchGit('[includeIf "hasconfig:remote.*.url:https://gitlab.example.com/group/other.git"]\n\tpath = work.gitconfig\n');
	t.after(cleanup);
	writeFileSync(join(env.HOME, 'work.gitconfig'), '[credential]\n\thelper = cache\n');
	const first = repository(root, env, 'a', 'https://gitlab.example.com/group/project.git', true);
	const second = repository(root, env, 'b', 'https://gitlab.example.com/group/other.git', true);
	assert.notDeepEqual(first.config.records.map(record => record.value), second.config.records.map(record => record.value), 'git lists them differently');
	assert.equal(listingOfAnother(first.config, first, second), undefined);
});

test('listingOfAnother refuses a failed listing, one without the URL remote add wrote, and an include in the repository\'s own file', () => {
	const local = (key: string, value: string, origin = 'file:config') => ({scope: 'local', origin, key, value});
	const listed = {dir: '/tmp/a', url: 'https://h/a.git'};
	const other = {dir: '/tmp/b', url: 'https://h/b.git'};
	const good: GitConfig = {records: [local('core.bare', 'true'), local('remote.origin.url', listed.url)]};
	assert.deepEqual(listingOfAnother(good, listed, other)?.records.at(-1), local('remote.origin.url', other.url));
	assert.equal(listingOfAnother({...good, failure: {code: 1, stdout: '', stderr: 'bad config', timedOut: false}}, listed, other), undefined);
	assert.equal(listingOfAnother({records: [local('core.bare', 'true'), local('remote.origin.url', 'https://h/elsewhere.git')]}, listed, other), undefined);
	assert.equal(listingOfAnother({records: [...good.records, local('include.path', 'x.gitconfig')]}, listed, other), undefined);
	assert.equal(listingOfAnother({records: [local('core.bare', 'true', 'file:/tmp/elsewhere/config'), local('remote.origin.url', listed.url)]}, listed, other), undefined);
	const absolute: GitConfig = {records: [local('core.bare', 'true', 'file:/tmp/a/config'), local('remote.origin.url', listed.url, 'file:/tmp/a/config')]};
	assert.deepEqual(listingOfAnother(absolute, listed, other)?.records.map(record => record.origin), ['file:/tmp/b/config', 'file:/tmp/b/config']);
});
