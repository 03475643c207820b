// The keys that work right now, from the one key table. Two lines at most, so the layout above
// can count on its height.
import {Box, Text} from 'ink';
import {bindingsFor, type KeyContext} from '../key-bindings.js';

export const footerHeight = 2;

/** `more`: the pane holds more than fits, so the scroll key joins the footer. */
export function Footer({context, more = false}: {context: KeyContext; more?: boolean}) {
	const items = bindingsFor(context, 'footer');
	if (more && context === 'browse') items.unshift(...bindingsFor(context, 'all').filter(binding => binding.command === 'scroll-down'));
	return (
		<Box flexWrap="wrap" height={footerHeight} overflow="hidden" columnGap={2}>
			{items.map(binding => (
				<Text key={`${binding.command}-${binding.label}`}>
					<Text bold>{binding.label}</Text> {binding.short}
				</Text>
			))}
		</Box>
	);
}
