// Runs a bundle of the CLI (dist/main.js) as a script with V8's code cache, written beside it by the build after a
// training run (scripts/code-cache.ts). Node 20 caches the compiled code of its own modules but not of ours, and
// compiling the CLI was most of what an offline run cost above bare node. The cache is used only with the very
// bundle it was made from (the build id both carry); V8 itself refuses one made by another V8 or with other flags, and
// the script then compiles as any other. Nothing here writes: only the build makes a cache.
import {readFileSync} from 'node:fs';
import {dirname} from 'node:path';
import {Script} from 'node:vm';

/** The build appends `// build ID` to the bundle and starts its cache with `ID\n`. */
const buildIdPattern = /\n\/\/ build ([0-9a-f]{16})\n$/;

export const cacheFileOf = (bundle: string) => `${bundle}.cache`;

export function buildIdOf(source: string): string | undefined {
	return buildIdPattern.exec(source.slice(-40))?.[1];
}

function readCache(bundle: string, buildId: string | undefined): Buffer | undefined {
	if (buildId === undefined) return undefined;
	let data: Buffer;
	try {
		data = readFileSync(cacheFileOf(bundle));
	} catch {
		return undefined;
	}
	const header = `${buildId}\n`;
	return data.subarray(0, header.length).toString('latin1') === header ? data.subarray(header.length) : undefined;
}

/** Loads and runs `bundle` (ASCII only, one function expression: scripts/build.mjs); `require` is the one its
 * CommonJS code gets (Node's own modules only: all else is bundled). */
export function runCachedScript(bundle: string, require: NodeJS.Require, options: {useCache?: boolean} = {}): {exports: unknown; script: Script; cacheUsed: boolean} {
	const source = readFileSync(bundle, 'latin1');
	const cachedData = options.useCache === false ? undefined : readCache(bundle, buildIdOf(source));
	const script = new Script(source, {filename: bundle, ...(cachedData ? {cachedData} : {})});
	const module = {exports: {}};
	// The bundle's value: the CommonJS module in the wrapper Node would give it, strict as the ES modules it came from.
	(script.runInThisContext() as (...args: unknown[]) => void)(module.exports, require, module, bundle, dirname(bundle));
	return {exports: module.exports, script, cacheUsed: cachedData !== undefined && script.cachedDataRejected !== true};
}
