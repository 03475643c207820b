// The keyboard: each key press becomes a command (key-bindings.ts) for the context the state is in, and the
// session carries it out (Session.perform, testable without Ink). This is the one place the app exits.
import {useApp, useInput, useStdin} from 'ink';
import {useCallback} from 'react';
import {commandFor, splitKeys, type KeyResult} from '../key-bindings.js';
import {keyContextOf} from '../run-state.js';
import type {Session} from '../session.js';

/** `canScroll`: whether the pane holds more than shows (PgDn then scrolls, and only then); `beforeLeave`: what to do
 * just before the app exits (the repository overview takes the screen back: its module view erases its frame). */
export function useCommands(session: Session, options: {canScroll(): boolean; beforeLeave?: () => void}): void {
	const {exit} = useApp();
	const {isRawModeSupported} = useStdin();

	const perform = useCallback(
		(action: KeyResult) => {
			if (session.perform(action, {canScroll: options.canScroll}) === 'leave') {
				options.beforeLeave?.();
				exit();
			}
		},
		[session, exit, options],
	);

	useInput(
		(input, key) => {
			for (const [one, oneKey] of splitKeys(keyContextOf(session.state), input, key)) {
				// Each key sees the context the previous one left (j then Enter opens the step reached).
				const action = commandFor(keyContextOf(session.state), one, oneKey);
				if (action) perform(action);
				if (session.ended) return;
			}
		},
		{isActive: isRawModeSupported},
	);
}
