import {useSyncExternalStore} from 'react';
import type {Store} from '../store.js';

export function useStore<State>(store: Store<State, any>): State {
	return useSyncExternalStore(store.subscribe, store.getState, store.getState);
}
