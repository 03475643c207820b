#!/usr/bin/env node
// The command's entry (dist/cli.js): it imports nothing up front, so `--version` answers after Node has read
// one small file (every static import, even node:module, costs start-up time); anything else loads the CLI.
// The build writes the name and version in (scripts/build.mjs); they come from package.json like version.ts's.
declare const __TOOL_NAME__: string | undefined;
declare const __TOOL_VERSION__: string | undefined;

const args = process.argv.slice(2);
if (args.length === 1 && args[0] === '--version' && typeof __TOOL_NAME__ === 'string' && typeof __TOOL_VERSION__ === 'string') {
	// A closed pipe (`| true`) ends quietly, as the full CLI's does.
	process.stdout.on('error', () => {});
	process.stdout.write(`${__TOOL_NAME__} ${__TOOL_VERSION__}\n`);
} else {
	await import('./cli.js');
}
