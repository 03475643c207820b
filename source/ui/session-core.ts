// What every part of a session shares: the store, notices, and the work still going (a run, a fix, a save), so
// `idle()` can wait for all of it.
import {initialState, reduce, type Action, type AppState} from './run-state.js';
import {createStore, type Store} from './store.js';

export type NoticeTone = 'info' | 'success' | 'error';

export class SessionCore {
	readonly store: Store<AppState, Action> = createStore(reduce, initialState());
	readonly #pending = new Set<Promise<unknown>>();

	get state(): AppState {
		return this.store.getState();
	}

	dispatch(action: Action): void {
		this.store.dispatch(action);
	}

	notice(tone: NoticeTone, text: string, lines?: string[]): void {
		this.dispatch({type: 'notice', notice: {tone, text, lines}});
	}

	/** Keeps `work` among the pending work until it settles; returns it unchanged. */
	track<T>(work: Promise<T>): Promise<T> {
		const settled: Promise<unknown> = work.then(
			() => this.#pending.delete(settled),
			() => this.#pending.delete(settled),
		);
		this.#pending.add(settled);
		return work;
	}

	/** Settles when no work is left, including work started meanwhile. */
	async idle(): Promise<void> {
		while (this.#pending.size > 0) await Promise.all([...this.#pending]);
	}
}

export function messageOf(error: unknown): string {
	return error instanceof Error ? error.message : String(error);
}
