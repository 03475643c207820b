// No cycle between source files: every import under source/ (type imports too, since they tie files together for a
// reader as much as value imports) must form a graph a newcomer can read from the leaves up.
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {readdirSync, readFileSync, statSync} from 'node:fs';
import {dirname, join, relative, resolve} from 'node:path';

const root = resolve('source');

function sourceFiles(dir: string): string[] {
	return readdirSync(dir).flatMap(name => {
		const full = join(dir, name);
		if (statSync(full).isDirectory()) return sourceFiles(full);
		return /\.tsx?$/.test(name) ? [full] : [];
	});
}

/** The source files a file imports (relative specifiers; `.js` in the specifier names the `.ts`/`.tsx` file). */
export function importsOf(file: string, text: string, known: Set<string>): string[] {
	const found: string[] = [];
	for (const match of text.matchAll(/(?:^|\n)\s*(?:import|export)\b[^'"]*?from\s+['"](\.[^'"]+)['"]/g)) {
		const base = resolve(dirname(file), match[1]!).replace(/\.js$/, '');
		const target = [`${base}.ts`, `${base}.tsx`, join(base, 'index.ts')].find(candidate => known.has(candidate));
		if (target) found.push(target);
	}
	for (const match of text.matchAll(/import\(\s*['"](\.[^'"]+)['"]\s*\)/g)) {
		const base = resolve(dirname(file), match[1]!).replace(/\.js$/, '');
		const target = [`${base}.ts`, `${base}.tsx`].find(candidate => known.has(candidate));
		if (target) found.push(target);
	}
	return found;
}

export function findImportCycle(graph: Map<string, string[]>): string[] | undefined {
	const state = new Map<string, 'visiting' | 'done'>();
	const path: string[] = [];
	const visit = (file: string): string[] | undefined => {
		if (state.get(file) === 'done') return undefined;
		if (state.get(file) === 'visiting') return [...path.slice(path.indexOf(file)), file];
		state.set(file, 'visiting');
		path.push(file);
		for (const next of graph.get(file) ?? []) {
			const cycle = visit(next);
			if (cycle) return cycle;
		}
		path.pop();
		state.set(file, 'done');
		return undefined;
	};
	for (const file of graph.keys()) {
		const cycle = visit(file);
		if (cycle) return cycle;
	}
	return undefined;
}

test('the cycle finder finds a cycle of three and none in a chain (so the real check can fail)', () => {
	assert.deepEqual(findImportCycle(new Map([['a', ['b']], ['b', ['c']], ['c', ['a']]])), ['a', 'b', 'c', 'a']);
	assert.equal(findImportCycle(new Map([['a', ['b']], ['b', ['c']], ['c', []]])), undefined);
});

test('no import cycle between files under source/', () => {
	const files = sourceFiles(root);
	const known = new Set(files);
	const graph = new Map(files.map(file => [file, importsOf(file, readFileSync(file, 'utf8'), known)]));
	assert.ok([...graph.values()].some(imports => imports.length > 0), 'found no imports at all: the parser is broken');
	const cycle = findImportCycle(graph);
	assert.equal(cycle?.map(file => relative(root, file)).join(' → '), undefined);
});
