import type {GitRouteData, ModulePathData} from '../../source/engine/check-data.js';
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {findRuleLine, gitRouteCheck} from '../../source/checks/git-route.js';
import type {ExecResult} from '../../source/system/types.js';
import {fakeSystem, runCheck, upstreamOf, type FakeFile} from '../helpers/fake-system.js';

const host = 'gitlab.example.com';
const repoUrl = `https://${host}/group/sub/project.git`;
const modulePath: ModulePathData = {host, candidates: [`${host}/group/sub/project`, `${host}/group/sub`, `${host}/group`], subgroup: true};
const goImport = {match: {prefix: `${host}/group/sub/project`, vcs: 'git', repoRoot: repoUrl, page: `https://${host}/group/sub/project?go-get=1`}, credentialsSent: true};
const upstream = (extra: Record<string, unknown> = {}) => upstreamOf({'module-path': modulePath, 'go-import': goImport, ...extra});
const home = '/home/u';
const gitconfig = `${home}/.gitconfig`;

/** `git config -z --show-scope --show-origin` records (docs/git.md §1.4: `scope\0origin\0key\nvalue\0`). */
function records(...entries: Array<[scope: string, file: string, key: string, value?: string]>): string {
	return entries.map(([scope, file, key, value]) => `${scope}\0${file.startsWith('command') ? file : `file:${file}`}\0${key}${value === undefined ? '' : `\n${value}`}\0`).join('');
}

/** Records git lists beside the rules: never taken for one. */
const unrelated = records(['global', gitconfig, 'user.name', 'U'], ['global', gitconfig, 'credential.https://gitlab.example.com/.helper', 'store']);

type GitAnswers = {listing?: string; getUrl?: Partial<ExecResult>; remoteAdd?: Partial<ExecResult>; outside?: string};

/** A git that answers init, remote add, the insteadOf listing and ls-remote --get-url like git 2.39. */
function gitSystem(answers: GitAnswers, files: Record<string, FakeFile> = {}, env: Record<string, string> = {HOME: home}) {
	return fakeSystem({
		env,
		files,
		commands: {
			git: (args: string[]): Partial<ExecResult> => {
				if (args[0] === 'init') return {code: 0};
				if (args[0] === 'remote') return answers.remoteAdd ?? {code: 0};
				// `git config -z --show-scope --show-origin --list`: every record, the rules among the rest.
				if (args[0] === 'config' && args.includes('--list')) return {code: 0, stdout: `${unrelated}${answers.listing ?? ''}`};
				if (args[0] === 'ls-remote' && args[2] === 'origin') return answers.getUrl ?? {code: 0, stdout: `${repoUrl}\n`};
				if (args[0] === 'ls-remote') return {code: 0, stdout: `${answers.outside ?? args[2]}\n`};
				return {code: 129, stderr: `unexpected git ${args.join(' ')}`};
			},
		},
	});
}

const all = (outcome: {summary: string; details?: string[]}) => [outcome.summary, ...(outcome.details ?? [])].join('\n');

test('no rule applies: git uses the go-import URL as it is, asked through a Go-like bare repository (docs/git.md §1.4)', async () => {
	const system = gitSystem({});
	const {outcome} = await runCheck(gitRouteCheck, system, upstream());
	assert.equal(outcome.status, 'pass');
	assert.match(outcome.summary, /no insteadOf rule applies/);
	const data = outcome.data as GitRouteData;
	assert.equal(data.url, repoUrl);
	assert.equal(data.originalUrl, repoUrl);
	assert.equal(data.urlSource, 'go-import');
	assert.equal(data.kind, 'https');
	assert.equal(data.differentHost, false);
	assert.equal(data.embeddedCredential, false);
	// Go's order: git init --bare, git remote add origin -- URL, then ls-remote --get-url origin.
	assert.deepEqual(system.calls.filter(call => !call.startsWith('git config')), [
		'git init --bare -q',
		`git remote add origin -- ${repoUrl}`,
		'git ls-remote --get-url origin',
	]);
	assert.deepEqual(system.calls.filter(call => call.startsWith('git config')), ['git config -z --show-scope --show-origin --list']);
	assert.equal(outcome.evidence?.['insteadOfRules'], undefined, 'other records are not rules');
});

test('an SSH rule: git-route names the rule, its scope and file:line read from the file (docs/git.md §1.2 scp composition)', async () => {
	const file = `[user]\n\tname = U\n[url "git@${host}:"]\n\tinsteadOf = https://${host}/\n`;
	const system = gitSystem(
		{listing: records(['global', gitconfig, `url.git@${host}:.insteadof`, `https://${host}/`]), getUrl: {code: 0, stdout: `git@${host}:group/sub/project.git\n`}},
		{[gitconfig]: file},
	);
	const {outcome} = await runCheck(gitRouteCheck, system, upstream());
	assert.equal(outcome.status, 'pass', all(outcome));
	const data = outcome.data as GitRouteData;
	assert.equal(data.kind, 'scp');
	assert.equal(data.host, host);
	assert.equal(data.user, 'git');
	assert.deepEqual(data.rule, {base: `git@${host}:`, insteadOf: `https://${host}/`, scope: 'global', origin: `file:${gitconfig}`, file: gitconfig, line: 4});
	assert.match(outcome.summary, /from \/home\/u\/\.gitconfig:4 \(global config\)/);
});

test("git's own answer wins when the listed rules predict something else, and the disagreement is noted", async () => {
	const system = gitSystem({
		listing: records(['global', gitconfig, `url.https://mirror.example.com/.insteadof`, `https://${host}/`]),
		getUrl: {code: 0, stdout: `${repoUrl}\n`},
	});
	const {outcome} = await runCheck(gitRouteCheck, system, upstream());
	const data = outcome.data as GitRouteData;
	assert.equal(data.url, repoUrl);
	assert.equal(data.rule, undefined);
	assert.match(all(outcome), /predict https:\/\/mirror\.example\.com\/group\/sub\/project\.git, but git answers/);
});

test('a rule that changes the project path fails, with the exact --global --unset command', async () => {
	const system = gitSystem({
		listing: records(['global', gitconfig, `url.https://${host}/other/.insteadof`, `https://${host}/group/`]),
		getUrl: {code: 0, stdout: `https://${host}/other/sub/project.git\n`},
	});
	const {outcome} = await runCheck(gitRouteCheck, system, upstream());
	assert.equal(outcome.status, 'fail');
	assert.match(outcome.summary, /asks for \/other\/sub\/project\.git instead of \/group\/sub\/project\.git/);
	assert.deepEqual(outcome.fixes?.[0]?.commands, [`git config --global --unset "url.https://${host}/other/.insteadOf"`]);
	assert.equal(outcome.fixes?.[0]?.safe, true, 'the README lists git config --global insteadOf changes as safe fixes: this one is offered');
	assert.deepEqual(outcome.fixes?.[0]?.actions, [{kind: 'git-config', key: `url.https://${host}/other/.insteadOf`, value: undefined}]);
});

test('ssh:// base with a trailing slash against an insteadOf without one gives "//group": fail with the corrected rule (docs/git.md §1.2)', async () => {
	const system = gitSystem({
		listing: records(['global', gitconfig, `url.ssh://git@${host}:2222/.insteadof`, `https://${host}`]),
		getUrl: {code: 0, stdout: `ssh://git@${host}:2222//group/sub/project.git\n`},
	});
	const {outcome} = await runCheck(gitRouteCheck, system, upstream());
	assert.equal(outcome.status, 'fail', all(outcome));
	const commands = outcome.fixes?.flatMap(fix => fix.commands) ?? [];
	assert.ok(commands.includes(`git config --global url."ssh://git@${host}:2222/".insteadOf "https://${host}/"`), commands.join('\n'));
});

test('git@host/ without a colon is a local path: fail, and the fix is the scp rule with a colon (docs/git.md §1.2)', async () => {
	const system = gitSystem({
		listing: records(['global', gitconfig, `url.git@${host}/.insteadof`, `https://${host}/`]),
		getUrl: {code: 0, stdout: `git@${host}/group/sub/project.git\n`},
	});
	const {outcome} = await runCheck(gitRouteCheck, system, upstream());
	assert.equal(outcome.status, 'fail');
	assert.equal((outcome.data as GitRouteData).kind, 'local');
	assert.match(all(outcome), /does not appear to be a git repository/);
	const commands = outcome.fixes?.flatMap(fix => fix.commands) ?? [];
	assert.deepEqual(commands, [`git config --global --unset "url.git@${host}/.insteadOf"`, `git config --global url."git@${host}:".insteadOf "https://${host}/"`]);
});

test('a bare insteadOf key stops git (docs/git.md §6.15 stderr): fail with the unset command and the line git names', async () => {
	const stderr = "error: missing value for 'url.ssh://x/.insteadof'\nfatal: bad config variable 'url.ssh://x/.insteadof' in file '/home/u/.gitconfig' at line 4\n";
	const system = gitSystem({listing: records(['global', gitconfig, 'url.ssh://x/.insteadof']), remoteAdd: {code: 128, stderr}});
	const {outcome} = await runCheck(gitRouteCheck, system, upstream());
	assert.equal(outcome.status, 'fail');
	assert.match(outcome.summary, /configuration error/);
	assert.deepEqual(outcome.fixes?.[0]?.commands, ['git config --global --unset "url.ssh://x/.insteadOf"']);
	assert.match(String(outcome.evidence?.['brokenRule']), /\.gitconfig:4/);
	assert.ok(!system.calls.includes('git ls-remote --get-url origin'), 'git remote add already failed');
});

test('a rule in the system config is removed with sudo git config --system; one in an included file with --file', async () => {
	const system = gitSystem({
		listing: records(['system', '/etc/gitconfig', `url.https://${host}/x/.insteadof`, `https://${host}/group/`]),
		getUrl: {code: 0, stdout: `https://${host}/x/sub/project.git\n`},
	});
	const {outcome} = await runCheck(gitRouteCheck, system, upstream());
	assert.deepEqual(outcome.fixes?.[0]?.commands, [`sudo git config --system --unset "url.https://${host}/x/.insteadOf"`]);
	assert.equal(outcome.fixes?.[0]?.safe, false);

	const included = gitSystem({
		listing: records(['global', '/home/u/work.inc', `url.https://${host}/x/.insteadof`, `https://${host}/group/`]),
		getUrl: {code: 0, stdout: `https://${host}/x/sub/project.git\n`},
	});
	const second = await runCheck(gitRouteCheck, included, upstream());
	assert.deepEqual(second.outcome.fixes?.[0]?.commands, [`git config --file /home/u/work.inc --unset "url.https://${host}/x/.insteadOf"`]);
	assert.equal(second.outcome.fixes?.[0]?.safe, false, 'a rule in another file is for a person: the tool edits only the global file');
});

test('credentials embedded in the rewritten URL: warn, the secret is registered and never printed', async () => {
	const token = 'glpat-EmbeddedSecret12345';
	const base = `https://oauth2:${token}@${host}/`;
	const system = gitSystem({listing: records(['global', gitconfig, `url.${base}.insteadof`, `https://${host}/`]), getUrl: {code: 0, stdout: `${base}group/sub/project.git\n`}});
	const {outcome, redactor} = await runCheck(gitRouteCheck, system, upstream());
	assert.equal(outcome.status, 'warn');
	assert.equal((outcome.data as GitRouteData).embeddedCredential, true);
	assert.match(all(outcome), /plain text on disk/);
	assert.match(all(outcome), /dropped when GitLab redirects git to another host/);
	const printed = redactor.redact(JSON.stringify({...outcome, data: undefined}));
	assert.ok(!printed.includes(token));
	assert.ok(!printed.includes('EmbeddedSecret'));
	assert.ok(outcome.fixes?.every(fix => fix.commands.every(command => !command.includes(token))), 'no fix command carries the token');
});

test('a Geo secondary rule: git goes to another host, data.differentHost is set and said', async () => {
	const system = gitSystem({
		listing: records(['global', gitconfig, 'url.https://geo.example.com/.insteadof', `https://${host}/`]),
		getUrl: {code: 0, stdout: 'https://geo.example.com/group/sub/project.git\n'},
	});
	const {outcome} = await runCheck(gitRouteCheck, system, upstream());
	assert.equal(outcome.status, 'pass');
	const data = outcome.data as GitRouteData;
	assert.equal(data.differentHost, true);
	assert.equal(data.host, 'geo.example.com');
	assert.match(all(outcome), /git goes to geo\.example\.com, not to the module's host/);
});

test('git is not installed: fail "git is not installed" with an install command', async () => {
	const system = fakeSystem({env: {HOME: home}, commands: {}});
	const {outcome} = await runCheck(gitRouteCheck, system, upstream());
	assert.equal(outcome.status, 'fail');
	assert.match(outcome.summary, /git is not installed/);
	assert.deepEqual(outcome.fixes?.[0]?.commands, ['sudo apt-get install git']);
});

test('a VCS-qualified path: git gets https://<repo> without .git appended (docs/go.md §5.2)', async () => {
	const qualified: ModulePathData = {host, candidates: [`${host}/group/sub/project.git/pkg`], subgroup: true, qualifier: {root: `${host}/group/sub/project.git`, repo: `${host}/group/sub/project`, vcs: 'git'}};
	const system = gitSystem({getUrl: {code: 0, stdout: `https://${host}/group/sub/project\n`}});
	const {outcome} = await runCheck(gitRouteCheck, system, upstreamOf({'module-path': qualified}));
	const data = outcome.data as GitRouteData;
	assert.equal(data.originalUrl, `https://${host}/group/sub/project`);
	assert.equal(data.urlSource, 'qualifier');
	assert.ok(system.calls.includes(`git remote add origin -- https://${host}/group/sub/project`));
	assert.match(all(outcome), /tries https:\/\/gitlab\.example\.com\/group\/sub\/project first/);
});

test("go-import failed: GitLab's usual URL from the longest candidate, said to be a guess", async () => {
	const system = gitSystem({});
	const twoSegments = {match: {...goImport.match, prefix: `${host}/group/sub`, repoRoot: `https://${host}/group/sub.git`}, credentialsSent: false, anonymous: 'two-segment-fallback'};
	const {outcome} = await runCheck(gitRouteCheck, system, upstreamOf({'module-path': modulePath, 'go-import': twoSegments}, {'go-import': 'fail'}));
	const data = outcome.data as GitRouteData;
	assert.equal(data.originalUrl, repoUrl);
	assert.equal(data.urlSource, 'gitlab-default');
	assert.match(all(outcome), /GitLab's usual URL for the project .*not necessarily what Go got/);
	assert.match(all(outcome), /its tag names https:\/\/gitlab\.example\.com\/group\/sub\.git, which is what Go would hand git/);
});

test('go-import naming vcs mod: git is not used, skip', async () => {
	const system = gitSystem({});
	const mod = {match: {...goImport.match, vcs: 'mod', repoRoot: `https://${host}/api/v4/projects/1/packages/go`}, credentialsSent: true};
	const {outcome} = await runCheck(gitRouteCheck, system, upstreamOf({'module-path': modulePath, 'go-import': mod}));
	assert.equal(outcome.status, 'skip');
	assert.deepEqual(system.calls, []);
});

test('conditional includes: when git outside a repository would use another URL (newest Go\'s first ls-remote), warn (docs/git.md §6.12, §6.13)', async () => {
	const system = gitSystem({
		listing: records(
			['global', gitconfig, 'includeif.hasconfig:remote.*.url:https://gitlab.example.com/**.path', '/home/u/ssh.inc'],
			['global', '/home/u/ssh.inc', `url.git@${host}:.insteadof`, `https://${host}/`],
		),
		getUrl: {code: 0, stdout: `git@${host}:group/sub/project.git\n`},
		outside: repoUrl,
	});
	const {outcome} = await runCheck(gitRouteCheck, system, upstream());
	assert.equal(outcome.status, 'warn', all(outcome));
	assert.match(all(outcome), /outside Go's cache repository git would use https:\/\/gitlab\.example\.com\/group\/sub\/project\.git/);
	assert.equal((outcome.data as GitRouteData).url, `git@${host}:group/sub/project.git`);
});

test('findRuleLine: quoted values, comments, several values and the old [url.base] form', () => {
	const text = [
		'[url "git@h:"]', // 1
		'\tinsteadOf = "https://h/" ; comment', // 2
		'\tinsteadof = https://h2/ # other', // 3
		'[url "x"] insteadOf = y', // 4
		'[core]', // 5
		'\tinsteadOf = https://h/', // 6
	].join('\n');
	assert.equal(findRuleLine(text, 'git@h:', 'https://h/'), 2);
	assert.equal(findRuleLine(text, 'git@h:', 'https://h2/'), 3);
	assert.equal(findRuleLine(text, 'x', 'y'), 4);
	assert.equal(findRuleLine(text, 'nope', 'https://h/'), undefined);
	// The deprecated [section.subsection] form allows only letters, digits, '-' and '.', and lower-cases the subsection.
	assert.equal(findRuleLine('[URL.Mirror]\n\tinsteadOf = a\n', 'mirror', 'a'), 2);
});
