// `npm run demo -- SETUP`: the fake GitLab of the tests with a chosen set-up, and a shell in an environment built from
// nothing (only PATH comes from the machine), so a newcomer sees the tool judge exactly that set-up. See usage().
import {spawn} from 'node:child_process';
import {chmodSync, existsSync, mkdirSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {getTestPki, makeIsolatedEnv, startConnectProxy, startFakeGitlab, type FakeGitlab} from '../test/fake-gitlab/index.js';
import {GEO_HOST, gitlabBase, MODULE, setups, usage} from './demo/setups.js';

const args = process.argv.slice(2);
if (args.length === 0 || args[0] === '--help' || args[0] === '-h') {
	console.log(usage());
	process.exit(args.length === 0 ? 2 : 0);
}
const setup = setups.find(candidate => candidate.name === args[0]);
if (!setup) {
	console.error(`unknown set-up "${args[0]}"\n\n${usage()}`);
	process.exit(2);
}
const mode = args[1] === '--print' ? 'print' : args[1] === '--run' ? 'run' : args[1] === undefined ? 'shell' : 'bad';
if (mode === 'bad' || (mode === 'run' && args.length < 3)) {
	console.error(usage());
	process.exit(2);
}

const repo = fileURLToPath(new URL('..', import.meta.url));
const cli = join(repo, 'dist', 'cli.js');
if (!existsSync(cli)) {
	console.error('dist/cli.js is missing: run `npm run build` (npm install does it) first');
	process.exit(2);
}

const pki = await getTestPki();
const gitlab = await startFakeGitlab({pki, ...gitlabBase, ...setup.gitlab});
let secondary: FakeGitlab | undefined;
if (setup.secondary) secondary = await startFakeGitlab({pki, role: 'secondary', primary: gitlab, host: GEO_HOST});
const proxy = await startConnectProxy({routes: {...gitlab.routes, ...(secondary?.routes ?? {})}});
const isolated = makeIsolatedEnv({pki, proxy, ...setup.env});
if (setup.netrcMode !== undefined && isolated.netrcFile) chmodSync(isolated.netrcFile, setup.netrcMode);

// A Go repository to check without MODULE (repository mode), where the shell starts.
const workDir = setup.repository === undefined ? isolated.home : join(isolated.home, 'app');
if (setup.repository !== undefined) {
	mkdirSync(workDir);
	writeFileSync(join(workDir, 'go.mod'), setup.repository);
}

// `gitlab-go-check` on PATH, running this checkout's build with this node.
const bin = join(isolated.dir, 'bin');
mkdirSync(bin);
writeFileSync(join(bin, 'gitlab-go-check'), `#!/bin/sh\nexec ${shellQuote(process.execPath)} ${shellQuote(cli)} "$@"\n`, {mode: 0o755});
const rc = join(isolated.dir, 'demo-rc');
writeFileSync(
	rc,
	[
		`PS1='(demo ${setup.name}) \\w \\$ '`,
		`cd ${shellQuote(workDir)}`,
		`echo 'Fake GitLab for gitlab.test is up (${setup.name}). Try:'`,
		setup.repository === undefined ? `echo '  gitlab-go-check ${MODULE}'` : `echo '  gitlab-go-check        (the repository in ~/app: an overview, Enter opens a module)'`,
		`echo '  go mod download -json ${MODULE}@latest'`,
		`echo 'exit (or Ctrl-D) stops it.'`,
		'',
	].join('\n'),
);
// PATH without what `npm run` put in front of it (node_modules/.bin of this and every parent directory, npm's own).
const path = (isolated.env.PATH ?? '').split(':').filter(dir => dir !== '' && !/node_modules[\\/](?:\.bin|@npmcli)/.test(dir));
const env: Record<string, string> = {...isolated.env, PATH: [bin, ...path].join(':'), TERM: process.env.TERM ?? 'xterm-256color'};

let stopping = false;
async function stop(status: number): Promise<never> {
	if (!stopping) {
		stopping = true;
		isolated.cleanup();
		await proxy.close();
		await secondary?.close();
		await gitlab.close();
	}
	process.exit(status);
}
process.on('SIGINT', () => void stop(130));
process.on('SIGTERM', () => void stop(143));

if (mode === 'print') {
	const line = ['env', '-i', ...Object.entries(env).map(([key, value]) => `${key}=${shellQuote(value)}`), 'bash', '--noprofile', '--rcfile', shellQuote(rc), '-i'].join(' ');
	console.log(line);
	console.error(`Fake GitLab for gitlab.test is up (${setup.name}). Paste the line above into another terminal; Ctrl-C here stops it.`);
} else {
	const [command, ...rest] = mode === 'run' ? args.slice(2) : ['bash', '--noprofile', '--rcfile', rc, '-i'];
	// The child gets exactly `env`: nothing of this process's environment (GIT_*, SSL_*, NETRC, GO*, proxies, XDG_*) leaks in.
	const child = spawn(command!, rest, {env, stdio: 'inherit', cwd: workDir});
	child.on('error', error => {
		console.error(`could not start ${command}: ${error.message}`);
		void stop(2);
	});
	child.on('exit', (code, signal) => void stop(code ?? (signal ? 128 + 1 : 1)));
	// The shell owns Ctrl-C while it runs.
	if (mode === 'shell') process.removeAllListeners('SIGINT').on('SIGINT', () => {});
}

function shellQuote(value: string): string {
	return `'${value.replace(/'/g, `'\\''`)}'`;
}
