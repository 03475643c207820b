// The whole TUI: the prompt, or the header, the step graph, the pane for the selected step and the
// footer. Keys become commands in use-commands.ts, through key-bindings.ts.
import {Box, Text} from 'ink';
import {useRef} from 'react';
import {goVersionOf, isRunning, keyContextOf, selectedStep, tallyOf} from '../run-state.js';
import type {Session} from '../session.js';
import {useCommands} from '../hooks/use-commands.js';
import {useHeight} from '../hooks/use-height.js';
import {useNow} from '../hooks/use-now.js';
import {useStore} from '../hooks/use-store.js';
import {useTerminalSize} from '../hooks/use-terminal-size.js';
import {FixDialog} from './FixDialog.js';
import {Footer, footerHeight} from './Footer.js';
import {Header} from './Header.js';
import {HelpPanel} from './HelpPanel.js';
import {ModulePrompt} from './ModulePrompt.js';
import {NoticeLine} from './NoticeLine.js';
import {PaneHint} from './PaneHint.js';
import {StepDetails} from './StepDetails.js';
import {StepList, stepListHeight} from './StepList.js';

/** Lines the header takes; with the list, a blank line each and the footer, the pane gets the rest. */
const headerHeight = 3;

export function App({session, canApplyFixes, beforeLeave}: {session: Session; canApplyFixes: boolean; beforeLeave?: () => void}) {
	const state = useStore(session.store);
	const {columns, rows} = useTerminalSize();
	const running = isRunning(state);
	const now = useNow(running);
	const [paneRef, contentHeight] = useHeight();
	// Whether the pane holds more than shows: PgDn scrolls only then, so it never scrolls into nothing.
	const more = useRef(false);

	useCommands(session, {canScroll: () => more.current, ...(beforeLeave ? {beforeLeave} : {})});

	const context = keyContextOf(state);
	if (state.phase === 'prompt' || state.module === undefined || state.host === undefined) {
		return (
			<Box flexDirection="column" width={columns}>
				<ModulePrompt prompt={state.prompt} columns={columns} />
				<Text> </Text>
				<Footer context={context} />
			</Box>
		);
	}

	const step = selectedStep(state);
	const elapsedMs = state.run ? (state.run.finishedAt ?? now) - state.run.startedAt : undefined;
	// Keep the whole frame one line shorter than the terminal: a taller frame makes Ink clear the screen on every update.
	// Help and a fix on its way take the list's place: they need the room, and the list is not what they are about.
	const showList = state.overlay.kind === 'none';
	const listHeight = showList ? stepListHeight(state.steps) + 1 : 0;
	const paneHeight = rows === undefined ? undefined : Math.max(3, rows - 1 - headerHeight - listHeight - 1 - footerHeight);
	more.current = paneHeight !== undefined && contentHeight !== undefined && contentHeight > paneHeight;
	return (
		<Box flexDirection="column" width={columns}>
			<Header
				module={state.module}
				host={state.host}
				goVersion={goVersionOf(state)}
				gitVersion={state.gitVersion}
				elapsedMs={elapsedMs}
				running={running}
				partial={state.run?.partial ?? false}
				tally={tallyOf(state.steps)}
			/>
			{showList ? (
				<Box marginTop={1}>
					<StepList steps={state.steps} selected={state.selected} host={state.host} columns={columns} now={now} />
				</Box>
			) : null}
			<Box marginTop={1} flexDirection="column" height={paneHeight} overflow="hidden">
				{/* Never shrunk: what does not fit is cut at the bottom, not squeezed into overlapping lines. */}
				<Box ref={paneRef} flexDirection="column" flexShrink={0}>
					{state.notice ? <NoticeLine notice={state.notice} /> : null}
					{state.overlay.kind === 'help' ? (
						<HelpPanel />
					) : state.overlay.kind === 'fix' ? (
						<FixDialog overlay={state.overlay} />
					) : step && state.expanded ? (
						<StepDetails step={step} steps={state.steps} fixIndex={state.fixIndex} scroll={state.scroll} canApply={canApplyFixes} />
					) : (
						<PaneHint steps={state.steps} selected={state.selected} />
					)}
				</Box>
			</Box>
			<Footer context={context} more={more.current} />
		</Box>
	);
}
