import {test} from 'node:test';
import assert from 'node:assert/strict';
import {classifyModule, isPublicCodeHost, type VisibilityFacts} from '../../source/rules/module-visibility.js';

const none = {GOPRIVATE: '', GONOPROXY: '', GONOSUMDB: ''};
const facts = (module: string, extra: Partial<VisibilityFacts> = {}): VisibilityFacts => ({module, host: module.split('/')[0]!, patterns: none, ...extra});

test('GOPRIVATE, GONOPROXY or GONOSUMDB covering the module makes it private, with the variable as the reason', () => {
	for (const key of ['GOPRIVATE', 'GONOPROXY', 'GONOSUMDB'] as const) {
		const visibility = classifyModule(facts('gitlab.example.com/a/b', {patterns: {...none, [key]: 'gitlab.example.com'}}));
		assert.deepEqual(visibility, {classification: 'private', reason: `${key} covers it`});
	}
	// A pattern for another path does not.
	assert.equal(classifyModule(facts('gitlab.example.com/a/b', {patterns: {...none, GOPRIVATE: 'gitlab.example.com/c'}})).classification, 'unknown');
});

test('online, GitLab\'s anonymous answer decides; offline a self-hosted host nothing marks is unknown', () => {
	assert.equal(classifyModule(facts('gitlab.example.com/a/b', {anonymous: 'public'})).classification, 'public');
	assert.equal(classifyModule(facts('gitlab.example.com/a/b', {anonymous: 'not-found'})).classification, 'private');
	assert.equal(classifyModule(facts('gitlab.example.com/a/b', {anonymous: 'two-segment-fallback'})).classification, 'private');
	assert.equal(classifyModule(facts('gitlab.example.com/a/b')).classification, 'unknown');
	assert.equal(classifyModule(facts('gitlab.com/gitlab-org/api/client-go')).classification, 'unknown');
});

test('credentials or an insteadOf rule for the host make it private; a public code host stays public unless a pattern covers it', () => {
	assert.equal(classifyModule(facts('gitlab.example.com/a/b', {credentials: 'a .netrc entry'})).classification, 'private');
	assert.equal(classifyModule(facts('gitlab.example.com/a/b', {insteadOf: 'ssh://git@gitlab.example.com/'})).classification, 'private');
	assert.equal(classifyModule(facts('github.com/org/repo', {credentials: 'a .netrc entry'})).classification, 'public');
	assert.equal(classifyModule(facts('github.com/org/repo', {patterns: {...none, GOPRIVATE: 'github.com/org'}})).classification, 'private');
	assert.ok(isPublicCodeHost('golang.org') && isPublicCodeHost('GitHub.com') && !isPublicCodeHost('gitlab.com'));
});
