// go-confirm catches what the model misses: the checks run in-process against the scenario's fake GitLab, each with a
// deliberately wrong rule (a check that fails is made to pass: the model knows nothing of this failure; or a check
// that passes is made to fail where go succeeds). The real go in go-confirm must keep the verdict honest: fail, saying
// the model missed it and why go failed; or warn, showing the disagreement. Needs the real go and git.
import {describe, test} from 'node:test';
import assert from 'node:assert/strict';
import {allChecks} from '../../source/checks/index.js';
import type {GoConfirmData} from '../../source/engine/check-data.js';
import {diagnose} from '../../source/engine/diagnose.js';
import {Redactor} from '../../source/engine/redact.js';
import type {Check, CheckId, Outcome} from '../../source/engine/types.js';
import {createNodeSystem} from '../../source/system/node-system.js';
import {getTestPki, goAvailable} from '../fake-gitlab/index.js';
import {CONCURRENCY, inScenario, SCENARIO_TIMEOUT_MS, secretForms} from './runner.js';
import {LOGINS, scenarios, SECRETS, type Scenario} from './scenarios.js';

/** The wrong rule: this check's verdict is replaced whatever it found. */
function broken(check: Check<any>, forced: 'pass' | 'fail' | ((status: Outcome['status']) => Outcome['status'])): Check<any> {
	return {
		...check,
		async run(context, upstream, signal) {
			const outcome = await check.run(context, upstream, signal);
			const status = typeof forced === 'function' ? forced(outcome.status) : forced;
			return {...outcome, status, summary: `${outcome.summary} (rule broken on purpose: ${status})`, fixes: status === 'fail' ? outcome.fixes : []};
		},
	};
}

/** Every check but go-confirm passes whatever it finds: the model misses every failure. */
const blind = (checks: ReadonlyArray<Check<any>>) => checks.map(check => (check.id === 'go-confirm' ? check : broken(check, status => (status === 'fail' ? 'pass' : status))));

async function runInProcess(env: Record<string, string>, module: string, checks: ReadonlyArray<Check<any>>) {
	const system = createNodeSystem(env, {warmHttp: true});
	const redactor = new Redactor();
	const host = module.split('/')[0]!;
	const {result, finished} = await diagnose({checks, host, context: {options: {module, offline: false, timeoutMs: 5000, verbose: false}, system, secrets: redactor}});
	return {result, redactor, confirm: finished.get('go-confirm')!};
}

const byName = (name: string): Scenario => {
	const scenario = scenarios.find(candidate => candidate.name === name);
	if (!scenario) throw new Error(`no scenario ${name}`);
	return scenario;
};

// One scenario per kind of cause: settings, credentials, discovery, git, TLS, proxy.
const goFails = [
	'GOPRIVATE unset: go asks proxy.golang.org',
	'expired token',
	'private subgroup without any credentials (two-segment fallback)',
	'insteadOf to a wrong project path',
	'Go does not trust the CA',
	'git does not trust the CA that Go trusts',
	'CONNECT proxy demands auth (407)',
].map(byName);
const goSucceeds = ['private subgroup, read_api token in ~/.netrc'].map(byName);

const skipReason = goAvailable() ? false : 'go is not installed: go-confirm needs the real go';
const leakForms = secretForms(SECRETS, LOGINS);

describe('go-confirm catches a model given a wrong rule', {skip: skipReason, concurrency: CONCURRENCY}, () => {
	for (const scenario of goFails) {
		test(`${scenario.name}: every other check blinded, go-confirm still fails the run and says why go failed`, {timeout: SCENARIO_TIMEOUT_MS}, async () => {
			const pki = await getTestPki();
			const {result, redactor, confirm} = await inScenario(pki, scenario, env => runInProcess(env, scenario.module, blind(allChecks)));
			const others = result.checks.filter(check => check.id !== 'go-confirm' && check.status === 'fail');
			assert.deepEqual(others.map(check => check.id), [], 'the blinded checks must not fail');
			assert.equal(confirm.result.status, 'fail', `go-confirm: ${confirm.result.summary}`);
			assert.match(confirm.result.summary, /no check predicted it/);
			assert.equal(result.verdict, 'fail');
			const data = confirm.data as GoConfirmData;
			assert.equal(data.ok, false);
			assert.ok(data.diagnoses.length > 0, `go's error was not explained: ${data.error}`);
			const blamed = [scenario.failingCheck].flat() as CheckId[];
			assert.ok(data.diagnoses.some(diagnosis => diagnosis.checks.some(id => (blamed as string[]).includes(id))), `go's error explained as ${data.diagnoses.map(d => d.checks.join(',')).join('; ')}, the suite blames ${blamed.join(', ')}`);
			assert.ok(confirm.result.details.some(detail => /file it as a bug/.test(detail)));
			const shown = redactor.redact(JSON.stringify(confirm.result));
			for (const form of leakForms.keys()) assert.ok(!shown.includes(form), 'a secret in go-confirm\'s output');
		});
	}
	for (const scenario of goSucceeds) {
		test(`${scenario.name}: a check wrongly failing is shown as a disagreement with the real go`, {timeout: SCENARIO_TIMEOUT_MS}, async () => {
			const pki = await getTestPki();
			const checks = allChecks.map(check => (check.id === 'private-module' ? broken(check, 'fail') : check));
			const {confirm} = await inScenario(pki, scenario, env => runInProcess(env, scenario.module, checks));
			assert.equal(confirm.result.status, 'warn', confirm.result.summary);
			assert.match(confirm.result.summary, /the real go succeeds here .* although private-module failed/);
			assert.equal((confirm.data as GoConfirmData).ok, true);
		});
	}
});
