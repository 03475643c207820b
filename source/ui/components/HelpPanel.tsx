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
				· › selected. Steps sit in stages (local settings, the GitLab host, discovery, git, the module proxy), never in a stage
				before a step they need; the line under the list says what the selected step needs and feeds.
			</Text>
		</Box>
	);
}
