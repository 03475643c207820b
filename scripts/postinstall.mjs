#!/usr/bin/env node
// Builds dist/ when a source checkout is installed, so that every way people install works from a fresh clone:
// - `npm install` / `npm ci` (development, and the pre-commit framework's first step) build with the esbuild
//   that is a dev dependency;
// - `npm install -g .` links the clone and installs no devDependencies: install them here first, the way npm
//   prepares a git dependency, then build;
// - an installed copy (from `npm pack`'s tarball) ships dist/ and has no source/: nothing to do.
// It runs on `postinstall`, not `prepare`: npm prints a lifecycle script's banner on stdout, and the pre-commit
// framework reads the tarball name from `npm pack`'s stdout, so nothing may run when the package is packed.
import {spawnSync} from 'node:child_process';
import {existsSync} from 'node:fs';
import {createRequire} from 'node:module';
import {fileURLToPath} from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
process.chdir(root);

if (!existsSync('source/cli.tsx')) process.exit(0);

function esbuildInstalled() {
	try {
		createRequire(`${root}/package.json`).resolve('esbuild');
		return true;
	} catch {
		return false;
	}
}

function run(command, args, env = process.env) {
	const result = spawnSync(command, args, {stdio: ['ignore', 'inherit', 'inherit'], env});
	if (result.status !== 0) {
		process.stderr.write(`gitlab-go-check: ${[command, ...args].join(' ')} failed while building dist/\n`);
		process.exit(result.status ?? 1);
	}
}

if (!esbuildInstalled()) {
	process.stderr.write('gitlab-go-check: installing the dev dependencies that build dist/\n');
	// Inherited npm_config_global would make this a global install; it is a local one in the checkout.
	const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_config_(global|location|prefix)$/i.test(key)));
	const npm = process.env['npm_execpath'];
	const [command, prefix] = npm ? [process.execPath, [npm]] : ['npm', []];
	run(command, [...prefix, 'install', '--include=dev', '--ignore-scripts', '--no-save', '--no-audit', '--no-fund', '--location=project'], env);
}
run(process.execPath, ['scripts/build.mjs']);
