// The selected step in full: what it found, why in plain words, the evidence, each fix as exact
// commands with its link, and how the step sits in the graph. Every string is redacted here.
import {Box, Text} from 'ink';
import type {ReactNode} from 'react';
import type {CheckId} from '../../engine/types.js';
import {statusStyles} from '../../output/status-style.js';
import {blockedText, evidenceLines, formatDuration} from '../format.js';
import type {StepView} from '../run-state.js';
import {useTint, useUi} from '../hooks/use-ui.js';

export type StepDetailsProps = {
	step: StepView;
	steps: StepView[];
	fixIndex: number;
	/** Lines scrolled off the top. */
	scroll: number;
	/** Whether the person can apply a safe fix here (the fix engine is there). */
	canApply: boolean;
};

export function StepDetails({step, steps, fixIndex, scroll, canApply}: StepDetailsProps) {
	const {redact} = useUi();
	const tint = useTint();
	const titleOf = (id: CheckId) => steps.find(other => other.id === id)?.title ?? id;
	const statusOf = (id: CheckId) => steps.find(other => other.id === id)?.result?.status;
	const describe = (id: CheckId) => {
		const status = statusOf(id);
		return status ? `${titleOf(id)} (${statusStyles[status].label})` : titleOf(id);
	};
	const lines: ReactNode[] = [];
	// Indented by the box, so a wrapped line stays indented too.
	const line = (key: string, node: ReactNode, indent = 0) =>
		lines.push(
			<Box key={key} paddingLeft={indent}>
				{node}
			</Box>,
		);
	const heading = (key: string, text: string) => line(key, <Text bold>{text}</Text>);
	const {result} = step;

	if (!result) {
		line('state', <Text>{step.title}: {step.phase === 'running' ? 'running…' : 'waiting for the steps it needs'}</Text>);
	} else {
		const style = statusStyles[result.status];
		line(
			'title',
			<Text wrap="wrap">
				<Text color={tint(style.color)} bold>
					{style.glyph} {style.label}
				</Text>{' '}
				<Text bold>{step.title}</Text>
				{result.blockedBy.length > 0 ? '' : ` · ${formatDuration(result.durationMs)}`}
			</Text>,
		);
		line('summary', <Text wrap="wrap">{redact(result.summary)}</Text>);
		if (result.blockedBy.length > 0) {
			line('blocked', <Text wrap="wrap">{`This step did not run: it is ${blockedText(result, titleOf, statusOf)}. Fix that step; this one runs again with it (r).`}</Text>);
		}
		if (result.details.length > 0) {
			heading('why', 'Why');
			result.details.forEach((detail, index) => line(`why-${index}`, <Text wrap="wrap">{redact(detail)}</Text>, 2));
		}
		const evidence = Object.entries(result.evidence);
		if (evidence.length > 0) {
			heading('evidence', 'Evidence');
			evidence.flatMap(([key, value]) => evidenceLines(key, value)).forEach((text, index) =>
				line(`evidence-${index}`, <Text wrap="wrap" dimColor>{redact(text)}</Text>, 2),
			);
		}
		result.fixes.forEach((fix, index) => {
			const chosen = index === Math.min(fixIndex, result.fixes.length - 1);
			const how = fix.safe ? (canApply ? 'f applies it, c copies it' : 'c copies it') : fix.commands.length > 0 ? 'needs a person; c copies it' : 'needs a person';
			line(
				`fix-${index}`,
				<Text wrap="wrap">
					<Text bold>{chosen ? '› ' : '  '}Fix{result.fixes.length > 1 ? ` ${index + 1} of ${result.fixes.length}` : ''}: </Text>
					{redact(fix.title)} <Text dimColor>({how})</Text>
				</Text>,
			);
			fix.commands.forEach((command, commandIndex) =>
				line(`fix-${index}-command-${commandIndex}`, <Text wrap="wrap" color={tint('cyan')}>$ {redact(command)}</Text>, 4),
			);
			if (fix.link) line(`fix-${index}-link`, <Text wrap="wrap" color={tint('blue')}>{redact(fix.link)}</Text>, 4);
		});
	}
	const reads = step.waitsFor.filter(id => !step.needs.includes(id));
	const graph = [
		step.needs.length > 0 ? `Needs: ${step.needs.map(describe).join(', ')}` : 'Needs no other step',
		reads.length > 0 ? `Also reads: ${reads.map(describe).join(', ')}` : undefined,
		step.feeds.length > 0 ? `Feeds: ${step.feeds.map(titleOf).join(', ')}` : undefined,
	].filter(Boolean);
	line('graph', <Text wrap="wrap" dimColor>{graph.join(' · ')}</Text>);

	const hidden = Math.min(scroll, Math.max(0, lines.length - 1));
	return (
		<Box flexDirection="column">
			{hidden > 0 ? <Text dimColor>↑ {hidden} more above (PgUp)</Text> : null}
			{lines.slice(hidden)}
		</Box>
	);
}
