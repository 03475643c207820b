#!/usr/bin/env node
// The installed command. It exists in a fresh clone before dist/ is built, so that `npm install -g .` links it
// (npm links bins before the postinstall build runs, and skips a bin whose file is missing).
// No static import: `--version` stays as quick as dist/cli.js alone (each imported module costs start-up time).
const cli = new URL('../dist/cli.js', import.meta.url);
try {
	await import(cli.href);
} catch (error) {
	// Only dist/cli.js itself missing means "not built"; any other failure is the CLI's own and says so.
	if (error?.code !== 'ERR_MODULE_NOT_FOUND' || error.url !== cli.href) throw error;
	process.stderr.write('gitlab-go-check: dist/ is not built; run `npm install` in the checkout (it builds dist/)\n');
	process.exitCode = 2;
}
