// One command of the keyboard (key-bindings.ts), carried out for the state the session is in. Returns `leave` when
// the app should exit (quit, Ctrl-C, Esc at the prompt); the Ink hook only maps keys and exits.
import type {CheckId} from '../engine/types.js';
import type {KeyResult} from './key-bindings.js';
import {selectedStep, type Action, type AppState} from './run-state.js';

/** What the keyboard can ask of a session (session.ts). */
export type SessionCommands = {
	readonly state: AppState;
	dispatch(action: Action): void;
	interrupt(): void;
	quit(): void;
	choose(typed: string): boolean;
	typeInField(text: string): void;
	eraseInField(all?: boolean): void;
	submitField(): void;
	cancelFix(): void;
	rerun(scope: CheckId | 'all'): void;
	copy(): void;
	fix(): void;
	save(): void;
	answer(yes: boolean): void;
};

export function performCommand(session: SessionCommands, action: KeyResult, view: {canScroll(): boolean}): 'leave' | undefined {
	const current = session.state;
	const step = selectedStep(current);
	const leave = (interrupted: boolean): 'leave' => {
		if (interrupted) session.interrupt();
		else session.quit();
		return 'leave';
	};
	switch (action.command) {
		case 'interrupt':
			return leave(true);
		case 'quit':
			return leave(false);
		case 'insert':
			current.phase === 'prompt' ? session.dispatch({type: 'prompt-insert', text: action.text}) : session.typeInField(action.text);
			return undefined;
		case 'erase':
			current.phase === 'prompt' ? session.dispatch({type: 'prompt-erase'}) : session.eraseInField();
			return undefined;
		case 'clear':
			current.phase === 'prompt' ? session.dispatch({type: 'prompt-clear'}) : session.eraseInField(true);
			return undefined;
		case 'submit':
			if (current.phase === 'prompt') session.choose(current.prompt.text);
			else session.submitField();
			return undefined;
		case 'cancel':
			if (current.phase === 'prompt') return leave(false);
			session.cancelFix();
			return undefined;
		case 'up':
		case 'down': {
			const delta = action.command === 'up' ? -1 : 1;
			session.dispatch(current.phase === 'prompt' ? {type: 'prompt-move', delta} : {type: 'select', delta});
			return undefined;
		}
		case 'toggle':
			session.dispatch({type: 'toggle-details'});
			return undefined;
		case 'collapse':
			session.dispatch({type: 'close-details'});
			return undefined;
		case 'next-fix':
			session.dispatch({type: 'next-fix'});
			return undefined;
		case 'scroll-down':
			if (view.canScroll()) session.dispatch({type: 'scroll', delta: 5});
			return undefined;
		case 'scroll-up':
			session.dispatch({type: 'scroll', delta: -5});
			return undefined;
		case 'rerun':
			if (step) session.rerun(step.id);
			return undefined;
		case 'rerun-all':
			session.rerun('all');
			return undefined;
		case 'copy':
			session.copy();
			return undefined;
		case 'fix':
			session.fix();
			return undefined;
		case 'save':
			session.save();
			return undefined;
		case 'help':
			session.dispatch({type: 'help', open: true});
			return undefined;
		case 'close-help':
			session.dispatch({type: 'help', open: false});
			return undefined;
		case 'yes':
			session.answer(true);
			return undefined;
		case 'no':
			session.answer(false);
			return undefined;
	}
}
