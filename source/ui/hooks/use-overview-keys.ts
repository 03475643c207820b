// The repository overview's keys: ↑/↓ (k/j) select, Enter or → opens the module, q or Esc quits, Ctrl-C quits as an
// interruption. Keys that arrive together (tmux, a held-down j) are taken one by one, as the step graph takes them.
import {useInput} from 'ink';
import {splitKeys} from '../key-bindings.js';
import type {OverviewAction, OverviewState} from '../repository-state.js';
import type {Store} from '../store.js';

export function useOverviewKeys(store: Store<OverviewState, OverviewAction>): void {
	useInput((typed, pressed) => {
		for (const [input, key] of splitKeys('browse', typed, pressed)) {
			if (store.getState().choice) return;
			if (key.upArrow || input === 'k') store.dispatch({type: 'move', by: -1});
			else if (key.downArrow || input === 'j') store.dispatch({type: 'move', by: 1});
			else if (key.return || key.rightArrow) store.dispatch({type: 'open'});
			else if (key.ctrl && input === 'c') store.dispatch({type: 'quit', interrupted: true});
			else if (input === 'q' || key.escape) store.dispatch({type: 'quit'});
		}
	});
}
