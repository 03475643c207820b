// The split the design depends on (DESIGN.md "Architecture", Gemini CLI's core/cli split): the engine,
// the checks and the writers never import React or Ink, and the plain path never loads the TUI.
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {readdirSync, readFileSync, statSync} from 'node:fs';
import {join} from 'node:path';

const root = new URL('../../source/', import.meta.url).pathname;

function files(dir: string): string[] {
	return readdirSync(dir).flatMap(name => {
		const full = join(dir, name);
		return statSync(full).isDirectory() ? files(full) : /\.tsx?$/.test(name) ? [full] : [];
	});
}

const importsOf = (file: string) => [...readFileSync(file, 'utf8').matchAll(/(?:from|import)\s*\(?\s*'([^']+)'/g)].map(match => match[1]!);

test('engine, checks, rules, system, output and the plain path import neither React nor Ink nor the TUI', () => {
	const headless = ['engine', 'checks', 'rules', 'system', 'output', 'fixes'].flatMap(dir => files(join(root, dir))).concat(join(root, 'headless.ts'), join(root, 'explain.ts'));
	for (const file of headless) {
		for (const specifier of importsOf(file)) {
			assert.ok(!/^(react|ink|ink-spinner)(\/|$)/.test(specifier) && !specifier.includes('/ui/'), `${file.slice(root.length)} imports ${specifier}`);
		}
	}
});

test('the TUI\'s state, keys and session are plain TypeScript: only components, hooks and the mount load React or Ink', () => {
	for (const file of files(join(root, 'ui'))) {
		const relative = file.slice(join(root, 'ui').length + 1);
		const react = importsOf(file).filter(specifier => /^(react|ink|ink-spinner)(\/|$)/.test(specifier));
		if (relative.startsWith('components/') || relative.startsWith('hooks/') || relative === 'mount.tsx') continue;
		// key-bindings.ts takes Ink's Key type only (erased at build time).
		const allowed = relative === 'key-bindings.ts' ? react.filter(specifier => specifier !== 'ink') : react;
		assert.deepEqual(allowed, [], `${relative} imports ${react.join(', ')}`);
	}
	assert.match(readFileSync(join(root, 'ui', 'key-bindings.ts'), 'utf8'), /import type \{Key\} from 'ink';/);
});
