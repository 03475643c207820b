// Every citation of the behaviour notes resolves: `docs/<file>.md §<section>` names a file in docs/ and a heading in it
// (docs/README.md "Citing a note"), and no comment still points to the notes that lived outside the repository.
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {readdirSync, readFileSync, statSync} from 'node:fs';
import {join, relative} from 'node:path';
import {fileURLToPath} from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const self = relative(root, fileURLToPath(import.meta.url));

/** Section ids of one note: the number or tag that starts a heading (`### 1.2 How Go parses it` → `1.2`). */
function sectionsOf(markdown: string): Set<string> {
	const ids = new Set<string>();
	for (const m of markdown.matchAll(/^#{2,4} ([0-9]+(?:\.[0-9]+)*|[A-Z]+-?[0-9]*)\b/gm)) ids.add(m[1]!);
	return ids;
}

type Notes = Map<string, Set<string>>;

function readNotes(): Notes {
	const notes: Notes = new Map();
	for (const name of readdirSync(join(root, 'docs'))) if (name.endsWith('.md')) notes.set(name, sectionsOf(readFileSync(join(root, 'docs', name), 'utf8')));
	return notes;
}

const ID = String.raw`(?:[0-9]+(?:\.[0-9]+)*|[A-Z]+[0-9]+)`;
const SEP = String.raw`(?:,\s*|[–-]|…|\s+and\s+)`;
const CHAIN = String.raw`§\s?${ID}(?:${SEP}§?${ID}(?![\w-]))*`;

// The forms that pointed outside the repository (kept in pieces so this file does not match itself).
const deadForms: Array<[RegExp, string]> = [
	[new RegExp(String.raw`\b(?:go|git|gitlab)-behaviour(?:\.md)?\b`), 'a behaviour note outside the repository'],
	[new RegExp(String.raw`seed-use-project` + String.raw`-as-go-package`), 'the seed GitLab doc outside the repository'],
	[new RegExp(String.raw`/work/` + String.raw`shared/reference`), 'a path outside the repository'],
	[new RegExp(String.raw`(?<![\w§/-])E-[0-9]+\b`), 'an experiment number: cite docs/git.md §6.N'],
];

export type Problem = {where: string; text: string; why: string};

/**
 * The unresolved citations in one file's text. In docs/ a citation may also be `curl.md §1.3` (a sibling note), a
 * bare `§1.3` (this note) or a source tag `[G16]`; elsewhere every § must belong to a `docs/<file>.md §…` list.
 */
export function citationProblems(text: string, file: string, notes: Notes): Problem[] {
	const problems: Problem[] = [];
	const inDocs = file.startsWith('docs/');
	const lineOf = (index: number) => text.slice(0, index).split('\n').length;
	const add = (index: number, found: string, why: string) => problems.push({where: `${file}:${lineOf(index)}`, text: found, why});
	const covered: Array<[number, number]> = [];

	const check = (note: string, chain: string, index: number, whole: string) => {
		const sections = notes.get(note);
		if (!sections) return add(index, whole, `no docs/${note}`);
		for (const m of chain.matchAll(new RegExp(`§?\\s?(${ID})`, 'g'))) if (!sections.has(m[1]!)) add(index, whole, `docs/${note} has no section §${m[1]}`);
	};

	const cite = new RegExp(String.raw`(?<![\w-])(docs/)?([\w-]+\.md)(?:\s?(${CHAIN}))?`, 'g');
	for (const m of text.matchAll(cite)) {
		const [whole, prefix, note, chain] = m;
		if (!prefix && !(inDocs && notes.has(note!)) && !chain) continue; // README.md, DESIGN.md and other files
		if (!prefix && !inDocs) continue; // a § after another file name is judged below, as an orphan §
		covered.push([m.index, m.index + whole.length]);
		if (chain) check(note!, chain, m.index, whole);
		else if (!notes.has(note!)) add(m.index, whole, `no docs/${note}`);
	}

	for (const m of text.matchAll(new RegExp(CHAIN, 'g'))) {
		if (covered.some(([from, to]) => m.index >= from && m.index < to)) continue;
		if (inDocs) check(file.slice('docs/'.length), m[0], m.index, m[0]);
		else add(m.index, m[0], 'a § that names no note: write docs/<file>.md §…');
	}

	if (inDocs) {
		for (const m of text.matchAll(/\[([GRS][0-9]+)\]/g)) if (!notes.get('sources.md')?.has(m[1]!)) add(m.index, m[0], 'no such source in docs/sources.md');
		for (const m of text.matchAll(/\]\(([\w-]+\.md)\)/g)) if (!notes.has(m[1]!)) add(m.index, m[0], 'a link to a missing note');
	} else {
		for (const m of text.matchAll(/(?<![§\w-])\[?([GRS][0-9]{1,2})\b/g)) {
			if (notes.get('sources.md')?.has(m[1]!)) add(m.index, m[0], 'a bare source tag: cite docs/sources.md §' + m[1]);
		}
	}
	for (const [pattern, why] of deadForms) {
		// git.md §6 is where the experiment numbers are defined.
		if (file === 'docs/git.md' && why.startsWith('an experiment')) continue;
		for (const m of text.matchAll(new RegExp(pattern.source, 'g'))) add(m.index, m[0], why);
	}
	return problems;
}

function* filesUnder(dir: string): Generator<string> {
	for (const name of readdirSync(dir)) {
		if (name === 'node_modules' || name.startsWith('.')) continue;
		const path = join(dir, name);
		if (statSync(path).isDirectory()) yield* filesUnder(path);
		else if (/\.(ts|tsx|mts|mjs|js|md)$/.test(name)) yield path;
	}
}

test('every citation in source/, test/, scripts/, README.md and docs/ resolves to a note and a section in docs/', () => {
	const notes = readNotes();
	const files = [...['source', 'test', 'scripts', 'docs'].flatMap(dir => [...filesUnder(join(root, dir))]), join(root, 'README.md')]
		.map(path => relative(root, path))
		.filter(file => file !== self);
	let citations = 0;
	const problems: Problem[] = [];
	for (const file of files) {
		const text = readFileSync(join(root, file), 'utf8');
		citations += [...text.matchAll(/docs\/[\w-]+\.md §/g)].length;
		problems.push(...citationProblems(text, file, notes));
	}
	assert.deepEqual(problems.map(p => `${p.where}: ${p.text} — ${p.why}`), []);
	assert.ok(citations > 300, `only ${citations} citations found: is the scan reading the files?`);
});

test('the checker itself: a missing section, a missing note, a bare § and every old form are each reported', () => {
	const notes: Notes = new Map([
		['go.md', new Set(['1', '1.2', '3.3', '3.4'])],
		['sources.md', new Set(['G16'])],
	]);
	const problems = (text: string, file = 'source/x.ts') => citationProblems(text, file, notes).map(p => p.why);
	// nope.md and behaviour.md below are made up: notes that do not exist, which the checker must reject.
	assert.deepEqual(problems('// (docs/go.md §1.2, §3.3–§3.4)'), []);
	assert.deepEqual(problems('// (docs/sources.md §G16)'), []);
	assert.deepEqual(problems('// docs/go.md §9.9'), ['docs/go.md has no section §9.9']);
	assert.deepEqual(problems('// docs/go.md §1.2, §7'), ['docs/go.md has no section §7']);
	assert.deepEqual(problems('// docs/nope.md §1'), ['no docs/nope.md']);
	assert.deepEqual(problems('// as said (§1.2)'), ['a § that names no note: write docs/<file>.md §…']);
	assert.equal(problems('// go-' + 'behaviour.md §1.2').length > 0, true);
	assert.equal(problems('// (E-' + '25)').length, 1);
	assert.equal(problems("source: 'G16 attrValue'").length, 1);
	assert.deepEqual(problems('see curl.md §1.2 and §1.2', 'docs/go.md'), ['no docs/curl.md']);
	assert.deepEqual(problems('see §3.3 and [G16]; [G99]', 'docs/go.md'), ['no such source in docs/sources.md']);
	assert.deepEqual(problems('[go](go.md) [x](x.md)', 'docs/README.md'), ['a link to a missing note']);
});
