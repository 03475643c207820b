// One step of the graph on one line: selection and relation marks, status, the step indented under
// what it needs, its duration and a one-line summary. Memoised: a finished row that is not selected
// gets the same props on every tick and is not rendered again.
import {Box, Text} from 'ink';
import {memo} from 'react';
import type {Relation} from '../graph.js';
import type {StepView} from '../run-state.js';
import {useUi} from '../hooks/use-ui.js';
import {StatusBadge} from './StatusBadge.js';

export type StepRowProps = {
	step: StepView;
	relation: Relation;
	titleWidth: number;
	/** Already worded: a finished step's duration, or whole seconds of a running one (so it changes once a second). */
	duration: string;
	summary: string;
};

const marks: Record<Exclude<Relation, undefined>, string> = {selected: '›', 'feeds-selected': '▲', 'needs-selected': '▼'};

function indentOf(depth: number): string {
	if (depth === 0) return '';
	return `${'  '.repeat(Math.min(depth, 4) - 1)}└ `;
}

export const StepRow = memo(function StepRow({step, relation, titleWidth, duration, summary}: StepRowProps) {
	const {redact} = useUi();
	const selected = relation === 'selected';
	return (
		<Box>
			<Box width={2} flexShrink={0}>
				<Text bold={selected}>{relation ? marks[relation] : ' '}</Text>
			</Box>
			<Box width={8} flexShrink={0}>
				<StatusBadge phase={step.phase} status={step.result?.status} />
			</Box>
			<Box width={titleWidth} flexShrink={0}>
				<Text wrap="truncate-end" bold={selected} inverse={selected}>
					{indentOf(step.depth)}
					{step.title}
				</Text>
			</Box>
			<Box width={7} flexShrink={0} justifyContent="flex-end">
				<Text dimColor>{duration}</Text>
			</Box>
			<Box flexGrow={1} flexShrink={1} marginLeft={2}>
				<Text wrap="truncate-end" dimColor={step.phase !== 'done'}>
					{redact(summary)}
				</Text>
			</Box>
		</Box>
	);
});
