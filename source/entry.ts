#!/usr/bin/env node
// The command's entry (dist/cli.js, a CommonJS script: Node starts one quicker than an ES module). `--version`
// answers after Node has read this one small file; anything else starts the commands every run asks
// (command-line.ts), runs the CLI (cli.tsx, bundled as dist/main.js) from V8's code cache (cached-script.ts), and
// gives it the TUI's loader: the TUI stays an ES module (dist/interactive.mjs), which only this file can import.
// The build writes the name and version in (scripts/build.mjs); they come from package.json like version.ts's.
declare const __TOOL_NAME__: string | undefined;
declare const __TOOL_VERSION__: string | undefined;

const args = process.argv.slice(2);
if (args.length === 1 && args[0] === '--version' && typeof __TOOL_NAME__ === 'string' && typeof __TOOL_VERSION__ === 'string') {
	// A closed pipe (`| true`) ends quietly, as the full CLI's does.
	process.stdout.on('error', () => {});
	process.stdout.write(`${__TOOL_NAME__} ${__TOOL_VERSION__}\n`);
} else {
	// Bundled into this file, and initialised only here: --version never loads child_process or node:vm.
	void Promise.all([import('./command-line.js'), import('./cached-script.js')]).then(([{startCommandsFor}, {runCachedScript}]) => {
		// go env, curl --version (and git --version) run while the CLI loads; the CLI takes their answers.
		startCommandsFor(args);
		const {runCli} = runCachedScript(`${__dirname}/main.js`, require).exports as typeof import('./cli.js');
		return runCli(args, {loadInteractive: () => import('./interactive.js'), endsProcess: true});
	});
}
