// The tool as a git hook, with real clients: the pre-commit framework (Debian's pre-commit, `try-repo` against a
// clone of this checkout, system Node), lefthook (which runs hooks under a pseudo-terminal: the run must finish, no
// TUI), and a plain .git/hooks/pre-commit. Offline: npm installs from its cache, the hook runs --offline.
import {after, before, describe, test} from 'node:test';
import assert from 'node:assert/strict';
import {execFileSync} from 'node:child_process';
import {chmodSync, existsSync, mkdirSync, readdirSync, writeFileSync} from 'node:fs';
import {homedir} from 'node:os';
import {delimiter, dirname, join} from 'node:path';
import {runCommand} from '../fake-gitlab/proc.js';
import {cliPath, emptyHome} from '../helpers/run-cli.js';
import {checkoutRoot, cloneCheckout, gitIdentity} from '../helpers/tool-clone.js';

const goMod = 'module gitlab.example.com/me/app\n\ngo 1.21\n\nrequire gitlab.example.com/group/lib v1.2.0\n';
const npmCache = process.env['npm_config_cache'] ?? join(homedir(), '.npm');

function which(command: string): string | undefined {
	for (const dir of (process.env['PATH'] ?? '').split(delimiter)) if (dir && existsSync(join(dir, command))) return join(dir, command);
	return undefined;
}

/** A scratch Go repository with a go.mod; `fails`: Go has credentials for the host (private) but GOPRIVATE is unset. */
function scratchRepo(home: string) {
	const repo = join(home, 'app');
	mkdirSync(repo);
	writeFileSync(join(repo, 'go.mod'), goMod);
	writeFileSync(join(home, '.netrc'), 'machine gitlab.example.com login me password glpat-hookhookhookhook\n');
	chmodSync(join(home, '.netrc'), 0o600);
	execFileSync('git', ['init', '-q'], {cwd: repo});
	return repo;
}

/** `git commit` on a pseudo-terminal (util-linux script), as a person at a terminal commits. */
function commitUnderPty(repo: string, env: Record<string, string>) {
	execFileSync('git', ['add', '-A'], {cwd: repo, env});
	return runCommand('script', ['-qefc', 'git commit -qm test', '/dev/null'], {cwd: repo, env: {...env, TERM: 'xterm-256color'}, timeoutMs: 60_000});
}

/** CI (`bash .ci/run`) installs the hook clients: there a missing one is a failure, elsewhere a skip. */
const inCi = Boolean(process.env['CI']) && process.env['CI'] !== 'false' && process.env['CI'] !== '0';

describe('pre-commit framework', {skip: which('pre-commit') || inCi ? false : 'pre-commit is not installed (apt-get install pre-commit)', timeout: 300_000}, () => {
	let clone: ReturnType<typeof cloneCheckout>;
	before(() => {
		clone = cloneCheckout();
	});
	after(() => clone?.cleanup());

	test('try-repo installs the hook from a clean clone with system node (npm offline) and runs it on go.mod changes', async () => {
		const {env, home, cleanup} = emptyHome({GOPROXY: 'https://proxy.golang.org,direct', GOSUMDB: 'sum.golang.org'});
		try {
			const repo = scratchRepo(home);
			const hookEnv = {...env, ...gitIdentity, PRE_COMMIT_HOME: join(clone.dir, 'pre-commit-home'), npm_config_cache: npmCache, npm_config_offline: 'true', npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false'};
			execFileSync('git', ['add', '-A'], {cwd: repo});
			const failing = await runCommand('pre-commit', ['try-repo', clone.root, 'gitlab-go-check', '--all-files'], {cwd: repo, env: hookEnv, timeoutMs: 240_000});
			assert.equal(failing.exitCode, 1, failing.stdout + failing.stderr);
			assert.match(failing.stdout, /gitlab-go-check[^\n]*Failed/);
			assert.match(failing.stdout, /gitlab\.example\.com\/group\/lib v1\.2\.0\s+private/);
			assert.doesNotMatch(failing.stdout, /hookhookhook/);

			// The same hook from a config file, with language_version: system: the environment links the system node.
			const rev = execFileSync('git', ['rev-parse', 'HEAD'], {cwd: clone.root}).toString().trim();
			writeFileSync(join(repo, '.pre-commit-config.yaml'), `repos:\n- repo: ${clone.root}\n  rev: ${rev}\n  hooks:\n  - id: gitlab-go-check\n    language_version: system\n`);
			execFileSync('git', ['add', '-A'], {cwd: repo});
			const passing = await runCommand('pre-commit', ['run', '--all-files'], {cwd: repo, env: {...hookEnv, GOPRIVATE: 'gitlab.example.com'}, timeoutMs: 240_000});
			assert.equal(passing.exitCode, 0, passing.stdout + passing.stderr);
			assert.match(passing.stdout, /gitlab-go-check[^\n]*Passed/);
			const store = join(clone.dir, 'pre-commit-home');
			const envDirs = readdirSync(store).flatMap(dir => (dir.startsWith('repo') ? readdirSync(join(store, dir)) : []));
			assert.ok(envDirs.includes('node_env-system'), envDirs.join(' '));
		} finally {
			cleanup();
		}
	});
});

/** lefthook from node_modules, PATH, or npm's cache (installed offline, without its postinstall `lefthook install`). */
async function findLefthook(dir: string): Promise<string | undefined> {
	const local = join(checkoutRoot, 'node_modules', '.bin', 'lefthook');
	if (existsSync(local)) return local;
	const onPath = which('lefthook');
	if (onPath) return onPath;
	const installed = await runCommand('npm', ['install', '--prefix', dir, '--offline', '--ignore-scripts', '--no-save', '--no-audit', '--no-fund', 'lefthook@2.2.1'], {env: {PATH: process.env['PATH'] ?? '', HOME: homedir(), npm_config_cache: npmCache}, timeoutMs: 60_000});
	const binary = join(dir, 'node_modules', '.bin', 'lefthook');
	return installed.exitCode === 0 && existsSync(binary) ? binary : undefined;
}

describe('lefthook and a plain git hook', {timeout: 180_000}, () => {
	test('lefthook runs the hook under a pty: the run finishes with the plain report, a failure blocks the commit', async t => {
		const {env, home, cleanup} = emptyHome({GOPROXY: 'https://proxy.golang.org,direct', GOSUMDB: 'sum.golang.org'});
		try {
			const lefthook = await findLefthook(join(home, 'lefthook'));
			if (!lefthook) {
				assert.ok(!inCi, 'CI must provide lefthook (.ci/run puts npm\'s lefthook on PATH)');
				t.skip('lefthook is not installed and not in npm\'s cache (npm install -g lefthook@2.2.1)');
				return;
			}
			const repo = scratchRepo(home);
			writeFileSync(join(repo, 'lefthook.yml'), `pre-commit:\n  commands:\n    gitlab-go-check:\n      glob: "{go.mod,go.work}"\n      run: ${process.execPath} ${cliPath} --offline\n`);
			const hookEnv = {...env, ...gitIdentity, PATH: `${dirname(lefthook)}${delimiter}${env['PATH']}`};
			execFileSync(lefthook, ['install'], {cwd: repo, env: hookEnv});
			const failing = await commitUnderPty(repo, hookEnv);
			assert.equal(failing.timedOut, false, 'the commit hung: an interactive view is waiting inside the hook');
			assert.notEqual(failing.exitCode, 0, failing.stdout);
			assert.match(failing.stdout, /gitlab\.example\.com\/group\/lib v1\.2\.0/);
			const passing = await commitUnderPty(repo, {...hookEnv, GOPRIVATE: 'gitlab.example.com'});
			assert.equal(passing.timedOut, false);
			assert.equal(passing.exitCode, 0, passing.stdout);
		} finally {
			cleanup();
		}
	});

	test('a plain .git/hooks/pre-commit on a terminal: --quiet prints nothing when all is well, and the commit goes through', async () => {
		const {env, home, cleanup} = emptyHome({GOPRIVATE: 'gitlab.example.com'});
		try {
			const repo = scratchRepo(home);
			const hook = join(repo, '.git', 'hooks', 'pre-commit');
			writeFileSync(hook, `#!/bin/sh\nexec '${process.execPath}' '${cliPath}' --offline --quiet\n`);
			chmodSync(hook, 0o755);
			const hookEnv = {...env, ...gitIdentity};
			const passing = await commitUnderPty(repo, hookEnv);
			assert.equal(passing.timedOut, false, 'the commit hung');
			assert.equal(passing.exitCode, 0, passing.stdout);
			assert.equal(passing.stdout.replace(/\u001B\[[0-9;?]*[A-Za-z]|\r/g, '').trim(), '');
			writeFileSync(join(repo, 'go.mod'), `${goMod}\nrequire gitlab.other.example/x/y v1.0.0\n`);
			const failing = await commitUnderPty(repo, {...hookEnv, GOPRIVATE: ''});
			assert.equal(failing.exitCode, 1, failing.stdout);
		} finally {
			cleanup();
		}
	});
});
