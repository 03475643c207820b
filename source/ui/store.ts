// A minimal store: the state lives outside React so the engine can start before Ink has loaded,
// and components read it with useSyncExternalStore. The reducer is the only way to change it.
export type Store<State, Action> = {
	getState(): State;
	dispatch(action: Action): void;
	subscribe(listener: () => void): () => void;
};

export function createStore<State, Action>(reduce: (state: State, action: Action) => State, initial: State): Store<State, Action> {
	let state = initial;
	const listeners = new Set<() => void>();
	return {
		getState: () => state,
		dispatch(action) {
			const next = reduce(state, action);
			if (next === state) return;
			state = next;
			for (const listener of [...listeners]) listener();
		},
		subscribe(listener) {
			listeners.add(listener);
			return () => listeners.delete(listener);
		},
	};
}
