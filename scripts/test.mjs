#!/usr/bin/env node
// Runs every test file under test/ with node's built-in runner (Node 20 has no glob
// support in `node --test`), loading TypeScript through tsx.
// Usage: node scripts/test.mjs [substring-filter ...]
import {readdirSync, statSync} from 'node:fs';
import {join} from 'node:path';
import {spawnSync} from 'node:child_process';

function findTests(dir) {
	const found = [];
	for (const name of readdirSync(dir).sort()) {
		const full = join(dir, name);
		if (statSync(full).isDirectory()) found.push(...findTests(full));
		else if (/\.test\.tsx?$/.test(name)) found.push(full);
	}
	return found;
}

const filters = process.argv.slice(2);
const files = findTests('test').filter(file => filters.length === 0 || filters.some(f => file.includes(f)));
if (files.length === 0) {
	console.error(`no test files match ${filters.join(' ')}`);
	process.exit(2);
}
// test/helpers/property-seed.ts: fast-check's seed, fixed in CI (FC_SEED=N replays a reported failure).
const result = spawnSync(process.execPath, ['--import', 'tsx', '--import', './test/helpers/property-seed.ts', '--test', '--test-concurrency=2', ...files], {stdio: 'inherit'});
process.exit(result.status ?? 1);
