// Building result models for renderer tests.
import type {CheckResult, RunResult} from '../../source/engine/types.js';
import {verdictOf} from '../../source/engine/diagnose.js';

export function result(overrides: Partial<CheckResult> & Pick<CheckResult, 'id' | 'status'>): CheckResult {
	return {title: overrides.id, summary: `${overrides.id} summary`, details: [], evidence: {}, fixes: [], blockedBy: [], durationMs: 5, ...overrides};
}

export function runResult(checks: CheckResult[], module = 'gitlab.example.com/group/project'): RunResult {
	return {module, host: module.split('/')[0]!, verdict: verdictOf(checks.map(check => check.status)), checks};
}
