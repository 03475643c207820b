import {test} from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {isBadPattern, pathMatch} from '../../source/rules/path-match.js';

type Row = {pattern: string; name: string; matched: boolean; bad?: boolean; why: string};

// Go's own table: src/path/match_test.go (matchTests) [docs/sources.md §G24][docs/sources.md §G29].
const goTable: Row[] = [
	{pattern: 'abc', name: 'abc', matched: true, why: 'literal'},
	{pattern: '*', name: 'abc', matched: true, why: 'lone star'},
	{pattern: '*c', name: 'abc', matched: true, why: 'star then literal'},
	{pattern: 'a*', name: 'a', matched: true, why: 'star matches empty'},
	{pattern: 'a*', name: 'abc', matched: true, why: 'trailing star'},
	{pattern: 'a*', name: 'ab/c', matched: false, why: 'star never crosses /'},
	{pattern: 'a*/b', name: 'abc/b', matched: true, why: 'star within an element'},
	{pattern: 'a*/b', name: 'a/c/b', matched: false, why: 'star does not span elements'},
	{pattern: 'a*b*c*d*e*/f', name: 'axbxcxdxe/f', matched: true, why: 'many stars'},
	{pattern: 'a*b*c*d*e*/f', name: 'axbxcxdxexxx/f', matched: true, why: 'many stars, longer'},
	{pattern: 'a*b*c*d*e*/f', name: 'axbxcxdxe/xxx/f', matched: false, why: 'many stars, extra element'},
	{pattern: 'a*b*c*d*e*/f', name: 'axbxcxdxexxx/fff', matched: false, why: 'many stars, wrong tail'},
	{pattern: 'a*b?c*x', name: 'abxbbxdbxebxczzx', matched: true, why: 'backtracking star'},
	{pattern: 'a*b?c*x', name: 'abxbbxdbxebxczzy', matched: false, why: 'backtracking star fails'},
	{pattern: 'ab[c]', name: 'abc', matched: true, why: 'class'},
	{pattern: 'ab[b-d]', name: 'abc', matched: true, why: 'range'},
	{pattern: 'ab[e-g]', name: 'abc', matched: false, why: 'range miss'},
	{pattern: 'ab[^c]', name: 'abc', matched: false, why: 'negated class'},
	{pattern: 'ab[^b-d]', name: 'abc', matched: false, why: 'negated range'},
	{pattern: 'ab[^e-g]', name: 'abc', matched: true, why: 'negated range hit'},
	{pattern: 'a\\*b', name: 'a*b', matched: true, why: 'escaped star is literal'},
	{pattern: 'a\\*b', name: 'ab', matched: false, why: 'escaped star needs a star'},
	{pattern: 'a?b', name: 'a☺b', matched: true, why: '? is one rune'},
	{pattern: 'a[^a]b', name: 'a☺b', matched: true, why: 'class is one rune'},
	{pattern: 'a???b', name: 'a☺b', matched: false, why: '? is not one byte'},
	{pattern: 'a[^a][^a][^a]b', name: 'a☺b', matched: false, why: 'class is not one byte'},
	{pattern: '[a-ζ]*', name: 'α', matched: true, why: 'unicode range'},
	{pattern: '*[a-ζ]', name: 'A', matched: false, why: 'unicode range miss'},
	{pattern: 'a?b', name: 'a/b', matched: false, why: '? never matches /'},
	{pattern: 'a*b', name: 'a/b', matched: false, why: '* never matches /'},
	{pattern: '[\\]a]', name: ']', matched: true, why: 'escaped ] in class'},
	{pattern: '[\\-]', name: '-', matched: true, why: 'escaped - in class'},
	{pattern: '[x\\-]', name: 'x', matched: true, why: 'escaped - after x'},
	{pattern: '[x\\-]', name: '-', matched: true, why: 'escaped - after x, dash'},
	{pattern: '[x\\-]', name: 'z', matched: false, why: 'escaped - is no range'},
	{pattern: '[\\-x]', name: 'x', matched: true, why: 'escaped - before x'},
	{pattern: '[\\-x]', name: '-', matched: true, why: 'escaped - before x, dash'},
	{pattern: '[\\-x]', name: 'a', matched: false, why: 'escaped - before x, miss'},
	{pattern: '[]a]', name: ']', matched: false, bad: true, why: 'unescaped ] first'},
	{pattern: '[-]', name: '-', matched: false, bad: true, why: 'lone - in class'},
	{pattern: '[x-]', name: 'x', matched: false, bad: true, why: 'open range'},
	{pattern: '[x-]', name: '-', matched: false, bad: true, why: 'open range, dash'},
	{pattern: '[x-]', name: 'z', matched: false, bad: true, why: 'open range, miss'},
	{pattern: '[-x]', name: 'x', matched: false, bad: true, why: 'leading -'},
	{pattern: '[-x]', name: '-', matched: false, bad: true, why: 'leading -, dash'},
	{pattern: '[-x]', name: 'a', matched: false, bad: true, why: 'leading -, miss'},
	{pattern: '\\', name: 'a', matched: false, bad: true, why: 'trailing backslash'},
	{pattern: '[a-b-c]', name: 'a', matched: false, bad: true, why: 'double range'},
	{pattern: '[', name: 'a', matched: false, bad: true, why: 'unclosed ['},
	{pattern: '[^', name: 'a', matched: false, bad: true, why: 'unclosed [^'},
	{pattern: '[^bc', name: 'a', matched: false, bad: true, why: 'unclosed [^bc'},
	{pattern: 'a[', name: 'a', matched: false, bad: true, why: 'unclosed [ after a'},
	{pattern: 'a[', name: 'ab', matched: false, bad: true, why: 'unclosed [ after a, longer name'},
	{pattern: 'a[', name: 'x', matched: false, bad: true, why: 'unclosed [, first byte differs'},
	{pattern: 'a/b[', name: 'x', matched: false, bad: true, why: 'bad syntax found after an early mismatch'},
	{pattern: '*x', name: 'xxx', matched: true, why: 'star then last chunk'},
];

// Answers of Go 1.19's path.Match for inputs chosen here (same code as current Go) [docs/sources.md §G24].
const extraTable: Row[] = [
	{pattern: '[é-ê]', name: 'é', matched: true, why: 'range of multi-byte runes'},
	{pattern: '??', name: 'é', matched: false, why: 'a two-byte rune is one ?'},
	{pattern: '', name: '', matched: true, why: 'empty matches empty'},
	{pattern: '', name: 'a', matched: false, why: 'empty pattern, non-empty name'},
	{pattern: '*', name: '', matched: true, why: 'star matches the empty name'},
	{pattern: 'x*[', name: 'xa', matched: false, bad: true, why: 'bad class after a star'},
	{pattern: '*[', name: 'a', matched: false, bad: true, why: 'bad class after leading star'},
	{pattern: '[!a]', name: '!', matched: true, why: '! is a literal, only ^ negates'},
	{pattern: 'gitlab.example.com', name: 'GITLAB.example.com', matched: false, why: 'case-sensitive'},
	{pattern: '\\\\', name: '\\', matched: true, why: 'escaped backslash'},
];

test('pathMatch agrees with Go on its own table and chosen extras (docs/go.md §3.1 [docs/sources.md §G24][docs/sources.md §G29])', () => {
	for (const row of [...goTable, ...extraTable]) {
		assert.deepEqual(pathMatch(row.pattern, row.name), {matched: row.matched, badPattern: row.bad ?? false}, `${row.why}: Match(${JSON.stringify(row.pattern)}, ${JSON.stringify(row.name)})`);
	}
});

test('isBadPattern flags malformed patterns whatever the name (docs/go.md §3.1 [docs/sources.md §G24])', () => {
	for (const bad of ['[', 'a[', '\\', '[a-b-c]', '[-x]', 'ok/[x', 'x*[']) assert.equal(isBadPattern(bad), true, bad);
	for (const good of ['', '*', 'gitlab.example.com', '*.corp.example.com/[a-c]*', 'a\\*b', '[\\]a]']) assert.equal(isBadPattern(good), false, good);
});

const patternChars = fc.constantFrom('*', '?', '[', ']', '^', '-', '\\', '/', 'a', 'b', '.', 'é', '☺');
const nameChars = fc.constantFrom('a', 'b', '/', '.', '-', 'é', ']', '*', '\\');
const patterns = fc.array(patternChars, {maxLength: 12}).map(a => a.join(''));
const names = fc.array(nameChars, {maxLength: 12}).map(a => a.join(''));

test('fuzz: pathMatch never throws, and a match is never a bad pattern', () => {
	fc.assert(fc.property(fc.oneof(patterns, fc.string()), fc.oneof(names, fc.string()), (pattern, name) => {
		const result = pathMatch(pattern, name);
		assert.ok(!(result.matched && result.badPattern));
		// Go checks the whole pattern before saying "no": badness does not depend on the name.
		if (result.badPattern) assert.equal(isBadPattern(pattern), true);
	}), {numRuns: 5000});
});

test('fuzz: a pattern without meta characters matches exactly itself', () => {
	const literal = fc.string().filter(s => !/[*?[\\]/.test(s));
	fc.assert(fc.property(literal, fc.string(), (pattern, other) => {
		assert.equal(pathMatch(pattern, pattern).matched, true);
		assert.equal(pathMatch(pattern, other).matched, pattern === other);
	}), {numRuns: 3000});
});

test('fuzz: escaping every meta character makes any string match itself literally', () => {
	fc.assert(fc.property(fc.string(), s => {
		const escaped = s.replace(/[*?[\\\]^-]/g, c => '\\' + c);
		assert.deepEqual(pathMatch(escaped, s), {matched: true, badPattern: false});
	}), {numRuns: 3000});
});

test('fuzz: * never matches a name containing /, and matches any name without one', () => {
	fc.assert(fc.property(fc.string(), name => {
		assert.equal(pathMatch('*', name).matched, !name.includes('/'));
	}), {numRuns: 3000});
});
