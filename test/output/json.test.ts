import {test} from 'node:test';
import assert from 'node:assert/strict';
import {renderJson} from '../../source/output/json.js';
import {Redactor} from '../../source/engine/redact.js';
import {checkIds} from '../../source/engine/types.js';
import {result, runResult} from '../helpers/results.js';

test('the JSON document has the contract shape of DESIGN.md (schemaVersion 1)', () => {
	const document = JSON.parse(renderJson(runResult([result({id: 'go-env', status: 'warn', fixes: [{title: 't', commands: ['c'], safe: true}]})]), new Redactor()));
	assert.deepEqual(Object.keys(document), ['schemaVersion', 'tool', 'module', 'host', 'verdict', 'checks']);
	assert.equal(document.schemaVersion, 1);
	assert.equal(document.tool.name, 'gitlab-go-check');
	assert.match(document.tool.version, /^\d+\.\d+\.\d+/);
	assert.equal(document.verdict, 'warn');
	assert.deepEqual(Object.keys(document.checks[0]), ['id', 'title', 'status', 'summary', 'details', 'evidence', 'fixes', 'blockedBy', 'durationMs']);
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
