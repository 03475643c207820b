import {test} from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {govcsAllowing, govcsAllows, govcsError, parseGovcs} from '../../source/rules/govcs.js';

// docs/go.md §3.6 [docs/sources.md §G17]: default rules private:all,public:git|hg after the user's; first match decides.
test('defaults: a private module may use git, a public one git or hg, nothing else', () => {
	assert.equal(govcsAllows('', 'gitlab.test', 'gitlab.test/g/p', 'git').allowed, true);
	assert.equal(govcsAllows('', 'gitlab.test', 'gitlab.test/g/p', 'svn').allowed, true);
	assert.equal(govcsAllows('', '', 'gitlab.test/g/p', 'git').allowed, true);
	assert.equal(govcsAllows('', '', 'gitlab.test/g/p', 'svn').allowed, false);
});

test('a user rule matching the path decides before the defaults; off allows nothing', () => {
	const decision = govcsAllows('gitlab.test:off', 'gitlab.test', 'gitlab.test/g/p', 'git');
	assert.equal(decision.allowed, false);
	assert.deepEqual(decision.rule, {pattern: 'gitlab.test', allowed: ['off']});
	assert.equal(govcsAllows('private:git', 'gitlab.test', 'gitlab.test/g/p', 'git').allowed, true);
	assert.equal(govcsAllows('public:off', 'gitlab.test', 'gitlab.test/g/p', 'git').allowed, true, 'a private path is not public');
	assert.equal(govcsAllows('*.test:hg|svn', '', 'gitlab.test/g/p', 'git').allowed, false);
});

test("Go's error texts for malformed GOVCS (vcs.go parseGOVCS)", () => {
	assert.equal(parseGovcs('a:git,,b:hg').error, 'empty entry in GOVCS');
	assert.equal(parseGovcs('gitlab.test').error, 'malformed entry in GOVCS (missing colon): "gitlab.test"');
	assert.equal(parseGovcs(':git').error, 'empty pattern in GOVCS: ":git"');
	assert.equal(parseGovcs('a:').error, 'empty VCS list in GOVCS: "a:"');
	assert.equal(parseGovcs('a:git|').error, 'empty VCS name in GOVCS: "a:git|"');
	assert.equal(parseGovcs('a:git,a:hg').error, 'unreachable pattern in GOVCS: "a:hg" after "a:git"');
	assert.equal(parseGovcs('./x:git').error, 'relative pattern not allowed in GOVCS: "./x"');
	assert.deepEqual(parseGovcs(' a : git | hg ').rules, [{pattern: 'a', allowed: ['git', 'hg']}]);
});

test('the error names private or public as Go does, and the fix allows git in the refusing rule', () => {
	assert.equal(govcsError('gitlab.test', 'gitlab.test/g/p', 'git'), "GOVCS disallows using git for private gitlab.test/g/p; see 'go help vcs'");
	assert.equal(govcsAllowing('x.test:hg,gitlab.test:off', {pattern: 'gitlab.test', allowed: ['off']}, 'git'), 'x.test:hg,gitlab.test:git');
	assert.equal(govcsAllows(govcsAllowing('gitlab.test:off', {pattern: 'gitlab.test', allowed: ['off']}, 'git'), '', 'gitlab.test/g/p', 'git').allowed, true);
});

test('fuzz: parsing and deciding never throw', () => {
	fc.assert(
		fc.property(fc.string(), fc.string(), fc.string(), (govcs, goprivate, path) => {
			parseGovcs(govcs);
			govcsAllows(govcs, goprivate, path, 'git');
		}),
		{numRuns: 3000},
	);
});
