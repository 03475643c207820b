// The step graph in stages (local settings, the GitLab host, discovery, git, the module proxy): a step never sits in a
// stage before a step it needs. Under the list, the selected step's edges in words: what it needs, what else it reads,
// what it feeds, and what `r` runs again with it.
import {Box, Text} from 'ink';
import type {CheckId} from '../../engine/types.js';
import {blockedText, formatDuration, runningText} from '../format.js';
import {dependentsOf, stages} from '../graph.js';
import type {StepView} from '../run-state.js';
import {StepRow} from './StepRow.js';

export type StepListProps = {
	steps: StepView[];
	selected: number;
	host: string | undefined;
	columns: number;
	/** The engine clock, ticking while something runs. */
	now: number;
};

/** Steps are indented this much under their stage's title. */
const stepIndent = 2;

export function titleWidthFor(steps: StepView[], columns: number): number {
	const widest = Math.max(0, ...steps.map(step => step.title.length + stepIndent));
	// Leave the summary at least a third of the line.
	return Math.max(10, Math.min(widest + 1, Math.floor(columns / 3), 34));
}

/** The stages that hold a step, in order, each with its steps (in list order). */
function stagesOf(steps: StepView[]) {
	return stages.map(stage => ({...stage, steps: steps.filter(step => step.stage === stage.id)})).filter(stage => stage.steps.length > 0);
}

/** Lines the list takes: a title per stage, a line per step, and the line about the selected step. */
export function stepListHeight(steps: StepView[]): number {
	return stagesOf(steps).length + steps.length + 1;
}

/** The selected step's edges in words, e.g. "go-get discovery needs Module path, HTTPS to the host · feeds git route". */
export function edgesInWords(step: StepView, steps: StepView[]): string {
	const titleOf = (id: CheckId) => steps.find(other => other.id === id)?.title ?? id;
	const reads = step.waitsFor.filter(id => !step.needs.includes(id));
	const again = dependentsOf(steps, step.id).size;
	return [
		`${step.title} ${step.needs.length > 0 ? `needs ${step.needs.map(titleOf).join(', ')}` : 'needs no other step'}`,
		reads.length > 0 ? `waits to read ${reads.map(titleOf).join(', ')}` : undefined,
		step.feeds.length > 0 ? `feeds ${step.feeds.map(titleOf).join(', ')}` : 'feeds no other step',
		again > 0 ? `r re-runs ${again === 1 ? 'it and 1 more' : `it and ${again} more`}` : undefined,
	]
		.filter(Boolean)
		.join(' · ');
}

export function StepList({steps, selected, host, columns, now}: StepListProps) {
	const selectedStep = steps[selected];
	const titleWidth = titleWidthFor(steps, columns);
	const titleOf = (id: CheckId) => steps.find(step => step.id === id)?.title ?? id;
	const statusOf = (id: CheckId) => steps.find(step => step.id === id)?.result?.status;
	const row = (step: StepView) => {
		let duration = '';
		let summary = '';
		if (step.phase === 'running') {
			const elapsed = Math.floor((now - (step.startedAt ?? now)) / 1000) * 1000;
			duration = elapsed >= 1000 ? formatDuration(elapsed) : '';
			summary = runningText(step, elapsed, host);
		} else if (step.phase === 'queued') {
			const waiting = step.waitsFor.filter(id => steps.find(other => other.id === id)?.phase !== 'done').map(titleOf);
			summary = waiting.length > 0 ? `after ${waiting.join(', ')}` : 'starting';
		} else if (step.result) {
			const {result} = step;
			duration = result.blockedBy.length > 0 ? '' : formatDuration(result.durationMs);
			summary = result.blockedBy.length > 0 ? blockedText(result, titleOf, statusOf) : result.summary;
		}
		return (
			<StepRow key={step.id} step={step} selected={step === selectedStep} indent={stepIndent} titleWidth={titleWidth} duration={duration} summary={summary} />
		);
	};
	return (
		<Box flexDirection="column">
			{stagesOf(steps).map(stage => (
				<Box key={stage.id} flexDirection="column">
					<Box marginLeft={10}>
						<Text bold dimColor>
							{stage.title}
						</Text>
					</Box>
					{stage.steps.map(row)}
				</Box>
			))}
			<Box marginLeft={2}>
				<Text wrap="truncate-end" dimColor>
					{selectedStep ? edgesInWords(selectedStep, steps) : ' '}
				</Text>
			</Box>
		</Box>
	);
}
