// Conformance: in each scenario of scenarios.ts the real `go mod download -json M@latest` and the built CLI
// (`gitlab-go-check M --json`, then plain) run in the same isolated environment against the same fake GitLab, and the
// tool's verdict must agree with what Go did (DESIGN.md "How it is tested"). Needs the real go and git.
// The runner and the claims every scenario makes are in runner.ts.
import {describe, test} from 'node:test';
import assert from 'node:assert/strict';
import {checkIds, type CheckId} from '../../source/engine/types.js';
import {asList, CONCURRENCY, forRelease, SCENARIO_TIMEOUT_MS, scenarioReleases, scenarioSuite, selected, skipReason} from './runner.js';
import {scenarios} from './scenarios.js';

describe('conformance: the tool agrees with the real go', {skip: skipReason, concurrency: CONCURRENCY}, () => {
	const suite = scenarioSuite('conformance');

	test('every check id named in the table is a real check id', () => {
		for (const scenario of scenarios) {
			for (const id of asList(scenario.failingCheck)) assert.ok((checkIds as readonly string[]).includes(id), `${scenario.name}: ${id}`);
			if (scenario.goSucceeds) assert.equal(scenario.failingCheck, undefined, `${scenario.name}: go succeeds, yet a failingCheck is named`);
		}
		const names = scenarios.map(s => s.name);
		assert.equal(new Set(names).size, names.length, 'scenario names are unique');
	});

	// Every scenario on every installed Go release (issue 10); a release that is not installed is named, not hidden.
	const {releases, missing} = scenarioReleases();
	for (const release of missing) test(`go ${release}: not installed here, its runs are skipped`, {skip: `/usr/lib/go-${release}/bin/go is missing (.ci/run installs it)`}, () => {});
	for (const release of releases) for (const base of selected(scenarios)) {
		const scenario = forRelease(base, release);
		const label = release ? `[go ${release.release}] ` : '';
		test(`${label}${scenario.name} (go ${scenario.goSucceeds ? 'succeeds' : `fails; ${asList(scenario.failingCheck).join(', ')} fails`}) [${scenario.ref}]`, {todo: scenario.todo, timeout: SCENARIO_TIMEOUT_MS}, async t => {
			const {byId, context} = await suite.run(t, base, {release});
			// Further claims about single checks.
			for (const [id, expected] of Object.entries(scenario.statuses ?? {})) {
				const check = byId.get(id as CheckId);
				assert.equal(check?.status, expected, `${id} should be ${expected}\n${check ? JSON.stringify(check, null, 2) : '(absent)'}\n${context()}`);
			}
		});
	}
});
