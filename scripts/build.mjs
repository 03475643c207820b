#!/usr/bin/env node
// Builds dist/ from source/ with esbuild, then V8's code cache of the CLI (scripts/code-cache.ts).
// Bundling matters for start-up: loading Ink, React and got as hundreds of separate modules costs
// about a second on a small machine; as a few bundled files it costs a fraction of that.
// Types are checked separately (npm run typecheck); tsc never emits (tsconfig.json has noEmit).
//
// dist/package.json makes dist/*.js CommonJS (Node starts a CommonJS entry quicker than an ES module):
// - dist/cli.js, the command (source/entry.ts): no import at all for `--version`;
// - dist/main.js, the CLI proper (source/cli.tsx and everything it reaches but the TUI), one script that
//   dist/cli.js runs with its code cache, dist/main.js.cache (source/cached-script.ts);
// - dist/interactive.mjs and dist/chunks/*.mjs, the TUI: ES modules, because Ink's layout engine (yoga) awaits its
//   WebAssembly at the top level, which CommonJS cannot.
import {build} from 'esbuild';
import {spawnSync} from 'node:child_process';
import {createHash} from 'node:crypto';
import {mkdir, readFile, rm, writeFile} from 'node:fs/promises';
import {fileURLToPath} from 'node:url';

const {name, version} = JSON.parse(await readFile('package.json', 'utf8'));
// got imports http2-wrapper for HTTP/2, which the tool never asks for; loading it costs ~20 ms (its stand-in says why).
const noHttp2 = {name: 'no-http2', setup: build => build.onResolve({filter: /^http2-wrapper$/}, () => ({path: fileURLToPath(new URL('../source/system/http2-wrapper-unused.ts', import.meta.url))}))};
const common = {bundle: true, platform: 'node', target: 'node20', logLevel: 'warning', plugins: [noHttp2]};

await rm('dist', {recursive: true, force: true});
await mkdir('dist');
await writeFile('dist/package.json', `${JSON.stringify({type: 'commonjs'})}\n`);

await build({
	...common,
	entryPoints: {cli: 'source/entry.ts'},
	outdir: 'dist',
	format: 'cjs',
	define: {__TOOL_NAME__: JSON.stringify(name), __TOOL_VERSION__: JSON.stringify(version)},
	// The TUI is imported at run time, never bundled here.
	plugins: [...common.plugins, {name: 'tui-stays-apart', setup: build => build.onResolve({filter: /^\.\/interactive\.js$/}, () => ({path: './interactive.mjs', external: true}))}],
});

// The CLI: one CommonJS module in the function Node would wrap it in, so that the file is one script whose value is
// that function (source/cached-script.ts runs it); every dynamic import inlined (a script run by node:vm cannot
// import); ASCII only, so that it is read as Latin-1 into a one-byte string; minified (a smaller script and cache
// load faster: about 3 ms of an offline run; the tool never prints a stack trace, so no reader loses a name).
const main = await build({
	...common,
	entryPoints: {main: 'source/cli.tsx'},
	outdir: 'dist',
	format: 'cjs',
	supported: {'dynamic-import': false},
	charset: 'ascii',
	minifyWhitespace: true,
	minifyIdentifiers: true,
	minifySyntax: true,
	banner: {js: '(function (exports, require, module, __filename, __dirname) {"use strict";'},
	footer: {js: '})'},
	jsx: 'automatic',
	define: {__TOOL_MANIFEST__: JSON.stringify({name, version})},
	// version.ts reads package.json through import.meta only when run from source (the define above replaces it).
	logOverride: {'empty-import-meta': 'silent'},
	metafile: true,
	write: false,
});
for (const [file, output] of Object.entries(main.metafile.outputs)) {
	const imports = output.imports.filter(each => each.kind !== 'require-call');
	if (imports.length > 0) throw new Error(`${file} must be a plain script, but imports ${imports.map(each => `${each.path} (${each.kind})`).join(', ')}`);
}
const mainText = main.outputFiles.find(file => file.path.endsWith('main.js')).text;
// esbuild escapes what it can; a regular expression without the u flag keeps its characters (write \u2018 there).
const notAscii = /[^\x00-\x7f].{0,40}/.exec(mainText);
if (notAscii) throw new Error(`dist/main.js must be ASCII only: ${JSON.stringify(notAscii[0])}`);
// The code cache is used only with the bundle it was made from: both carry this id (source/cached-script.ts).
const buildId = createHash('sha256').update(mainText).digest('hex').slice(0, 16);
await writeFile('dist/main.js', `${mainText}\n// build ${buildId}\n`);

await build({
	...common,
	entryPoints: {interactive: 'source/interactive.tsx'},
	outdir: 'dist',
	splitting: true,
	format: 'esm',
	outExtension: {'.js': '.mjs'},
	jsx: 'automatic',
	chunkNames: 'chunks/[name]-[hash]',
	// Ink imports react-devtools-core only when DEV is set; it is not a dependency.
	external: ['react-devtools-core'],
	// Bundled CommonJS dependencies (React's) call require() for Node's own modules.
	banner: {js: "import {createRequire as __createRequire} from 'node:module'; const require = __createRequire(import.meta.url);"},
	define: {__TOOL_MANIFEST__: JSON.stringify({name, version})},
});

// The code cache: a training run of the built CLI (offline, in a made-up HOME). Without it the CLI only starts slower.
const training = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/code-cache.ts'], {stdio: ['ignore', 'ignore', 'inherit']});
if (training.status !== 0) process.stderr.write(`build: no code cache for dist/main.js (the training run exited ${training.status ?? training.signal}); the CLI works, only starts slower\n`);
