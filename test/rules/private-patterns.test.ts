import {test} from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {goModulePaths} from '../helpers/arbitraries.js';
import {
	findPatternMistakes,
	firstMatchingPattern,
	matchPrefixPatterns,
	mergedPrivatePatterns,
	privatePatternFor,
	splitPatternList,
} from '../../source/rules/private-patterns.js';

type MatchRow = {globs: string; target: string; want: boolean; why: string};

// x/mod module_test.go TestMatchPrefixPatterns, verbatim [docs/sources.md §G29].
const xmodTable: MatchRow[] = [
	{globs: '', target: 'rsc.io/quote', want: false, why: 'empty list'},
	{globs: '/', target: 'rsc.io/quote', want: false, why: 'only a slash: empty after trimming'},
	{globs: '*/quote', target: 'rsc.io/quote', want: true, why: 'star host'},
	{globs: '*/quo', target: 'rsc.io/quote', want: false, why: 'element must match whole'},
	{globs: '*/quo??', target: 'rsc.io/quote', want: true, why: 'question marks'},
	{globs: '*/quo*', target: 'rsc.io/quote', want: true, why: 'trailing star in element'},
	{globs: '*quo*', target: 'rsc.io/quote', want: false, why: 'star does not cross /'},
	{globs: 'rsc.io', target: 'rsc.io/quote', want: true, why: 'host covers everything below'},
	{globs: '*.io', target: 'rsc.io/quote', want: true, why: 'star in host'},
	{globs: 'rsc.io/', target: 'rsc.io/quote', want: true, why: 'trailing slash trimmed'},
	{globs: 'rsc', target: 'rsc.io/quote', want: false, why: 'no partial element'},
	{globs: 'rsc*', target: 'rsc.io/quote', want: true, why: 'star completes the element'},
	{globs: 'rsc.io', target: 'rsc.io/quote/v3', want: true, why: 'host, deeper path'},
	{globs: '*/quote', target: 'rsc.io/quote/v3', want: true, why: 'two elements compared'},
	{globs: '*/quote/', target: 'rsc.io/quote/v3', want: true, why: 'trailing slash, two elements'},
	{globs: '*/quote/*', target: 'rsc.io/quote/v3', want: true, why: 'three elements compared'},
	{globs: '*/quote/*/', target: 'rsc.io/quote/v3', want: true, why: 'three elements, trailing slash'},
	{globs: '*/v3', target: 'rsc.io/quote/v3', want: false, why: 'compared against the first two elements'},
	{globs: '*/*/v3', target: 'rsc.io/quote/v3', want: true, why: 'three globs'},
	{globs: '*/*/*', target: 'rsc.io/quote/v3', want: true, why: 'all stars'},
	{globs: '*/*/*/', target: 'rsc.io/quote/v3', want: true, why: 'all stars, trailing slash'},
	{globs: '*/*/*', target: 'rsc.io/quote', want: false, why: 'target has fewer elements: skipped'},
	{globs: '*/*/*/', target: 'rsc.io/quote', want: false, why: 'fewer elements, trailing slash'},
	{globs: '*/*/*,,', target: 'rsc.io/quote', want: false, why: 'empty entries skipped'},
	{globs: '*/*/*,,*/quote', target: 'rsc.io/quote', want: true, why: 'later entry matches'},
	{globs: ',,*/quote', target: 'rsc.io/quote', want: true, why: 'leading empty entries skipped'},
];

// docs/go.md §3.1, each rule with a GitLab-shaped example; answers checked against Go 1.19's x/mod.
const behaviourTable: MatchRow[] = [
	{globs: 'a.example.com, gitlab.example.com', target: 'gitlab.example.com/g/p', want: false, why: 'docs/go.md §3.1 no trimming: " gitlab.example.com" never matches [docs/sources.md §G29]'},
	{globs: 'a.example.com,gitlab.example.com', target: 'gitlab.example.com/g/p', want: true, why: 'docs/go.md §3.1 split on "," [docs/sources.md §G29]'},
	{globs: 'gitlab.example.com', target: 'gitlab.example.com/a/b/c', want: true, why: 'docs/go.md §3.1 host covers every module on it [docs/sources.md §G29]'},
	{globs: 'gitlab.example.com/grp', target: 'gitlab.example.com/grp/sub/proj', want: true, why: 'docs/go.md §3.1 group covers everything under it [docs/sources.md §G29]'},
	{globs: 'gitlab.example.com/grp', target: 'gitlab.example.com/grpx/proj', want: false, why: 'docs/go.md §3.1 element boundary, not string prefix [docs/sources.md §G29]'},
	{globs: 'gitlab.example.com/group/*', target: 'gitlab.example.com/group/sub/project', want: true, why: 'docs/go.md §3.1 /* with 2 slashes compares 3 elements [docs/sources.md §G29]'},
	{globs: 'gitlab.example.com/group/*', target: 'gitlab.example.com/group', want: false, why: 'docs/go.md §3.1 /* needs one more element than the group [docs/sources.md §G29]'},
	{globs: '*.corp.example.com', target: 'git.corp.example.com/x', want: true, why: 'docs/go.md §3.1 leading star matches a subdomain [docs/sources.md §G24][docs/sources.md §G29]'},
	{globs: '*.corp.example.com', target: 'corp.example.com/x', want: false, why: 'docs/go.md §3.1 leading star needs a subdomain [docs/sources.md §G24][docs/sources.md §G29]'},
	{globs: 'GitLab.example.com', target: 'gitlab.example.com/x', want: false, why: 'docs/go.md §3.1 case-sensitive [docs/sources.md §G24]'},
	{globs: 'gitlab.example.com/[grp', target: 'gitlab.example.com/[grp/x', want: false, why: 'docs/go.md §3.1 malformed pattern never matches [docs/sources.md §G29]'},
	{globs: 'gitlab.example.com\r', target: 'gitlab.example.com/x', want: false, why: 'docs/go.md §3.1 a CR from a CRLF file is part of the glob [docs/sources.md §G29]'},
	{globs: 'https://gitlab.example.com', target: 'gitlab.example.com/x', want: false, why: 'docs/go.md §3.1 a URL is not a path prefix [docs/sources.md §G29]'},
	{globs: 'gitlab.example.com//', target: 'gitlab.example.com/x', want: false, why: 'docs/go.md §3.1 only one trailing slash is trimmed [docs/sources.md §G29]'},
	{globs: 'gitlab.example.com/group/sub', target: 'gitlab.example.com/group/sub.git/x', want: false, why: 'docs/go.md §3.1 the .git qualifier is part of the element [docs/sources.md §G29]'},
];

test('matchPrefixPatterns: x/mod table and every docs/go.md §3.1 rule', () => {
	for (const row of [...xmodTable, ...behaviourTable]) {
		assert.equal(matchPrefixPatterns(row.globs, row.target), row.want, `${row.why}: ${JSON.stringify(row.globs)} vs ${row.target}`);
	}
});

test('firstMatchingPattern returns the entry as written (docs/go.md §3.1 [docs/sources.md §G29])', () => {
	assert.equal(firstMatchingPattern('x.example.com,gitlab.example.com/grp/,gitlab.example.com', 'gitlab.example.com/grp/p'), 'gitlab.example.com/grp/', 'first match wins, trailing slash kept');
	assert.equal(firstMatchingPattern('x.example.com, gitlab.example.com', 'gitlab.example.com/p'), undefined, 'blank-prefixed entry never matches');
	assert.equal(firstMatchingPattern('', 'gitlab.example.com/p'), undefined, 'empty list');
});

test('splitPatternList splits on "," only and keeps blanks and empties (docs/go.md §3.1 [docs/sources.md §G29])', () => {
	assert.deepEqual(splitPatternList('a, b,,c|d'), ['a', ' b', '', 'c|d']);
	assert.deepEqual(splitPatternList(''), []);
});

type MistakeRow = {globs: string; module: string; want: Array<{pattern: string; problem: string; suggestion?: string; harmless?: boolean}>; why: string};

const mistakeTable: MistakeRow[] = [
	{globs: 'gitlab.example.com', module: 'gitlab.example.com/g/p', want: [], why: 'a correct host pattern'},
	{globs: '', module: 'gitlab.example.com/g/p', want: [], why: 'nothing set is not a mistake in the list'},
	{globs: 'a.example.com, gitlab.example.com', module: 'gitlab.example.com/g/p',
		want: [{pattern: ' gitlab.example.com', problem: 'whitespace', suggestion: 'gitlab.example.com'}], why: 'docs/go.md §3.1 blank after comma [docs/sources.md §G29]'},
	{globs: 'gitlab.example.com\r', module: 'gitlab.example.com/g/p',
		want: [{pattern: 'gitlab.example.com\r', problem: 'whitespace', suggestion: 'gitlab.example.com'}], why: 'docs/go.md §3.1 CR left by a CRLF go env file [docs/sources.md §G29]'},
	{globs: 'https://gitlab.example.com/group', module: 'gitlab.example.com/group/p',
		want: [{pattern: 'https://gitlab.example.com/group', problem: 'scheme', suggestion: 'gitlab.example.com/group'}], why: 'docs/go.md §3.1 URL instead of a path prefix [docs/sources.md §G29]'},
	{globs: 'https://oauth2:glpat-secret@gitlab.example.com:8443/group', module: 'gitlab.example.com/group/p',
		want: [{pattern: 'https://oauth2:xxxxx@gitlab.example.com:8443/group', problem: 'scheme', suggestion: 'gitlab.example.com/group'}], why: 'URL with credentials (masked) and port'},
	{globs: 'gitlab.example.com other.example.com', module: 'gitlab.example.com/g/p',
		want: [{pattern: 'gitlab.example.com other.example.com', problem: 'whitespace', suggestion: 'gitlab.example.com,other.example.com'}], why: 'a space-separated list is one entry for Go [docs/sources.md §G29]'},
	{globs: 'git@gitlab.example.com:group', module: 'gitlab.example.com/group/p',
		want: [{pattern: 'git@gitlab.example.com:group', problem: 'scheme', suggestion: 'gitlab.example.com/group'}], why: 'scp-style clone address'},
	{globs: 'gitlab.example.com/group/*', module: 'gitlab.example.com/group', want: [{pattern: 'gitlab.example.com/group/*', problem: 'trailing-star', suggestion: 'gitlab.example.com/group'}],
		why: 'docs/go.md §3.1 /* compares one element more than the module has [docs/sources.md §G29]'},
	{globs: 'gitlab.example.com/group/*', module: 'gitlab.example.com/group/sub/project', want: [], why: 'docs/go.md §3.1 /* does cover deeper modules [docs/sources.md §G29]'},
	{globs: 'gitlab.example.com/*', module: 'gitlab.example.com/group/p', want: [], why: 'docs/go.md §3.1 host/* covers every module with a path [docs/sources.md §G29]'},
	{globs: 'gitlab.example.com/group/...', module: 'gitlab.example.com/group/p',
		want: [{pattern: 'gitlab.example.com/group/...', problem: 'trailing-star', suggestion: 'gitlab.example.com/group'}], why: 'package-pattern "..." is literal in a glob [docs/sources.md §G24]'},
	{globs: 'gitlab.example.com/[grp', module: 'gitlab.example.com/grp/p', want: [{pattern: 'gitlab.example.com/[grp', problem: 'bad-pattern'}], why: 'docs/go.md §3.1 malformed glob [docs/sources.md §G24][docs/sources.md §G29]'},
	{globs: 'GitLab.Example.com', module: 'gitlab.example.com/g/p',
		want: [{pattern: 'GitLab.Example.com', problem: 'upper-case', suggestion: 'gitlab.example.com'}], why: 'upper case host never matches a module host (docs/go.md §1.2, firstPathOK) [docs/sources.md §G29]'},
	{globs: 'gitlab.example.com/MyGroup', module: 'gitlab.example.com/mygroup/p',
		want: [{pattern: 'gitlab.example.com/MyGroup', problem: 'upper-case', suggestion: 'gitlab.example.com/mygroup'}], why: 'docs/go.md §3.1 case-sensitive path elements [docs/sources.md §G24]'},
	{globs: 'gitlab.example.com,,', module: 'gitlab.example.com/g/p',
		want: [{pattern: '', problem: 'empty', harmless: true}, {pattern: '', problem: 'empty', harmless: true}], why: 'docs/go.md §3.1 empty entries are skipped (harmless) [docs/sources.md §G29]'},
	{globs: 'other.example.com/x/*', module: 'gitlab.example.com/g/p', want: [], why: 'a pattern for another host is not a mistake'},
];

test('findPatternMistakes names each common mistake (docs/go.md §3.1)', () => {
	for (const row of mistakeTable) {
		const got = findPatternMistakes(row.globs, row.module).map(m => {
			const picked: {pattern: string; problem: string; suggestion?: string; harmless?: boolean} = {pattern: m.pattern, problem: m.problem};
			if (m.suggestion !== undefined) picked.suggestion = m.suggestion;
			if (m.harmless) picked.harmless = true;
			return picked;
		});
		assert.deepEqual(got, row.want, row.why);
	}
});

test('findPatternMistakes: every suggestion really matches the module when the mistake is about the module', () => {
	for (const row of mistakeTable) {
		for (const m of findPatternMistakes(row.globs, row.module)) {
			if (m.suggestion !== undefined && m.problem !== 'upper-case') assert.equal(matchPrefixPatterns(m.suggestion, row.module), true, `${row.why}: ${m.suggestion}`);
		}
	}
});

test('findPatternMistakes never echoes a token from a URL', () => {
	for (const globs of ['https://oauth2:glpat-abcdef@gitlab.example.com/g', 'https://glpat-abcdef@gitlab.example.com/g', ' https://glpat-abcdef@gitlab.example.com/g']) {
		const mistakes = findPatternMistakes(globs, 'gitlab.example.com/g/p');
		assert.ok(mistakes.length > 0, globs);
		for (const m of mistakes) assert.ok(!JSON.stringify(m).includes('glpat'), JSON.stringify(m));
	}
});

type MergeRow = {existing: string; module: string; want: string; why: string};

const mergeTable: MergeRow[] = [
	{existing: '', module: 'gitlab.example.com/group/sub/project', want: 'gitlab.example.com', why: 'nothing set: add the host'},
	{existing: 'gitlab.example.com/group', module: 'gitlab.example.com/group/p', want: 'gitlab.example.com/group', why: 'already covered: unchanged'},
	{existing: 'corp.example.org', module: 'gitlab.example.com/g/p', want: 'corp.example.org,gitlab.example.com', why: 'keeps existing, appends host'},
	{existing: 'corp.example.org, gitlab.example.com', module: 'gitlab.example.com/g/p', want: 'corp.example.org,gitlab.example.com', why: 'blank repaired in place'},
	{existing: 'https://gitlab.example.com/group', module: 'gitlab.example.com/group/p', want: 'gitlab.example.com/group', why: 'scheme stripped in place'},
	{existing: 'GitLab.example.com', module: 'gitlab.example.com/g/p', want: 'gitlab.example.com', why: 'upper-case host lowered'},
	{existing: 'a.example.com,,a.example.com, ', module: 'gitlab.example.com/g/p', want: 'a.example.com,gitlab.example.com', why: 'empties and duplicates dropped'},
	{existing: 'a.example.com gitlab.example.com', module: 'gitlab.example.com/g/p', want: 'a.example.com,gitlab.example.com', why: 'a space-separated list is split'},
	{existing: 'gitlab.example.com/[grp', module: 'gitlab.example.com/grp/p', want: 'gitlab.example.com/[grp,gitlab.example.com', why: 'a malformed glob is kept as written'},
	{existing: '', module: 'gitlab.com/mycorp/sub/project', want: 'gitlab.com/mycorp', why: 'shared public host: host/owner, not all of gitlab.com'},
	{existing: 'x.example.com', module: 'https://not a path', want: 'x.example.com', why: 'an invalid module adds nothing'},
];

test('mergedPrivatePatterns keeps, repairs and adds the smallest pattern', () => {
	for (const row of mergeTable) assert.equal(mergedPrivatePatterns(row.existing, row.module), row.want, row.why);
});

test('privatePatternFor: host, or host/owner on shared hosts', () => {
	assert.equal(privatePatternFor('gitlab.example.com/a/b'), 'gitlab.example.com');
	assert.equal(privatePatternFor('github.com/acme/tool'), 'github.com/acme');
});

const globChar = fc.constantFrom('a', 'b', '.', '/', '*', '?', '[', ']', ',', ' ', '-', 'A', 'é', '\r', ':');
const globs = fc.oneof(fc.string(), fc.array(globChar, {maxLength: 20}).map(a => a.join('')));
const targetChar = fc.constantFrom('a', 'b', '.', '/', '-', 'é', '*', 'A');
const targets = fc.oneof(fc.string(), fc.array(targetChar, {maxLength: 16}).map(a => a.join('')));
const validModules = goModulePaths();

test('fuzz: matchers and mistake finders never throw; matchPrefixPatterns is "some entry matches"', () => {
	fc.assert(fc.property(globs, targets, (g, t) => {
		const whole = matchPrefixPatterns(g, t);
		assert.equal(whole, splitPatternList(g).some(entry => matchPrefixPatterns(entry, t)));
		assert.equal(firstMatchingPattern(g, t) !== undefined, whole);
		for (const m of findPatternMistakes(g, t)) assert.ok(m.message.length > 0);
		mergedPrivatePatterns(g, t);
	}), {numRuns: 5000});
});

test('fuzz: the merged value covers a valid module and keeps every entry that already worked', () => {
	fc.assert(fc.property(globs, validModules, (g, module) => {
		const merged = mergedPrivatePatterns(g, module);
		assert.equal(matchPrefixPatterns(merged, module), true, `${JSON.stringify(g)} -> ${JSON.stringify(merged)}`);
		const kept = splitPatternList(merged);
		for (const entry of splitPatternList(g)) {
			const clean = entry !== '' && entry.endsWith('/') === false && !/[\s]/.test(entry) && !/[A-Z]/.test(entry.split('/')[0] ?? '') && !/^[a-z]+:\/\//i.test(entry) && !/@/.test(entry);
			if (clean) assert.ok(kept.includes(entry), `${JSON.stringify(entry)} dropped from ${JSON.stringify(merged)}`);
		}
		const left = findPatternMistakes(merged, module).map(m => m.problem);
		assert.ok(!left.includes('whitespace') && !left.includes('scheme') && !left.includes('empty'), `${JSON.stringify(merged)}: ${left.join(',')}`);
	}), {numRuns: 3000});
});

test('fuzz: a host pattern covers every module on that host', () => {
	fc.assert(fc.property(validModules, module => {
		assert.equal(matchPrefixPatterns(module.split('/')[0]!, module), true);
	}), {numRuns: 2000});
});
