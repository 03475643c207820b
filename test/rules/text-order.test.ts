// compareText is ICU's English order (what localeCompare gives in an English locale) for printable ASCII, computed
// without loading ICU's collation data.
import {test} from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {compareText} from '../../source/rules/text-order.js';

const english = new Intl.Collator('en');
const sign = (value: number) => Math.sign(value);

test('every pair of printable ASCII characters is in the order ICU gives them', () => {
	const characters = Array.from({length: 0x7f - 0x20}, (_, index) => String.fromCharCode(0x20 + index));
	for (const a of characters) for (const b of characters) assert.equal(sign(compareText(a, b)), sign(english.compare(a, b)), `${JSON.stringify(a)} vs ${JSON.stringify(b)}`);
});

test('any two printable ASCII texts compare as ICU compares them (case, punctuation, prefixes)', () => {
	const text = fc.string({unit: fc.constantFrom(...'aAbBzZ09-._/~ @+'.split('')), maxLength: 8});
	fc.assert(fc.property(text, text, (a, b) => sign(compareText(a, b)) === sign(english.compare(a, b))), {numRuns: 5000});
	const ascii = fc.string({unit: fc.integer({min: 0x20, max: 0x7e}).map(code => String.fromCharCode(code)), maxLength: 12});
	fc.assert(fc.property(ascii, ascii, (a, b) => sign(compareText(a, b)) === sign(english.compare(a, b))), {numRuns: 5000});
});

test('module paths and versions as a go.mod lists them', () => {
	const paths = ['github.com/aws/smithy-go', 'github.com/Azure/azure-sdk-for-go', 'github.com/a-b/c', 'github.com/ab/c', 'github.com/a_b/c', 'gitlab.example.com/group/sub/lib10', 'gitlab.example.com/group/sub/lib9', 'gopkg.in/yaml.v3', 'golang.org/x/mod'];
	assert.deepEqual([...paths].sort(compareText), [...paths].sort((a, b) => english.compare(a, b)));
	assert.deepEqual(['v1.10.0', 'v1.9.0', 'v1.9.0-rc.1', 'V1.9.0'].sort(compareText), ['v1.10.0', 'v1.9.0', 'V1.9.0', 'v1.9.0-rc.1'].sort((a, b) => english.compare(a, b)));
});

test('text beyond printable ASCII is left to ICU', () => {
	for (const [a, b] of [['é', 'f'], ['gitlab.example.com/ä', 'gitlab.example.com/b'], ['a\tb', 'a b']] as const) assert.equal(sign(compareText(a, b)), sign(english.compare(a, b)));
});
