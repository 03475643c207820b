#!/usr/bin/env node
// The installed command. It exists in a fresh clone before dist/ is built, so that `npm install -g .` links it
// (npm links bins before the postinstall build runs, and skips a bin whose file is missing).
import {existsSync} from 'node:fs';

const cli = new URL('../dist/cli.js', import.meta.url);
if (existsSync(cli)) await import(cli.href);
else {
	process.stderr.write('gitlab-go-check: dist/ is not built; run `npm install` in the checkout (it builds dist/)\n');
	process.exitCode = 2;
}
