// What the real go's answer says about the checks: the same failure (the checks are confirmed), a failure no check
// predicted (a bug of this tool), or success while checks failed (each failed check is a real risk that stays, or a
// disagreement the engine shows as a warning: rules/risk-when-go-works.ts, engine/diagnose.ts reconcileWithGo).
import type {GoConfirmData} from '../engine/check-data.js';
import type {CheckResult, Fix, Outcome} from '../engine/types.js';
import {classifyErrorText, type Diagnosis} from '../rules/go-git-errors.js';
import {riskWhenGoWorks} from '../rules/risk-when-go-works.js';
import type {GoRun} from './go-confirm-run.js';

/** go's and git's errors for a host that cannot be reached now (DNS, refused, timeout, proxy down). */
const unreachableReasons = new Set(['go-dns', 'go-refused', 'go-timeout', 'go-proxy-connect', 'git-network', 'ssh-network']);

/** One real go run and how it was asked. */
export type Confirmation = {
	run: GoRun;
	/** MODULE@VERSION as asked. */
	spec: string;
	/** The module path asked for. */
	path: string;
	/** The command as shown (`go get …`, `go mod download …`), and its first words. */
	command: string;
	verb: 'go get' | 'go mod download';
	/** Where the version came from, when not typed (`go.mod line 7`). */
	from?: string;
	tookMs: number;
	limitMs: number;
};

function firstLines(text: string, count = 8): string {
	const lines = text.trim().split('\n');
	return lines.slice(0, count).join('\n') + (lines.length > count ? `\n… ${lines.length - count} more lines` : '');
}

function uniqueFixes(diagnoses: Diagnosis[]): Fix[] {
	const seen = new Set<string>();
	return diagnoses.flatMap(diagnosis => diagnosis.fixes).filter(fix => {
		const key = JSON.stringify([fix.title, fix.commands]);
		if (seen.has(key)) return false;
		seen.add(key);
		return true;
	});
}

/** go's answer as data and evidence, before the other checks are read; for a failure, its cause in one line and
 * whether go could not reach a host at all (DNS, refused, timeout, proxy down). */
function readConfirmation(confirmation: Confirmation): {data: GoConfirmData; evidence: Record<string, unknown>; error?: string; diagnoses: Diagnosis[]; cause: string; unreachable: boolean} {
	const {run, spec, path, command, from, tookMs, limitMs} = confirmation;
	const error = run.ok ? undefined : run.timedOut ? `go did not finish within ${Math.round(limitMs / 1000)} s` : run.error;
	const diagnoses = error !== undefined && !run.timedOut ? classifyErrorText(error, {module: path}) : [];
	const data: GoConfirmData = {target: spec, ok: run.ok, ...(run.resolved ? {version: `${run.resolved.path}@${run.resolved.version}`} : {}), ...(error !== undefined ? {error} : {}), diagnoses, timedOut: run.timedOut};
	const evidence: Record<string, unknown> = {command, asked: from ? `${spec} (${from})` : spec, durationMs: tookMs};
	if (run.resolved) evidence['resolved'] = `${run.resolved.path}@${run.resolved.version}`;
	if (error !== undefined) evidence['goError'] = firstLines(error);
	if (diagnoses[0]) evidence['explained'] = `${diagnoses[0].reason}: ${diagnoses[0].cause}`;
	const cause = diagnoses[0]?.cause ?? (run.timedOut ? (error ?? '') : `go said: ${firstLines(error ?? '', 1)}`);
	const unreachable = run.timedOut || diagnoses.some(diagnosis => unreachableReasons.has(diagnosis.reason));
	return {data, evidence, ...(error !== undefined ? {error} : {}), diagnoses, cause, unreachable};
}

/** The verdict once the other checks are known: `failed` are those that failed for this module (and its host). */
export function judgeConfirmation(confirmation: Confirmation, failed: CheckResult[]): Outcome<GoConfirmData> {
	const {data, evidence, error, diagnoses, cause, unreachable} = readConfirmation(confirmation);
	const {command, spec, tookMs} = confirmation;
	const {ok} = confirmation.run;
	const resolved = confirmation.run.resolved;
	const failedIds = failed.map(r => r.id);

	if (!ok) {
		const pointsAt = [...new Set(diagnoses.flatMap(d => d.checks))].filter(id => id !== 'go-confirm');
		const details = [`${command} (in a throw-away module) failed:\n${firstLines(error!)}`];
		if (failed.length === 0) {
			details.push(
				`No other check predicted this: the model of what go does missed this case${pointsAt.length > 0 ? ` (go's error points at ${pointsAt.join(', ')})` : ''}. Please file it as a bug of gitlab-go-check, with a report (--report FILE) attached.`,
			);
			return {status: 'fail', reason: `model-missed:${diagnoses[0]?.reason ?? 'unexplained'}`, summary: `the real go fails, but no check predicted it: ${cause}`, details, evidence, fixes: uniqueFixes(diagnoses), data};
		}
		// go could not reach a host either: with https unreachable too, the run is "cannot check now" (exit 3).
		if (unreachable) evidence['unreachable'] = true;
		const agree = pointsAt.some(id => failedIds.includes(id));
		if (!agree && pointsAt.length > 0) details.push(`go's error points at ${pointsAt.join(', ')}; the checks that failed are ${failedIds.join(', ')}: see both.`);
		return {status: 'fail', reason: `go-fails:${diagnoses[0]?.reason ?? 'unexplained'}`, summary: `the real go fails too: ${cause}`, details, evidence, data};
	}
	if (failed.length === 0) {
		return {status: 'pass', summary: `${confirmation.verb} resolved ${resolved ? `${resolved.path}@${resolved.version}` : spec} in ${(tookMs / 1000).toFixed(1)} s`, evidence, data};
	}
	// Each failed check: a real risk go's success does not remove (it stays failed, with why go still works), or a
	// disagreement with the real go (the engine turns it into a warning: engine/diagnose.ts reconcileWithGo).
	const risks = failed.flatMap(r => {
		const why = riskWhenGoWorks(r.id, r.reason);
		return why ? [{id: r.id, reason: r.reason!, why}] : [];
	});
	const disagreements = failed.filter(r => !risks.some(risk => risk.id === r.id)).map(r => ({id: r.id, ...(r.reason ? {reason: r.reason} : {})}));
	Object.assign(data, {risks, disagreements});
	const resolvedText = resolved ? `${resolved.path}@${resolved.version}` : spec;
	const riskLines = risks.map(risk => `${risk.id} stays failed, a real risk: ${risk.why}.`);
	const worked = `${command} succeeded with your settings and a fresh module cache, so ${confirmation.verb} works on this machine today.`;
	if (disagreements.length === 0) {
		return {
			status: 'pass',
			summary: `${confirmation.verb} resolved ${resolvedText}; ${risks.map(risk => risk.id).join(', ')} still ${risks.length === 1 ? 'fails as a real risk' : 'fail as real risks'}`,
			details: [worked, ...riskLines],
			evidence,
			data,
		};
	}
	const disagreeIds = disagreements.map(d => d.id).join(', ');
	return {
		status: 'warn',
		reason: 'go-disagrees-with-checks',
		summary: `the real go succeeds here (resolved ${resolvedText}) although ${disagreeIds} failed: the model and go disagree`,
		details: [
			worked,
			`${disagreeIds} ${disagreements.length === 1 ? 'is' : 'are'} shown as a warning, not a failure: nothing known makes ${disagreements.length === 1 ? 'that failure' : 'those failures'} a risk while go works, so the check is likely wrong here: please file the case with a report (--report FILE).`,
			...riskLines,
		],
		evidence,
		data,
	};
}

/** A module that fails the very checks, for the very reasons, that another module on its host fails, where the real
 * go was run and failed too: go is not run again for each of them (a repository may have dozens). */
export function judgeSameFailure(confirmation: Confirmation, failed: CheckResult[], spec: string): Outcome<GoConfirmData> {
	const {data, evidence, error, diagnoses, cause, unreachable} = readConfirmation(confirmation);
	if (unreachable) evidence['unreachable'] = true;
	return {
		status: 'fail',
		reason: `go-fails:${diagnoses[0]?.reason ?? 'unexplained'}`,
		summary: `the real go fails too (asked for ${confirmation.spec}, which fails the same checks): ${cause}`,
		details: [
			`${failed.map(r => r.id).join(', ')} failed for ${spec} exactly as for ${confirmation.spec}, so go was run once for both: ${confirmation.command} (in a throw-away module) failed:\n${firstLines(error ?? '')}`,
		],
		evidence: {...evidence, sameAs: confirmation.spec},
		data: {...data, target: spec},
	};
}
