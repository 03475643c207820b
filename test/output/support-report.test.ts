// The one support report: what --report writes after a headless run and what `s` saves in the interactive view.
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {readFileSync} from 'node:fs';
import {Redactor} from '../../source/engine/redact.js';
import {supportReport} from '../../source/support-report.js';
import {fakeSystem} from '../helpers/fake-system.js';
import {result, runResult} from '../helpers/results.js';

test('the report names the invocation and every check of the tool that did not run, with why', async () => {
	const offline = runResult([result({id: 'go-env', status: 'pass'}), result({id: 'private-module', status: 'pass'}), result({id: 'module-path', status: 'pass'}), result({id: 'netrc', status: 'pass'})]);
	const report = await supportReport(fakeSystem({env: {HOME: '/home/u'}}), offline, new Redactor(), {offline: true, timeoutMs: 10_000, confirm: true, verbose: false, geoSecondary: undefined}, ['gitlab.example.com/group/project', '--offline']);
	assert.match(report, /Command: `gitlab-go-check gitlab\.example\.com\/group\/project --offline`/);
	assert.match(report, /\| offline \| `true` \|/);
	assert.match(report, /\| timeout \| `10 s` \|/);
	assert.match(report, /\*\*Checks that did not run:\*\*/);
	for (const id of ['https', 'token', 'go-import', 'git-access', 'go-confirm']) assert.match(report, new RegExp(`\\(\`${id}\`\\): --offline runs the local checks only`), id);
	assert.doesNotMatch(report, /\(`netrc`\): --offline/, 'a check that ran is not listed');
	const noConfirm = await supportReport(fakeSystem({env: {HOME: '/home/u'}}), offline, new Redactor(), {offline: false, timeoutMs: 10_000, confirm: false, verbose: false, geoSecondary: undefined}, []);
	assert.match(noConfirm, /\(`go-confirm`\): --no-confirm/);
});

test('the interactive view and the headless run write the report through the same function', () => {
	// Both entry points hand the run to supportReport; neither builds the report from the Markdown writer itself.
	for (const file of ['source/headless.ts', 'source/interactive.tsx']) {
		const text = readFileSync(file, 'utf8');
		assert.match(text, /supportReport\(system, result, redactor, options, process\.argv\.slice\(2\)\)/, file);
		assert.doesNotMatch(text, /renderMarkdownReport|collectReportFacts/, file);
	}
});
