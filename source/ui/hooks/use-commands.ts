// The keyboard: each key press becomes a command (key-bindings.ts) for the context the state is in,
// and the command goes to the session or the store. This is the one place the app exits.
import {useApp, useInput, useStdin} from 'ink';
import {useCallback} from 'react';
import {commandFor, splitKeys, type KeyResult} from '../key-bindings.js';
import {keyContextOf, selectedStep} from '../run-state.js';
import type {Session} from '../session.js';

/** `canScroll`: whether the pane holds more than shows (PgDn then scrolls, and only then). */
export function useCommands(session: Session, options: {canScroll(): boolean}): void {
	const {exit} = useApp();
	const {isRawModeSupported} = useStdin();

	const leave = useCallback(
		(interrupted: boolean) => {
			if (interrupted) session.interrupt();
			else session.quit();
			exit();
		},
		[session, exit],
	);

	const perform = useCallback(
		(action: KeyResult) => {
			const current = session.state;
			const step = selectedStep(current);
			switch (action.command) {
				case 'interrupt':
					return leave(true);
				case 'quit':
					return leave(false);
				case 'insert':
					return current.phase === 'prompt' ? session.dispatch({type: 'prompt-insert', text: action.text}) : session.typeInField(action.text);
				case 'erase':
					return current.phase === 'prompt' ? session.dispatch({type: 'prompt-erase'}) : session.eraseInField();
				case 'clear':
					return current.phase === 'prompt' ? session.dispatch({type: 'prompt-clear'}) : session.eraseInField(true);
				case 'submit':
					if (current.phase === 'prompt') {
						session.choose(current.prompt.text);
						return;
					}
					return session.submitField();
				case 'cancel':
					return current.phase === 'prompt' ? leave(false) : session.cancelFix();
				case 'up':
				case 'down': {
					const delta = action.command === 'up' ? -1 : 1;
					return session.dispatch(current.phase === 'prompt' ? {type: 'prompt-move', delta} : {type: 'select', delta});
				}
				case 'toggle':
					return session.dispatch({type: 'toggle-details'});
				case 'collapse':
					return session.dispatch({type: 'close-details'});
				case 'next-fix':
					return session.dispatch({type: 'next-fix'});
				case 'scroll-down':
					return options.canScroll() ? session.dispatch({type: 'scroll', delta: 5}) : undefined;
				case 'scroll-up':
					return session.dispatch({type: 'scroll', delta: -5});
				case 'rerun':
					return step ? session.rerun(step.id) : undefined;
				case 'rerun-all':
					return session.rerun('all');
				case 'copy':
					return session.copy();
				case 'fix':
					return session.fix();
				case 'save':
					return session.save();
				case 'help':
					return session.dispatch({type: 'help', open: true});
				case 'close-help':
					return session.dispatch({type: 'help', open: false});
				case 'yes':
					return session.answer(true);
				case 'no':
					return session.answer(false);
			}
		},
		[session, leave, options],
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
