// The CLI runs from V8's code cache (source/cached-script.ts, made by scripts/code-cache.ts in the build): the cache
// of this build is taken, and a cache is never used with a bundle, a Node or bytes it was not made from (V8 would
// run a damaged cache: a crash, or wrong code).
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {createRequire} from 'node:module';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {buildIdOf, cacheFileOf, runCachedScript} from '../../source/cached-script.js';

const bundle = fileURLToPath(new URL('../../dist/main.js', import.meta.url));

test('dist/main.js runs from the code cache the build made for it, and exports the CLI', () => {
	const {exports, cacheUsed} = runCachedScript(bundle, createRequire(bundle));
	assert.equal(cacheUsed, true, 'the build wrote dist/main.js.cache and V8 took it');
	assert.equal(typeof (exports as {runCli?: unknown}).runCli, 'function');
});

test('a cache made for another build is not used: the script compiles and runs all the same', () => {
	const dir = mkdtempSync(join(tmpdir(), 'ggc-cached-script-'));
	try {
		const source = readFileSync(bundle, 'utf8');
		const id = buildIdOf(source)!;
		assert.match(id, /^[0-9a-f]{16}$/);
		// The same length (V8 itself compares only that), another build id.
		const other = id.replace(/^./, first => (first === '0' ? '1' : '0'));
		const copy = join(dir, 'main.js');
		writeFileSync(copy, source.replace(`// build ${id}\n`, `// build ${other}\n`));
		copyFileSync(cacheFileOf(bundle), cacheFileOf(copy));
		const run = runCachedScript(copy, createRequire(copy));
		assert.equal(run.cacheUsed, false);
		assert.equal(typeof (run.exports as {runCli?: unknown}).runCli, 'function');
		// No cache file at all: the same.
		rmSync(cacheFileOf(copy));
		assert.equal(runCachedScript(copy, createRequire(copy)).cacheUsed, false);
	} finally {
		rmSync(dir, {recursive: true, force: true});
	}
});

test('a damaged cache, or one another Node made, is not used', () => {
	const dir = mkdtempSync(join(tmpdir(), 'ggc-cached-script-'));
	try {
		const copy = join(dir, 'main.js');
		copyFileSync(bundle, copy);
		const cache = readFileSync(cacheFileOf(bundle));
		assert.equal(runCachedScript(copy, createRequire(copy), {useCache: true}).cacheUsed, false, 'no cache beside the copy yet');
		writeFileSync(cacheFileOf(copy), cache);
		assert.equal(runCachedScript(copy, createRequire(copy)).cacheUsed, true, 'the very same bytes beside the very same bundle');
		for (const offset of [cache.length - 1, Math.floor(cache.length / 2)]) {
			const damaged = Buffer.from(cache);
			damaged[offset] = damaged[offset]! ^ 0xff;
			writeFileSync(cacheFileOf(copy), damaged);
			const run = runCachedScript(copy, createRequire(copy));
			assert.equal(run.cacheUsed, false, `a byte changed at ${offset}`);
			assert.equal(typeof (run.exports as {runCli?: unknown}).runCli, 'function');
		}
		writeFileSync(cacheFileOf(copy), cache.subarray(0, cache.length - 1000));
		assert.equal(runCachedScript(copy, createRequire(copy)).cacheUsed, false, 'cut short');
		const text = cache.toString('latin1');
		writeFileSync(cacheFileOf(copy), Buffer.from(text.replace(/\nnode v\d+/, '\nnode v0'), 'latin1'));
		assert.equal(runCachedScript(copy, createRequire(copy)).cacheUsed, false, 'made by another Node');
	} finally {
		rmSync(dir, {recursive: true, force: true});
	}
});
