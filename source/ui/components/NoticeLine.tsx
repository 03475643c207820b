// A message about what a key just did (copied, saved, applied, refused), with its lines (the
// copied command, the backup file). Redacted like everything else.
import {Box, Text} from 'ink';
import type {Notice} from '../run-state.js';
import {useTint, useUi} from '../hooks/use-ui.js';

const glyphs: Record<Notice['tone'], string> = {info: 'i', success: '✓', error: '✗'};
const colors = {info: 'blue', success: 'green', error: 'red'} as const;

export function NoticeLine({notice}: {notice: Notice}) {
	const {redact} = useUi();
	const tint = useTint();
	return (
		<Box flexDirection="column" marginBottom={1}>
			<Text wrap="wrap" color={tint(colors[notice.tone])}>
				{glyphs[notice.tone]} {redact(notice.text)}
			</Text>
			{(notice.lines ?? []).map((line, index) => (
				<Text key={index} wrap="wrap">
					{'  '}
					{redact(line)}
				</Text>
			))}
		</Box>
	);
}
