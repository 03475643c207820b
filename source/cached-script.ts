// Runs a bundle of the CLI (dist/main.js) as a script with V8's code cache, written beside it by the build after a
// training run (scripts/code-cache.ts). Node 20 caches the compiled code of its own modules but not of ours, and
// compiling the CLI was most of what an offline run cost above bare node. Nothing here writes: only the build makes
// a cache. A cache is used only when it is exactly what the build wrote, for this bundle and this Node: V8 itself
// checks only its own version, its flags and the source's length, and runs a damaged cache (a crash, or wrong code),
// so the header names the bundle's build id and the Node that made it, and carries a CRC-32 of the rest (as Node's own
// compile cache does). Anything else, and the script compiles as any other.
import {readFileSync} from 'node:fs';
import {dirname} from 'node:path';
import {Script} from 'node:vm';
import * as zlib from 'node:zlib';

/** The build appends `// build ID` to the bundle. */
const buildIdPattern = /\n\/\/ build ([0-9a-f]{16})\n$/;

export const cacheFileOf = (bundle: string) => `${bundle}.cache`;

export function buildIdOf(source: string): string | undefined {
	return buildIdPattern.exec(source.slice(-40))?.[1];
}

/** The Node a cache is for: the same release, architecture and V8 (Node patches V8 without changing its version). */
const runtimeTag = () => `node ${process.version} ${process.platform}-${process.arch} v8 ${process.versions.v8}`;

/** zlib.crc32 came with Node 20.15; an older Node runs without the cache. */
const crc32 = (zlib as {crc32?: (data: Uint8Array) => number}).crc32;

/** The cache file: three header lines (build id, runtime tag, CRC-32 of the data in hex), then V8's data. */
export function cacheFileContents(buildId: string, data: Buffer): Buffer {
	if (!crc32) throw new Error('this Node has no zlib.crc32 (Node 20.15 or later makes a code cache)');
	return Buffer.concat([Buffer.from(`${buildId}\n${runtimeTag()}\n${crc32(data).toString(16)}\n`, 'latin1'), data]);
}

function readCache(bundle: string, buildId: string | undefined): Buffer | undefined {
	if (buildId === undefined || !crc32) return undefined;
	let file: Buffer;
	try {
		file = readFileSync(cacheFileOf(bundle));
	} catch {
		return undefined;
	}
	const [id, runtime, checksum] = file.subarray(0, 200).toString('latin1').split('\n', 3);
	if (id !== buildId || runtime !== runtimeTag() || checksum === undefined) return undefined;
	const data = file.subarray(id.length + runtime.length + checksum.length + 3);
	return crc32(data).toString(16) === checksum ? data : undefined;
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
