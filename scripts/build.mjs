#!/usr/bin/env node
// Builds dist/ from source/ with esbuild: one ESM bundle per entry, shared code split into chunks.
// Bundling matters for start-up: loading Ink, React and got as hundreds of separate modules costs
// about a second on a small machine; as a few bundled files it costs a fraction of that.
// Types are checked separately (npm run typecheck); tsc never emits (tsconfig.json has noEmit).
import {build} from 'esbuild';
import {readFile, rm} from 'node:fs/promises';

const {name, version} = JSON.parse(await readFile('package.json', 'utf8'));

await rm('dist', {recursive: true, force: true});
// dist/cli.js, the command, is a bundle of its own with no import at all (no shared chunk, no banner), so that
// `--version` costs little more than bare node; for anything else it imports dist/main.js, the CLI proper.
await build({
	entryPoints: {cli: 'source/entry.ts'},
	outdir: 'dist',
	bundle: true,
	format: 'esm',
	platform: 'node',
	target: 'node20',
	define: {__TOOL_NAME__: JSON.stringify(name), __TOOL_VERSION__: JSON.stringify(version)},
	plugins: [{name: 'main-stays-apart', setup: build => build.onResolve({filter: /^\.\/cli\.js$/}, () => ({path: './main.js', external: true}))}],
	logLevel: 'warning',
});
await build({
	entryPoints: {main: 'source/cli.tsx', interactive: 'source/interactive.tsx'},
	outdir: 'dist',
	bundle: true,
	splitting: true,
	format: 'esm',
	platform: 'node',
	target: 'node20',
	jsx: 'automatic',
	chunkNames: 'chunks/[name]-[hash]',
	// Ink imports react-devtools-core only when DEV is set; it is not a dependency.
	external: ['react-devtools-core'],
	// Bundled CommonJS dependencies (got's, React's) call require() for Node's own modules.
	banner: {js: "import {createRequire as __createRequire} from 'node:module'; const require = __createRequire(import.meta.url);"},
	define: {__TOOL_MANIFEST__: JSON.stringify({name, version})},
	logLevel: 'warning',
});
