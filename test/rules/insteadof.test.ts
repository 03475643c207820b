import {test} from 'node:test';
import assert from 'node:assert/strict';
import {spawnSync} from 'node:child_process';
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import fc from 'fast-check';
import {describeGitUrl, insteadOfRules, parseConfigZ, rewriteUrl, samePath, type ConfigRecord, type GitUrl, type InsteadOfRule} from '../../source/rules/insteadof.js';

// Sources: [docs/sources.md §R1] git remote.c alias_url/handle_config, [docs/sources.md §R4] urls.txt, docs/git.md §1.1–§1.4 and experiments
// docs/git.md §6.1, §6.2, docs/git.md §6.4, §6.10, docs/git.md §6.11, §6.15, docs/git.md §6.27; git transport.c is_url, connect.c url_is_local_not_ssh, credential.c.

const globalFile = 'file:/home/u/.gitconfig';

function rules(...pairs: [base: string, insteadOf: string, scope?: string][]): InsteadOfRule[] {
	const records: ConfigRecord[] = pairs.map(([base, value, scope]) => ({
		scope: scope ?? 'global',
		origin: scope === 'command' ? 'command line:' : globalFile,
		key: `url.${base}.insteadof`,
		value,
	}));
	return insteadOfRules(records).rules;
}

test('parseConfigZ: the exact -z --show-scope --show-origin format, with a value-less key [docs/git.md §6.4, §6.15]', () => {
	const output =
		'global\0file:/tmp/gt/cfg\0url.ssh://git@gitlab.example.com/.insteadof\nhttps://gitlab.example.com/\0' +
		'global\0file:/tmp/gt/cfg\0url.X.insteadof\0' +
		'global\0file:/tmp/gt/cfg\0url.X.pushinsteadof\ny\0' +
		'command\0command line:\0url.https://a/.insteadof\nmulti\nline\0';
	assert.deepEqual(parseConfigZ(output), [
		{scope: 'global', origin: 'file:/tmp/gt/cfg', key: 'url.ssh://git@gitlab.example.com/.insteadof', value: 'https://gitlab.example.com/'},
		{scope: 'global', origin: 'file:/tmp/gt/cfg', key: 'url.X.insteadof', value: undefined},
		{scope: 'global', origin: 'file:/tmp/gt/cfg', key: 'url.X.pushinsteadof', value: 'y'},
		{scope: 'command', origin: 'command line:', key: 'url.https://a/.insteadof', value: 'multi\nline'},
	]);
	assert.deepEqual(parseConfigZ(''), [], 'no match: git prints nothing (exit 1)');
	assert.deepEqual(parseConfigZ('global\0file:/x\0'), [], 'a truncated record is dropped');
});

test('insteadOfRules: pushInsteadOf ignored, base case kept, bare key fatal, order by first base [docs/sources.md §R1, docs/git.md §6.2, §6.3]', () => {
	const result = insteadOfRules([
		{scope: 'system', origin: 'file:/etc/gitconfig', key: 'url.git@GitLab.example.com:.insteadof', value: 'https://gitlab.example.com/'},
		{scope: 'global', origin: globalFile, key: 'url.https://other/.pushinsteadof', value: 'https://gitlab.example.com/'},
		{scope: 'global', origin: globalFile, key: 'url.https://b/.insteadof', value: 'https://x/'},
		{scope: 'global', origin: globalFile, key: 'url.git@GitLab.example.com:.insteadof', value: 'gl:'},
		{scope: 'global', origin: globalFile, key: 'url.insteadof', value: 'no subsection'},
		{scope: 'global', origin: globalFile, key: 'url.Broken.insteadof', value: undefined},
	]);
	assert.deepEqual(
		result.rules.map(rule => [rule.base, rule.insteadOf, rule.scope, rule.order]),
		[
			['git@GitLab.example.com:', 'https://gitlab.example.com/', 'system', 0],
			['git@GitLab.example.com:', 'gl:', 'global', 1],
			['https://b/', 'https://x/', 'global', 2],
		],
	);
	assert.match(result.fatal ?? '', /^missing value for 'url\.Broken\.insteadof' \(file:\/home\/u\/\.gitconfig\)/);
});

type RewriteRow = {behaviour: string; source: string; rules: InsteadOfRule[]; url: string; want: string; ruleIndex?: number};

const gl = 'https://gitlab.example.com/group/sub/project.git';
const rewriteRows: RewriteRow[] = [
	{behaviour: 'no rule: unchanged', source: 'docs/sources.md §R1', rules: [], url: gl, want: gl},
	{
		behaviour: 'https → scp-like with trailing slashes on both sides',
		source: 'docs/git.md §6.10',
		rules: rules(['git@gitlab.example.com:', 'https://gitlab.example.com/']),
		url: gl,
		want: 'git@gitlab.example.com:group/sub/project.git',
		ruleIndex: 0,
	},
	{
		behaviour: 'missing trailing slash makes the scp path absolute',
		source: 'docs/git.md §6.10',
		rules: rules(['git@gitlab.example.com:', 'https://gitlab.example.com']),
		url: gl,
		want: 'git@gitlab.example.com:/group/sub/project.git',
		ruleIndex: 0,
	},
	{
		behaviour: 'ssh:// base without trailing slash in the value gives a double slash',
		source: 'docs/git.md §6.10',
		rules: rules(['ssh://git@gitlab.example.com/', 'https://gitlab.example.com']),
		url: gl,
		want: 'ssh://git@gitlab.example.com//group/sub/project.git',
		ruleIndex: 0,
	},
	{
		behaviour: 'longest match wins',
		source: 'docs/sources.md §R1, docs/git.md §6.1',
		rules: rules(['ssh://git@gitlab.example.com/', 'https://gitlab.example.com/'], ['https://oauth2:tok@gitlab.example.com/group/', 'https://gitlab.example.com/group/']),
		url: gl,
		want: 'https://oauth2:tok@gitlab.example.com/group/sub/project.git',
		ruleIndex: 1,
	},
	{
		behaviour: 'equal length: the first base seen wins, even over a later -c rule',
		source: 'docs/sources.md §R1 strict <, docs/git.md §6.27',
		rules: rules(['https://global/', 'https://gitlab.example.com/', 'global'], ['https://command/', 'https://gitlab.example.com/', 'command']),
		url: gl,
		want: 'https://global/group/sub/project.git',
		ruleIndex: 0,
	},
	{
		behaviour: 'no chaining: the result is not rewritten again',
		source: 'docs/git.md §6.1',
		rules: rules(['https://gitlab.example.com/a/', 'https://short.example/'], ['git@gitlab.example.com:', 'https://gitlab.example.com/']),
		url: 'https://short.example/proj',
		want: 'https://gitlab.example.com/a/proj',
		ruleIndex: 0,
	},
	{behaviour: 'case-sensitive prefix', source: 'docs/git.md §6.1', rules: rules(['git@gitlab.example.com:', 'HTTPS://gitlab.example.com/']), url: gl, want: gl},
	{
		behaviour: 'raw prefix without a slash also matches a longer host name',
		source: 'docs/git.md §6.10',
		rules: rules(['https://mirror.example', 'https://gitlab.example.com']),
		url: 'https://gitlab.example.com.evil.net/x',
		want: 'https://mirror.example.evil.net/x',
		ruleIndex: 0,
	},
	{
		behaviour: 'an empty value matches every URL',
		source: 'docs/git.md §6.2',
		rules: rules(['https://everything.example/', '']),
		url: 'https://zzz.example/abc',
		want: 'https://everything.example/https://zzz.example/abc',
		ruleIndex: 0,
	},
	{
		behaviour: 'several values under one base each count',
		source: 'docs/sources.md §R1 make_rewrite, docs/git.md §6.2',
		rules: rules(['git@gitlab.example.com:', 'https://gl/'], ['git@gitlab.example.com:', 'https://gitlab.example.com/']),
		url: gl,
		want: 'git@gitlab.example.com:group/sub/project.git',
		ruleIndex: 1,
	},
	{
		behaviour: 'a Geo secondary rule for the HTTPS host',
		source: 'docs/gitlab.md §3.2',
		rules: rules(['https://secondary.example.com/', 'https://gitlab.example.com/']),
		url: gl,
		want: 'https://secondary.example.com/group/sub/project.git',
		ruleIndex: 0,
	},
];

for (const row of rewriteRows) {
	test(`rewriteUrl: ${row.behaviour} [${row.source}]`, () => {
		const result = rewriteUrl(row.url, row.rules);
		assert.equal(result.url, row.want);
		assert.equal(result.rule, row.ruleIndex === undefined ? undefined : row.rules[row.ruleIndex]);
	});
}

type DescribeRow = {behaviour: string; source: string; url: string; want: GitUrl};

const describeRows: DescribeRow[] = [
	{behaviour: 'https', source: 'docs/sources.md §R4', url: gl, want: {kind: 'https', host: 'gitlab.example.com', path: '/group/sub/project.git'}},
	{behaviour: 'https with a port', source: 'docs/sources.md §R4', url: 'https://gitlab.example.com:8443/g/p.git', want: {kind: 'https', host: 'gitlab.example.com', port: 8443, path: '/g/p.git'}},
	{
		behaviour: 'https with embedded credentials',
		source: 'credential.c credential_from_url; docs/git.md §2.1',
		url: 'https://oauth2:glpat-abcd1234@gitlab.example.com/g/p.git',
		want: {kind: 'https', user: 'oauth2', password: 'glpat-abcd1234', host: 'gitlab.example.com', path: '/g/p.git'},
	},
	{
		behaviour: 'a percent-encoded password is decoded; the written form is returned too',
		source: 'credential.c url_decode',
		url: 'https://u:p%40ss@h.example/x',
		want: {kind: 'https', user: 'u', password: 'p@ss', passwordAsWritten: 'p%40ss', host: 'h.example', path: '/x'},
	},
	{behaviour: 'a user without password', source: 'docs/git.md §2.2', url: 'https://alice@h.example/x', want: {kind: 'https', user: 'alice', host: 'h.example', path: '/x'}},
	{behaviour: 'http', source: 'docs/sources.md §R4', url: 'http://h.example/x', want: {kind: 'http', host: 'h.example', path: '/x'}},
	{
		behaviour: 'scp-like',
		source: 'docs/git.md §6.10, docs/sources.md §R4',
		url: 'git@gitlab.example.com:group/sub/project.git',
		want: {kind: 'scp', user: 'git', host: 'gitlab.example.com', path: 'group/sub/project.git'},
	},
	{
		behaviour: 'scp-like with an absolute path',
		source: 'docs/git.md §6.10',
		url: 'git@gitlab.example.com:/group/sub/project.git',
		want: {kind: 'scp', user: 'git', host: 'gitlab.example.com', path: '/group/sub/project.git'},
	},
	{
		behaviour: 'scp-like host:2222/x is path 2222/x, not a port',
		source: 'docs/git.md §6.11',
		url: 'gitlab.example.com:2222/group/p.git',
		want: {kind: 'scp', host: 'gitlab.example.com', path: '2222/group/p.git'},
	},
	{
		behaviour: 'bracketed scp-like host carries a port',
		source: 'docs/git.md §6.10, connect.c host_end',
		url: '[git@gitlab.example.com:2222]:group/p.git',
		want: {kind: 'scp', user: 'git', host: 'gitlab.example.com', port: 2222, path: 'group/p.git'},
	},
	{
		behaviour: 'ssh:// with a port',
		source: 'docs/git.md §6.10',
		url: 'ssh://git@gitlab.example.com:2222/group/p.git',
		want: {kind: 'ssh', user: 'git', host: 'gitlab.example.com', port: 2222, path: '/group/p.git'},
	},
	{
		behaviour: 'ssh:// with a double slash keeps it in the path',
		source: 'docs/git.md §6.10',
		url: 'ssh://git@gitlab.example.com//group/p.git',
		want: {kind: 'ssh', user: 'git', host: 'gitlab.example.com', path: '//group/p.git'},
	},
	{behaviour: 'git+ssh:// is ssh', source: 'transport.c', url: 'git+ssh://git@h.example/x', want: {kind: 'ssh', user: 'git', host: 'h.example', path: '/x'}},
	{behaviour: 'git://', source: 'transport.c', url: 'git://h.example/x.git', want: {kind: 'git', host: 'h.example', path: '/x.git'}},
	{behaviour: 'file://', source: 'transport.c', url: 'file:///srv/git/x.git', want: {kind: 'file', path: '/srv/git/x.git'}},
	{
		behaviour: 'git@host/path with no colon is a local path',
		source: 'docs/git.md §6.10',
		url: 'git@gitlab.example.com/group/project.git',
		want: {kind: 'local', path: 'git@gitlab.example.com/group/project.git'},
	},
	{behaviour: 'an absolute path is local', source: 'connect.c url_is_local_not_ssh', url: '/srv/git/x.git', want: {kind: 'local', path: '/srv/git/x.git'}},
	{behaviour: 'a slash before the colon makes it local', source: 'connect.c url_is_local_not_ssh', url: './a:b', want: {kind: 'local', path: './a:b'}},
	{
		behaviour: 'an upper-case scheme is another remote helper',
		source: 'transport.c (git-remote-HTTPS)',
		url: 'HTTPS://h.example/x',
		want: {kind: 'other', scheme: 'HTTPS', host: 'h.example', path: '/x'},
	},
	{behaviour: 'transport::address helper syntax', source: 'transport.c', url: 'persistent-https::h.example/x', want: {kind: 'other', scheme: 'persistent-https'}},
];

for (const row of describeRows) {
	test(`describeGitUrl: ${row.behaviour} [${row.source}]`, () => {
		assert.deepEqual(describeGitUrl(row.url), row.want);
	});
}

const samePathRows: [string, string, boolean, string][] = [
	['/group/sub/project.git', 'group/sub/project.git', true, 'scp relative path vs https path'],
	['/group/sub/project.git', '/group/sub/project', true, '.git suffix ignored'],
	['/group/sub/project.git/', 'group/sub/project', true, 'trailing slash ignored'],
	['/group/sub/project.git', '//group/sub/project.git', false, 'a double slash is a different path'],
	['/group/sub/project.git', '/group/sub.git', false, "legacy 2-segment repo"],
	['/Group/proj.git', '/group/proj.git', false, 'case matters'],
];

for (const [left, right, same, behaviour] of samePathRows) {
	test(`samePath: ${behaviour} [docs/git.md §1.2]`, () => {
		assert.equal(samePath(left, right), same);
		assert.equal(samePath(right, left), same);
	});
}

// ---- fuzzing

const pieces = ['https://', 'ssh://', 'git@', 'gitlab.example.com', 'gl', ':', '/', 'group', '.git', 'HTTPS://', '', 'é', '@', '[', ']', '2222', '%40', '::'];
const textArbitrary = fc.array(fc.constantFrom(...pieces), {maxLength: 6}).map(parts => parts.join(''));

test('insteadOf rules, rewriting and URL description never throw and keep invariants (fuzz)', () => {
	const record = fc.record({
		scope: fc.constantFrom('system', 'global', 'local', 'command'),
		origin: fc.constantFrom('file:/etc/gitconfig', 'command line:'),
		key: fc.oneof(textArbitrary.map(base => `url.${base}.insteadof`), fc.string()),
		value: fc.option(textArbitrary, {nil: undefined}),
	});
	fc.assert(
		fc.property(fc.array(record, {maxLength: 6}), textArbitrary, fc.string(), (records, url, junk) => {
			parseConfigZ(junk);
			const {rules: list} = insteadOfRules(records);
			const result = rewriteUrl(url, list);
			if (result.rule === undefined) assert.equal(result.url, url);
			else {
				assert.ok(url.startsWith(result.rule.insteadOf));
				assert.ok(list.every(other => !url.startsWith(other.insteadOf) || other.insteadOf.length <= result.rule!.insteadOf.length));
				assert.equal(result.url, result.rule.base + url.slice(result.rule.insteadOf.length));
			}
			const described = describeGitUrl(result.url);
			assert.ok(['https', 'http', 'ssh', 'scp', 'git', 'file', 'local', 'other'].includes(described.kind));
			if (described.password !== undefined) assert.ok(described.user !== undefined);
			assert.equal(samePath(url, url), true);
		}),
		{numRuns: 5000},
	);
});

// ---- differential test against git itself (only where git is installed)

const gitAvailable = spawnSync('git', ['--version']).status === 0;

function quoteConfig(text: string): string {
	return '"' + text.replace(/\\/g, '\\\\').replace(/"/g, '\\"') + '"';
}

test('rewriteUrl agrees with `git ls-remote --get-url` on generated configs (git oracle)', {skip: gitAvailable ? false : 'git is not installed'}, () => {
	const dir = mkdtempSync(join(tmpdir(), 'insteadof-oracle-'));
	try {
		const rule = fc.tuple(textArbitrary.filter(base => base !== ''), fc.option(textArbitrary, {nil: undefined, freq: 12}));
		const cases = fc.sample(
			fc.record({file: fc.array(rule, {maxLength: 5}), command: fc.array(rule.filter(([, value]) => value !== undefined), {maxLength: 2}), url: textArbitrary.filter(u => u !== '' && !u.startsWith('-'))}),
			{numRuns: 150, seed: 11},
		);
		cases.push({file: [['ssh://git@gitlab.example.com/', 'https://gitlab.example.com/']], command: [['https://command/', 'https://gitlab.example.com/']], url: gl});
		for (const [index, item] of cases.entries()) {
			const file = join(dir, `config-${index}`);
			writeFileSync(file, item.file.map(([base, value]) => `[url ${quoteConfig(base)}]\n\tinsteadOf${value === undefined ? '' : ` = ${quoteConfig(value)}`}\n`).join(''));
			const env: Record<string, string> = {PATH: process.env['PATH'] ?? '/usr/bin:/bin', HOME: dir, LANG: 'C', GIT_CONFIG_GLOBAL: file, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_COUNT: String(item.command.length)};
			item.command.forEach(([base, value], n) => {
				env[`GIT_CONFIG_KEY_${n}`] = `url.${base}.insteadOf`;
				env[`GIT_CONFIG_VALUE_${n}`] = value ?? '';
			});
			const listed = spawnSync('git', ['config', '-z', '--show-scope', '--show-origin', '--get-regexp', '^url\\..*\\.(insteadof|pushinsteadof)$'], {cwd: dir, env, encoding: 'utf8'});
			const ours = insteadOfRules(parseConfigZ(listed.stdout));
			const git = spawnSync('git', ['ls-remote', '--get-url', item.url], {cwd: dir, env, encoding: 'utf8'});
			const context = `config ${JSON.stringify(item)} git stderr ${git.stderr}`;
			if (git.status !== 0) {
				assert.match(git.stderr, /missing value for 'url\..*\.insteadof'/, context);
				assert.ok(ours.fatal !== undefined, context);
				continue;
			}
			assert.equal(ours.fatal, undefined, context);
			assert.equal(rewriteUrl(item.url, ours.rules).url, git.stdout.replace(/\n$/, ''), context);
		}
	} finally {
		rmSync(dir, {recursive: true, force: true, maxRetries: 5, retryDelay: 100});
	}
});
