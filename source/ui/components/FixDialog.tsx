// A safe fix on its way: what it will change (a diff or the exact command), the y/N question, the
// masked field for a token, then the work itself. Nothing changes before `y`.
import {Box, Text} from 'ink';
import Spinner from 'ink-spinner';
import type {Overlay} from '../run-state.js';
import {useTint, useUi} from '../hooks/use-ui.js';

type FixOverlay = Extract<Overlay, {kind: 'fix'}>;

function PreviewLine({text}: {text: string}) {
	const tint = useTint();
	const color = text.startsWith('+') && !text.startsWith('+++') ? tint('green') : text.startsWith('-') && !text.startsWith('---') ? tint('red') : undefined;
	return (
		<Text wrap="wrap" color={color}>
			{'  '}
			{text}
		</Text>
	);
}

export function FixDialog({overlay}: {overlay: FixOverlay}) {
	const {redact} = useUi();
	const title = <Text bold wrap="wrap">Fix: {redact(overlay.title)}</Text>;
	switch (overlay.stage) {
		case 'planning':
			return (
				<Box flexDirection="column">
					{title}
					<Text>
						<Spinner type="dots" /> Working out what it would change…
					</Text>
				</Box>
			);
		case 'confirm':
			return (
				<Box flexDirection="column">
					{title}
					<Text>It will change exactly this:</Text>
					{redact(overlay.preview)
						.split('\n')
						.map((line, index) => (
							<PreviewLine key={index} text={line} />
						))}
					{overlay.inputPrompt ? <Text wrap="wrap">You will then be asked: {redact(overlay.inputPrompt)}</Text> : null}
					{overlay.secretPrompt ? <Text wrap="wrap">You will then be asked for a secret; it is never shown or saved anywhere else.</Text> : null}
					<Text bold>Apply this change? [y/N]</Text>
				</Box>
			);
		case 'secret':
			return (
				<Box flexDirection="column">
					{title}
					<Text wrap="wrap">{redact(overlay.prompt)}</Text>
					<Text>
						<Text bold>› </Text>
						{'•'.repeat(Math.min(overlay.typed, 40))}
						<Text inverse> </Text>
						<Text dimColor>{overlay.typed > 0 ? `  ${overlay.typed} characters, hidden` : '  (typing is hidden)'}</Text>
					</Text>
				</Box>
			);
		case 'input':
			return (
				<Box flexDirection="column">
					{title}
					<Text wrap="wrap">{redact(overlay.prompt)}</Text>
					<Text wrap="wrap">
						<Text bold>› </Text>
						{redact(overlay.text)}
						<Text inverse> </Text>
					</Text>
				</Box>
			);
		case 'applying':
			return (
				<Box flexDirection="column">
					{title}
					<Text>
						<Spinner type="dots" /> Applying…
					</Text>
				</Box>
			);
	}
}
