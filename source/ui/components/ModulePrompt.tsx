// No MODULE on the command line: ask for one, offering the modules of ./go.mod that look private.
import {Box, Text} from 'ink';
import {visibleSuggestions, type PromptState} from '../run-state.js';
import {useTint, useUi} from '../hooks/use-ui.js';

export function ModulePrompt({prompt, columns}: {prompt: PromptState; columns: number}) {
	const tint = useTint();
	const {redact} = useUi();
	const visible = visibleSuggestions(prompt);
	const moduleWidth = Math.min(Math.max(0, ...visible.map(s => s.module.length)) + 2, Math.floor(columns * 0.6));
	return (
		<Box flexDirection="column">
			<Text wrap="wrap">
				<Text bold>gitlab-go-check</Text>: which module should <Text bold>go get</Text> be checked for?
			</Text>
			<Text dimColor wrap="wrap">
				A module or package path, e.g. gitlab.example.com/group/project
			</Text>
			<Text>
				<Text bold>Module › </Text>
				{redact(prompt.text)}
				<Text inverse> </Text>
			</Text>
			{prompt.error ? (
				<Box flexDirection="column">
					<Text wrap="wrap" color={tint('red')}>
						✗ {redact(prompt.error)}
					</Text>
					{prompt.hint ? <Text wrap="wrap">{'  '}{redact(prompt.hint)}</Text> : null}
				</Box>
			) : null}
			<Text> </Text>
			{prompt.loading ? (
				<Text dimColor>Looking for private modules in ./go.mod…</Text>
			) : prompt.suggestions.length === 0 ? (
				<Text dimColor wrap="wrap">No module in ./go.mod looks private (matched by GOPRIVATE, or on a host with a .netrc entry).</Text>
			) : (
				<Box flexDirection="column">
					<Text dimColor>From ./go.mod, looking private ({visible.length} of {prompt.suggestions.length}):</Text>
					{visible.slice(0, 12).map((suggestion, index) => (
						<Box key={suggestion.module}>
							<Box width={2} flexShrink={0}>
								<Text bold>{index === prompt.highlighted ? '›' : ' '}</Text>
							</Box>
							<Box width={moduleWidth} flexShrink={0}>
								<Text wrap="truncate-end" inverse={index === prompt.highlighted}>
									{redact(suggestion.module)}
								</Text>
							</Box>
							<Box flexShrink={1}>
								<Text dimColor wrap="truncate-end">
									{suggestion.why}
								</Text>
							</Box>
						</Box>
					))}
				</Box>
			)}
		</Box>
	);
}
