// Mounts the Ink app on the real terminal. Loaded only once the session runs, so the engine starts
// while Ink and React load.
import {render} from 'ink';
import {App} from './components/App.js';
import {RepositoryOverview} from './components/RepositoryOverview.js';
import type {OverviewAction, OverviewState} from './repository-state.js';
import type {Store} from './store.js';
import {UiContext, type Ui} from './hooks/use-ui.js';
import type {Session} from './session.js';

export type Mounted = {waitUntilExit(): Promise<unknown>; unmount(): void};

/** `eraseOnLeave`: the frame is erased when the person leaves for the repository overview, which replaces it; it
 * stays on the terminal as the run's record otherwise, and when Ctrl-C ends the program. */
export function mount(session: Session, ui: Ui, options: {canApplyFixes: boolean; eraseOnLeave?: boolean}): Mounted {
	let erase: (() => void) | undefined;
	const instance = render(
		<UiContext.Provider value={ui}>
			<App session={session} canApplyFixes={options.canApplyFixes} {...(options.eraseOnLeave ? {beforeLeave: () => (session.interrupted ? undefined : erase?.())} : {})} />
		</UiContext.Provider>,
		// Ctrl-C is a key like the others (exit status 130). Ink 6.8's incrementalRendering leaves stale lines
		// when rows change in the middle of the frame, so whole frames are written, inside synchronized-update
		// sequences (no flicker on terminals that honour them).
		{exitOnCtrlC: false, patchConsole: true},
	);
	erase = () => instance.clear();
	return {waitUntilExit: () => instance.waitUntilExit(), unmount: () => instance.unmount()};
}

/** The repository overview (source/ui/overview-run.ts drives it). */
export function mountOverview(store: Store<OverviewState, OverviewAction>, ui: Ui): Mounted {
	const instance = render(
		<UiContext.Provider value={ui}>
			<RepositoryOverview store={store} />
		</UiContext.Provider>,
		{exitOnCtrlC: false},
	);
	return {waitUntilExit: () => instance.waitUntilExit(), unmount: () => instance.unmount()};
}
