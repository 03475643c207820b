// The repository overview: one row per module with its live status; ↑/↓ select, Enter opens that module's step
// graph (the usual view), q quits. Public modules are listed only.
import {Box, Text} from 'ink';
import Spinner from 'ink-spinner';
import {statusStyles} from '../../output/status-style.js';
import {useOverviewKeys} from '../hooks/use-overview-keys.js';
import {useStore} from '../hooks/use-store.js';
import {useTint, useUi} from '../hooks/use-ui.js';
import {rowStatus, type OverviewAction, type OverviewRow, type OverviewState} from '../repository-state.js';
import type {Store} from '../store.js';

export function RepositoryOverview({store}: {store: Store<OverviewState, OverviewAction>}) {
	const state = useStore(store);
	const {redact} = useUi();
	useOverviewKeys(store);
	const width = Math.min(60, Math.max(0, ...state.rows.map(row => label(row).length)));
	return (
		<Box flexDirection="column">
			<Text bold>gitlab-go-check {redact(state.title)}: {state.rows.length} modules{state.done ? '' : ', checking…'}</Text>
			<Text> </Text>
			{state.rows.map((row, index) => (
				// One line per module, cut at the terminal's edge: a long reason never wraps the table.
				<Text key={`${row.module}@${row.version ?? ''}`} wrap="truncate-end">
					<Text inverse={index === state.selected}>{index === state.selected ? '›' : ' '}</Text>
					<Text> </Text>
					<RowStatus row={row} done={state.done} />
					<Text> {redact(label(row).padEnd(width))}  </Text>
					<Text dimColor>{row.classification ?? '…'}</Text>
					{row.why ? <Text>{` · ${redact(row.why)}`}</Text> : null}
				</Text>
			))}
			<Text> </Text>
			<Text dimColor>↑/↓ select · Enter open the module's step graph · q quit</Text>
		</Box>
	);
}

function label(row: OverviewRow): string {
	return row.version ? `${row.module} ${row.version}` : row.module;
}

function RowStatus({row, done}: {row: OverviewRow; done: boolean}) {
	const tint = useTint();
	const shown = rowStatus(row, done);
	if (shown.kind === 'running') {
		return (
			<Text color={tint('cyan')}>
				<Spinner type="dots" /> run
			</Text>
		);
	}
	if (shown.kind === 'waiting') return <Text dimColor>· wait</Text>;
	const style = statusStyles[shown.status];
	return <Text color={tint(style.color)}>{`${style.glyph} ${style.label.padEnd(4)}`}</Text>;
}
