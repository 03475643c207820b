// A step's state as a glyph and a word, never colour alone: the one status map of every renderer
// for finished steps, a spinner while a step runs.
import {Text} from 'ink';
import Spinner from 'ink-spinner';
import type {Status} from '../../engine/types.js';
import {statusStyles} from '../../output/status-style.js';
import type {StepView} from '../run-state.js';
import {useTint} from '../hooks/use-ui.js';

export function StatusBadge({phase, status}: {phase: StepView['phase']; status: Status | undefined}) {
	const tint = useTint();
	if (phase === 'running') {
		return (
			<Text color={tint('cyan')}>
				<Spinner type="dots" /> run{'  '}
			</Text>
		);
	}
	if (phase === 'queued') return <Text dimColor>· wait </Text>;
	if (phase === 'idle' || status === undefined) return <Text dimColor>·      </Text>;
	const style = statusStyles[status];
	return (
		<Text color={tint(style.color)} bold={status === 'fail'}>
			{style.glyph} {style.label.padEnd(4)}{' '}
		</Text>
	);
}
