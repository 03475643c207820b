import {test} from 'node:test';
import assert from 'node:assert/strict';
import {renderJson} from '../../source/output/json.js';
import {toRepositoryDocument} from '../../source/output/repository-json.js';
import {Redactor} from '../../source/engine/redact.js';
import {checkIds} from '../../source/engine/types.js';
import {result, runResult} from '../helpers/results.js';

test('the JSON document keeps every field of schemaVersion 1 in schemaVersion 2, and adds run, counts and facts', () => {
	const document = JSON.parse(renderJson(runResult([result({id: 'go-env', status: 'warn', fixes: [{title: 't', commands: ['c'], safe: true}]})]), new Redactor()));
	assert.deepEqual(Object.keys(document), ['schemaVersion', 'tool', 'module', 'host', 'verdict', 'run', 'counts', 'facts', 'checks']);
	assert.equal(document.schemaVersion, 2);
	assert.equal(document.tool.name, 'gitlab-go-check');
	assert.match(document.tool.version, /^\d+\.\d+\.\d+/);
	assert.equal(document.verdict, 'warn');
	assert.deepEqual(Object.keys(document.checks[0]), ['id', 'title', 'status', 'reason', 'summary', 'details', 'evidence', 'fixes', 'blockedBy', 'durationMs']);
	assert.deepEqual(document.checks[0].fixes, [{title: 't', commands: ['c'], safe: true}]);
	assert.ok(checkIds.includes(document.checks[0].id));
});

test('secrets never reach JSON output, in any nested field', () => {
	const redactor = new Redactor();
	redactor.add('s3cr3t-value');
	const text = renderJson(
		runResult([result({id: 'netrc', status: 'pass', summary: 's3cr3t-value', evidence: {deep: {list: ['glpat-zzzzzzzzzzzz', 's3cr3t-value']}}})]),
		redactor,
	);
	assert.ok(!text.includes('s3cr3t-value'));
	assert.ok(!text.includes('zzzzzzzzzzzz'));
	JSON.parse(text);
});

test('schemaVersion 2: the run\'s versions and options at the top, counts per status, facts with their source apart, a reason on each failing or warning check', () => {
	const run = runResult([
		result({
			id: 'go-env',
			status: 'pass',
			facts: {go: {version: 'go1.22.2', envFile: '/home/u/.config/go/env (text)', settings: [{key: 'GOPRIVATE', value: 'gitlab.example.com', source: 'go env file'}]}},
		}),
		result({id: 'netrc', status: 'fail'}),
		result({id: 'go-confirm', status: 'fail', reason: 'go-fails:git-no-credentials'}),
		result({id: 'token', status: 'skip', blockedBy: ['netrc']}),
	]);
	const info = {os: {platform: 'linux', release: '6.1', arch: 'x64'}, node: 'v20.0.0', git: 'git version 2.39.5', options: {offline: false, timeoutMs: 10_000, confirm: true, verbose: false}, version: 'v1.2.0'};
	const document = JSON.parse(renderJson(run, new Redactor(), undefined, info));
	assert.deepEqual(document.run, {os: info.os, node: 'v20.0.0', go: 'go1.22.2', git: 'git version 2.39.5', options: info.options, version: 'v1.2.0'});
	assert.deepEqual(document.counts, {pass: 1, warn: 0, fail: 2, skip: 1});
	assert.deepEqual(document.facts.go.settings, [{key: 'GOPRIVATE', value: 'gitlab.example.com', source: 'go env file'}]);
	const byId = Object.fromEntries(document.checks.map((check: {id: string}) => [check.id, check]));
	assert.equal(byId['netrc'].reason, 'netrc-fail');
	assert.equal(byId['go-confirm'].reason, 'go-fails:git-no-credentials');
	assert.equal('reason' in byId['go-env'], false);
	assert.equal('reason' in byId['token'], false);
});

test('repository JSON: a host check about some of its modules names them in concerns', () => {
	const document = toRepositoryDocument(
		{
			verdict: 'fail',
			settings: [result({id: 'go-env', status: 'pass'})],
			hosts: [{host: 'gitlab.example.com', modules: 2, verdict: 'warn', checks: [result({id: 'token', status: 'warn', reason: 'token-project-hidden', concerns: ['gitlab.example.com/group/hidden']}), result({id: 'https', status: 'pass'})]}],
			modules: [],
		},
		undefined,
	);
	assert.deepEqual(document.hosts[0]!.checks.map(each => (each as {concerns?: string[]}).concerns), [['gitlab.example.com/group/hidden'], undefined]);
});
