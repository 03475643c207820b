// The step graph in dependency order: each step indented one level below the deepest step it needs;
// ▲ marks the steps that feed the selected one, ▼ every step that depends on it (r re-runs those too).
import {Box} from 'ink';
import type {CheckId} from '../../engine/types.js';
import {blockedText, formatDuration, runningText} from '../format.js';
import {relationsTo} from '../graph.js';
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

export function titleWidthFor(steps: StepView[], columns: number): number {
	const widest = Math.max(0, ...steps.map(step => step.title.length + (step.depth === 0 ? 0 : Math.min(step.depth, 4) * 2)));
	// Leave the summary at least a third of the line.
	return Math.max(10, Math.min(widest + 1, Math.floor(columns / 3), 34));
}

export function StepList({steps, selected, host, columns, now}: StepListProps) {
	const selectedStep = steps[selected];
	const titleWidth = titleWidthFor(steps, columns);
	const titleOf = (id: CheckId) => steps.find(step => step.id === id)?.title ?? id;
	const statusOf = (id: CheckId) => steps.find(step => step.id === id)?.result?.status;
	const relations = relationsTo(steps, selectedStep);
	return (
		<Box flexDirection="column">
			{steps.map(step => {
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
					<StepRow
						key={step.id}
						step={step}
						relation={relations.get(step.id)}
						titleWidth={titleWidth}
						duration={duration}
						summary={summary}
					/>
				);
			})}
		</Box>
	);
}
