// Writes dist/main.js.cache, V8's code cache of the CLI (source/cached-script.ts), after a training run: the cache
// then holds the compiled code of every function the common offline runs call, not only the top level. Run by
// scripts/build.mjs in a process of its own (the cache records V8's flags; Node's defaults are what users run).
// The runs are offline, in a made-up HOME and repository: nothing of the builder's own set-up is read.
import {chmodSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync} from 'node:fs';
import {createRequire} from 'node:module';
import {tmpdir} from 'node:os';
import {join, resolve} from 'node:path';
import {buildIdOf, cacheFileContents, cacheFileOf, runCachedScript} from '../source/cached-script.js';
import type {CliHost, runCli as RunCli} from '../source/cli.js';

const bundle = resolve('dist/main.js');
const scratch = mkdtempSync(join(tmpdir(), 'ggc-code-cache-'));
try {
	const home = join(scratch, 'home');
	const repo = join(scratch, 'app');
	mkdirSync(join(home, '.config', 'go', 'telemetry'), {recursive: true});
	// go 1.23+ would otherwise leave a telemetry child writing under HOME while it is removed.
	writeFileSync(join(home, '.config', 'go', 'telemetry', 'mode'), 'off');
	writeFileSync(join(home, '.netrc'), 'machine gitlab.example.com login oauth2 password training-token\n');
	chmodSync(join(home, '.netrc'), 0o600);
	mkdirSync(repo);
	writeFileSync(
		join(repo, 'go.mod'),
		'module gitlab.example.com/me/app\n\ngo 1.21\n\nrequire (\n\tgithub.com/org/lib v1.2.0\n\tgitlab.example.com/group/sub/lib v0.1.0\n\tgitlab.other.example/team/tool v0.3.0 // indirect\n)\n',
	);
	for (const key of Object.keys(process.env)) delete process.env[key];
	Object.assign(process.env, {PATH: process.env['PATH'] ?? '/usr/bin:/bin', HOME: home, XDG_CONFIG_HOME: join(home, '.config'), GOPRIVATE: 'gitlab.example.com', GOTOOLCHAIN: 'local'});

	const {exports, script} = runCachedScript(bundle, createRequire(bundle), {useCache: false});
	const {runCli} = exports as {runCli: typeof RunCli};
	const host: CliHost = {loadInteractive: () => Promise.reject(new Error('the training runs are not interactive'))};
	const module = 'gitlab.example.com/group/sub/project';
	process.chdir(repo);
	for (const argv of [[module, '--offline', '--json'], [module, '--offline'], ['--offline', '--json'], ['--offline', '--quiet']]) await runCli(argv, host);

	const buildId = buildIdOf(readFileSync(bundle, 'utf8'));
	if (buildId === undefined) throw new Error(`${bundle} has no build id`);
	const cacheFile = cacheFileOf(bundle);
	writeFileSync(`${cacheFile}.tmp`, cacheFileContents(buildId, script.createCachedData()));
	renameSync(`${cacheFile}.tmp`, cacheFile);
	// The training runs leave their own exit status (a check may fail); the training itself succeeded.
	process.exitCode = 0;
} finally {
	process.chdir(tmpdir());
	rmSync(scratch, {recursive: true, force: true, maxRetries: 5, retryDelay: 100});
}
