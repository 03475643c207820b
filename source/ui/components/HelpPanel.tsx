// Every key, from the same table as the footer, and what the list's marks mean.
import {Box, Text} from 'ink';
import {statusStyles} from '../../output/status-style.js';
import {bindingsFor} from '../key-bindings.js';

export function HelpPanel() {
	const keys = bindingsFor('browse', 'help');
	const width = Math.max(...keys.map(binding => binding.label.length)) + 2;
	return (
		<Box flexDirection="column">
			<Text bold>Keys</Text>
			{keys.map(binding => (
				<Box key={`${binding.command}-${binding.label}`}>
					<Box width={width} flexShrink={0}>
						<Text bold>{binding.label}</Text>
					</Box>
					<Text wrap="wrap">{binding.help}</Text>
				</Box>
			))}
			<Text wrap="wrap">
				<Text bold>Marks </Text>
				{Object.values(statusStyles)
					.map(style => `${style.glyph} ${style.label}`)
					.join(' · ')}{' '}
				· › selected · ▲ feeds the selected step · ▼ depends on it (r re-runs it too) · └ needs the step(s) above it
			</Text>
		</Box>
	);
}
