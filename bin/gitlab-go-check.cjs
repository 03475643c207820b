#!/usr/bin/env node
// The installed command. It exists in a fresh clone before dist/ is built, so that `npm install -g .` links it
// (npm links bins before the postinstall build runs, and skips a bin whose file is missing).
// CommonJS, as dist/cli.js is: Node starts a CommonJS script quicker than an ES module, and `--version` stays as quick
// as dist/cli.js alone.
const {existsSync} = require('node:fs');
const {join} = require('node:path');

const cli = join(__dirname, '..', 'dist', 'cli.js');
if (existsSync(cli)) require(cli);
else {
	process.stderr.write('gitlab-go-check: dist/ is not built; run `npm install` in the checkout (it builds dist/)\n');
	process.exitCode = 2;
}
