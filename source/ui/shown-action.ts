// The TUI's last guard for foreign text: every action that carries text for the screen has its control characters
// escaped before it reaches the state (docs of the rule: source/output/terminal-text.ts). The engine already
// escapes check results; suggestions from go.mod, notices and previews that name files are escaped here.
import {shownResult, shownRun} from '../engine/shown-result.js';
import {shownText} from '../output/terminal-text.js';
import type {CheckResult, RunResult} from '../engine/types.js';

// The shapes of the actions that carry text, as run-state.ts defines them (not imported: run-state imports this).
type Notice = {tone: string; text: string; lines?: string[]};
type TextAction =
	| {type: 'prompt-loaded'; suggestions: Array<{module: string; why: string}>}
	| {type: 'prompt-error'; error: string; hint?: string}
	| {type: 'module-chosen'; module: string; host: string}
	| {type: 'tools'; gitVersion?: string}
	| {type: 'step-finished'; result: CheckResult}
	| {type: 'run-finished'; result: RunResult}
	| {type: 'fix-planning'; title: string}
	| {type: 'fix-planned'; preview: string; secretPrompt?: string; inputPrompt?: string}
	| {type: 'fix-secret' | 'fix-input'; prompt: string}
	| {type: 'notice'; notice: Notice | undefined};

function shownNotice(notice: Notice | undefined): Notice | undefined {
	if (!notice) return notice;
	return {...notice, text: shownText(notice.text), ...(notice.lines ? {lines: notice.lines.map(line => shownText(line))} : {})};
}

export function shownAction<A extends {type: string}>(action: A): A {
	return shownTextAction(action as unknown as TextAction) as unknown as A;
}

function shownTextAction(action: TextAction): TextAction {
	switch (action.type) {
		case 'prompt-loaded':
			return {...action, suggestions: action.suggestions.map(item => ({module: shownText(item.module, 300), why: shownText(item.why, 300)}))};
		case 'prompt-error':
			return {...action, error: shownText(action.error), ...(action.hint === undefined ? {} : {hint: shownText(action.hint)})};
		case 'module-chosen':
			return {...action, module: shownText(action.module), host: shownText(action.host)};
		case 'tools':
			return action.gitVersion === undefined ? action : {...action, gitVersion: shownText(action.gitVersion, 200)};
		case 'step-finished':
			return {...action, result: shownResult(action.result)};
		case 'run-finished':
			return {...action, result: shownRun(action.result)};
		case 'fix-planning':
			return {...action, title: shownText(action.title)};
		case 'fix-planned':
			return {
				...action,
				preview: shownText(action.preview, 20_000),
				...(action.secretPrompt === undefined ? {} : {secretPrompt: shownText(action.secretPrompt)}),
				...(action.inputPrompt === undefined ? {} : {inputPrompt: shownText(action.inputPrompt)}),
			};
		case 'fix-secret':
		case 'fix-input':
			return {...action, prompt: shownText(action.prompt)};
		case 'notice':
			return {...action, notice: shownNotice(action.notice)};
		default:
			return action;
	}
}
