// One step of the graph on one line: the selection mark, status, the step under its stage's title, its duration and a
// one-line summary. Memoised: a finished row that is not selected gets the same props on every tick and is not
// rendered again.
import {Box, Text} from 'ink';
import {memo} from 'react';
import type {StepView} from '../run-state.js';
import {useUi} from '../hooks/use-ui.js';
import {StatusBadge} from './StatusBadge.js';

export type StepRowProps = {
	step: StepView;
	selected: boolean;
	/** Columns before the title, under its stage's title. */
	indent: number;
	titleWidth: number;
	/** Already worded: a finished step's duration, or whole seconds of a running one (so it changes once a second). */
	duration: string;
	summary: string;
};

export const StepRow = memo(function StepRow({step, selected, indent, titleWidth, duration, summary}: StepRowProps) {
	const {redact} = useUi();
	return (
		<Box>
			<Box width={2} flexShrink={0}>
				<Text bold={selected}>{selected ? '›' : ' '}</Text>
			</Box>
			<Box width={8} flexShrink={0}>
				<StatusBadge phase={step.phase} status={step.result?.status} />
			</Box>
			<Box width={titleWidth} flexShrink={0}>
				<Text wrap="truncate-end">
					{' '.repeat(indent)}
					<Text bold={selected} inverse={selected}>
						{step.title}
					</Text>
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
