// Builds a small Go program from its source in a temp directory, for differential tests that ask the
// real Go standard library for its answer. Without go the tests skip, with the reason given.
import {spawnSync} from 'node:child_process';
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';

export type GoOracle = {binary: string; dispose: () => void} | {skip: string};

export function buildGoOracle(source: string, comparedWith: string): GoOracle {
	if (spawnSync('go', ['version']).status !== 0) return {skip: `no go toolchain installed: the differential test against ${comparedWith} is skipped`};
	const dir = mkdtempSync(join(tmpdir(), 'go-oracle-'));
	writeFileSync(join(dir, 'main.go'), source);
	const build = spawnSync('go', ['build', '-o', join(dir, 'oracle'), join(dir, 'main.go')], {
		encoding: 'utf8',
		env: {...process.env, GOFLAGS: '', GO111MODULE: 'on', GOTOOLCHAIN: 'local'},
		timeout: 180_000,
	});
	const dispose = () => rmSync(dir, {recursive: true, force: true, maxRetries: 5, retryDelay: 100});
	if (build.status !== 0) {
		dispose();
		return {skip: `could not build the Go oracle: ${build.stderr}`};
	}
	return {binary: join(dir, 'oracle'), dispose};
}
