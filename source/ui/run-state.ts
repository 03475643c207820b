// Everything the TUI shows, as one value folded from actions: engine events (a run started, a step
// started or finished, the run finished) and what the person did (moved, opened a step, asked for a
// fix). Pure: no React, no Ink, no clock; the session dispatches, components read.
import {exitStatus, exitStatusOfVerdict} from '../options.js';
import {shownAction} from './shown-action.js';
import type {CheckId, CheckResult, RunResult, Status} from '../engine/types.js';
import type {GraphNode} from './graph.js';
import type {KeyContext} from './key-bindings.js';

export type StepPhase = 'idle' | 'queued' | 'running' | 'done';

/** A step as the list knows it before anything runs: its place in the graph and its limits. */
export type StepSeed = GraphNode & {
	/** What a slow run of this step is waiting for ("gitlab.example.com"), when the check says. */
	waitingFor?: string;
	/** The step's time limit, for "6 s of 32". */
	limitMs: number;
	local: boolean;
};

export type StepView = StepSeed & {
	phase: StepPhase;
	/** When the current run of this step started (engine clock). */
	startedAt?: number;
	/** The latest finished result; none while the step is queued or running again. */
	result?: CheckResult;
};

export type Suggestion = {module: string; why: string};

export type PromptState = {
	/** What the field shows. */
	text: string;
	/** What the person typed; it filters the suggestions. */
	filter: string;
	suggestions: Suggestion[];
	/** Index into the visible suggestions, -1 for none. */
	highlighted: number;
	loading: boolean;
	error?: string;
	hint?: string;
};

export type FixStage =
	| {stage: 'planning'}
	| {stage: 'confirm'; preview: string; secretPrompt?: string; inputPrompt?: string}
	/** Only the number of characters typed is kept here; the secret itself never enters the state. */
	| {stage: 'secret'; prompt: string; typed: number}
	/** A value that is not secret (a CA file's path): shown as typed. */
	| {stage: 'input'; prompt: string; text: string}
	| {stage: 'applying'};

export type Overlay = {kind: 'none'} | {kind: 'help'} | ({kind: 'fix'; stepId: CheckId; title: string} & FixStage);

export type Notice = {tone: 'info' | 'success' | 'error'; text: string; lines?: string[]};

export type RunInfo = {id: number; startedAt: number; finishedAt?: number; /** Only some steps run again (r, a fix). */ partial: boolean};

export type AppState = {
	phase: 'prompt' | 'run';
	prompt: PromptState;
	module?: string;
	host?: string;
	gitVersion?: string;
	steps: StepView[];
	run?: RunInfo;
	/** The result of the latest complete run: what the exit status and the report come from. */
	result?: RunResult;
	selected: number;
	expanded: boolean;
	/** Which of the selected step's fixes `c` and `f` act on. */
	fixIndex: number;
	/** Lines scrolled off the top of the details pane. */
	scroll: number;
	overlay: Overlay;
	notice?: Notice;
};

export type Action =
	| {type: 'prompt-loaded'; suggestions: Suggestion[]}
	| {type: 'prompt-insert'; text: string}
	| {type: 'prompt-erase'}
	| {type: 'prompt-clear'}
	| {type: 'prompt-move'; delta: number}
	| {type: 'prompt-error'; error: string; hint?: string}
	| {type: 'module-chosen'; module: string; host: string; steps: StepSeed[]}
	| {type: 'tools'; gitVersion?: string}
	| {type: 'run-started'; run: number; at: number; ids: CheckId[]}
	| {type: 'step-started'; run: number; id: CheckId; at: number}
	| {type: 'step-finished'; run: number; result: CheckResult}
	| {type: 'run-finished'; run: number; at: number; result: RunResult}
	/** The engine itself failed (a bug): the run is over without a result; steps it did not finish go back to idle. */
	| {type: 'run-stopped'; run: number; at: number}
	| {type: 'select'; delta: number}
	| {type: 'toggle-details'}
	| {type: 'close-details'}
	| {type: 'next-fix'}
	| {type: 'scroll'; delta: number}
	| {type: 'help'; open: boolean}
	| {type: 'fix-planning'; stepId: CheckId; title: string}
	| {type: 'fix-planned'; preview: string; secretPrompt?: string; inputPrompt?: string}
	| {type: 'fix-secret'; prompt: string}
	| {type: 'fix-secret-typed'; typed: number}
	| {type: 'fix-input'; prompt: string}
	| {type: 'fix-input-typed'; text: string}
	| {type: 'fix-applying'}
	| {type: 'fix-closed'}
	| {type: 'notice'; notice: Notice | undefined};

export function initialState(options: {module?: string; host?: string; steps?: StepSeed[]} = {}): AppState {
	const chosen = options.module !== undefined && options.steps !== undefined;
	return {
		phase: chosen ? 'run' : 'prompt',
		prompt: {text: '', filter: '', suggestions: [], highlighted: -1, loading: !chosen},
		module: options.module,
		host: options.host,
		steps: (options.steps ?? []).map(seed => ({...seed, phase: 'idle'})),
		selected: 0,
		expanded: false,
		fixIndex: 0,
		scroll: 0,
		overlay: {kind: 'none'},
	};
}

/** The suggestions that contain what the person typed (all of them before any typing). */
export function visibleSuggestions(prompt: PromptState): Suggestion[] {
	const filter = prompt.filter.trim().toLowerCase();
	return filter === '' ? prompt.suggestions : prompt.suggestions.filter(s => s.module.toLowerCase().includes(filter));
}

const clamp = (value: number, min: number, max: number) => Math.min(Math.max(value, min), max);

function updateStep(state: AppState, id: CheckId, update: (step: StepView) => StepView): AppState {
	const index = state.steps.findIndex(step => step.id === id);
	if (index < 0) return state;
	const steps = state.steps.slice();
	steps[index] = update(steps[index]!);
	return {...state, steps};
}

function reducePrompt(prompt: PromptState, action: Action): PromptState {
	switch (action.type) {
		case 'prompt-loaded':
			return {...prompt, suggestions: action.suggestions, loading: false, highlighted: -1};
		case 'prompt-insert': {
			// Pasted text may carry a newline or control characters; a module path has neither.
			const clean = action.text.replace(/[\u0000-\u001F\u007F]/g, '');
			const text = prompt.text + clean;
			return {...prompt, text, filter: text, highlighted: -1, error: undefined, hint: undefined};
		}
		case 'prompt-erase': {
			const text = [...prompt.text].slice(0, -1).join('');
			return {...prompt, text, filter: text, highlighted: -1, error: undefined, hint: undefined};
		}
		case 'prompt-clear':
			return {...prompt, text: '', filter: '', highlighted: -1, error: undefined, hint: undefined};
		case 'prompt-move': {
			const visible = visibleSuggestions(prompt);
			if (visible.length === 0) return prompt;
			const highlighted = clamp(prompt.highlighted + action.delta, -1, visible.length - 1);
			const text = highlighted < 0 ? prompt.filter : visible[highlighted]!.module;
			return {...prompt, highlighted, text, error: undefined, hint: undefined};
		}
		case 'prompt-error':
			return {...prompt, error: action.error, hint: action.hint};
		default:
			return prompt;
	}
}

/** The state after one action. Engine events from an older run than the current one are ignored. Text from
 * outside is escaped on the way in (shown-action.ts), so no component can print a control sequence. */
export function reduce(state: AppState, action: Action): AppState {
	return reduceShown(state, shownAction(action));
}

function reduceShown(state: AppState, action: Action): AppState {
	switch (action.type) {
		case 'prompt-loaded':
		case 'prompt-insert':
		case 'prompt-erase':
		case 'prompt-clear':
		case 'prompt-move':
		case 'prompt-error':
			return {...state, prompt: reducePrompt(state.prompt, action)};
		case 'module-chosen':
			return {
				...state,
				phase: 'run',
				module: action.module,
				host: action.host,
				steps: action.steps.map(seed => ({...seed, phase: 'idle'})),
				selected: 0,
				expanded: false,
				fixIndex: 0,
				scroll: 0,
			};
		case 'tools':
			return {...state, gitVersion: action.gitVersion};
		case 'run-started': {
			const redo = new Set(action.ids);
			return {
				...state,
				run: {id: action.run, startedAt: action.at, partial: action.ids.length < state.steps.length},
				steps: state.steps.map(step => (redo.has(step.id) ? {...step, phase: 'queued', startedAt: undefined, result: undefined} : step)),
				scroll: 0,
			};
		}
		case 'step-started':
			if (action.run !== state.run?.id) return state;
			return updateStep(state, action.id, step => ({...step, phase: 'running', startedAt: action.at}));
		case 'step-finished':
			if (action.run !== state.run?.id) return state;
			return updateStep(state, action.result.id, step => ({...step, phase: 'done', startedAt: undefined, result: action.result}));
		case 'run-finished': {
			if (action.run !== state.run?.id) return state;
			const byId = new Map(action.result.checks.map(result => [result.id, result]));
			return {
				...state,
				run: {...state.run, finishedAt: action.at},
				result: action.result,
				steps: state.steps.map(step => {
					const result = byId.get(step.id);
					// A step whose result came with its own event keeps its object, so its row is not drawn again.
					if (!result || (step.phase === 'done' && step.result === result)) return step;
					return {...step, phase: 'done', startedAt: undefined, result};
				}),
			};
		}
		case 'run-stopped':
			if (action.run !== state.run?.id) return state;
			return {
				...state,
				run: {...state.run, finishedAt: action.at},
				steps: state.steps.map(step => (step.phase === 'done' || step.phase === 'idle' ? step : {...step, phase: 'idle', startedAt: undefined})),
			};
		case 'select': {
			if (state.steps.length === 0) return state;
			const selected = clamp(state.selected + action.delta, 0, state.steps.length - 1);
			return selected === state.selected ? state : {...state, selected, fixIndex: 0, scroll: 0, notice: undefined};
		}
		case 'toggle-details':
			return {...state, expanded: !state.expanded, scroll: 0, overlay: state.overlay.kind === 'help' ? {kind: 'none'} : state.overlay};
		case 'close-details':
			return {...state, expanded: false, scroll: 0};
		case 'next-fix': {
			const count = state.steps[state.selected]?.result?.fixes.length ?? 0;
			return count === 0 ? state : {...state, fixIndex: (state.fixIndex + 1) % count, expanded: true};
		}
		case 'scroll':
			return {...state, scroll: Math.max(0, state.scroll + action.delta)};
		case 'help':
			return {...state, overlay: action.open ? {kind: 'help'} : {kind: 'none'}};
		case 'fix-planning':
			return {...state, overlay: {kind: 'fix', stepId: action.stepId, title: action.title, stage: 'planning'}, notice: undefined};
		case 'fix-planned':
			if (state.overlay.kind !== 'fix') return state;
			return {...state, overlay: {kind: 'fix', stepId: state.overlay.stepId, title: state.overlay.title, stage: 'confirm', preview: action.preview, secretPrompt: action.secretPrompt, inputPrompt: action.inputPrompt}};
		case 'fix-secret':
			if (state.overlay.kind !== 'fix') return state;
			return {...state, overlay: {kind: 'fix', stepId: state.overlay.stepId, title: state.overlay.title, stage: 'secret', prompt: action.prompt, typed: 0}};
		case 'fix-secret-typed':
			if (state.overlay.kind !== 'fix' || state.overlay.stage !== 'secret') return state;
			return {...state, overlay: {...state.overlay, typed: action.typed}};
		case 'fix-input':
			if (state.overlay.kind !== 'fix') return state;
			return {...state, overlay: {kind: 'fix', stepId: state.overlay.stepId, title: state.overlay.title, stage: 'input', prompt: action.prompt, text: ''}};
		case 'fix-input-typed':
			if (state.overlay.kind !== 'fix' || state.overlay.stage !== 'input') return state;
			return {...state, overlay: {...state.overlay, text: action.text.replace(/[\u0000-\u001F\u007F]/g, '')}};
		case 'fix-applying':
			if (state.overlay.kind !== 'fix') return state;
			return {...state, overlay: {kind: 'fix', stepId: state.overlay.stepId, title: state.overlay.title, stage: 'applying'}};
		case 'fix-closed':
			return {...state, overlay: {kind: 'none'}};
		case 'notice':
			return {...state, notice: action.notice};
	}
}

export function isRunning(state: AppState): boolean {
	return state.run !== undefined && state.run.finishedAt === undefined;
}

export function selectedStep(state: AppState): StepView | undefined {
	return state.steps[state.selected];
}

export type Tally = Record<Status, number> & {running: number; queued: number};

export function tallyOf(steps: readonly StepView[]): Tally {
	const counts: Tally = {pass: 0, warn: 0, fail: 0, skip: 0, running: 0, queued: 0};
	for (const step of steps) {
		if (step.phase === 'running') counts.running++;
		else if (step.phase === 'queued') counts.queued++;
		else if (step.result) counts[step.result.status]++;
	}
	return counts;
}

/** The Go version go-env found, once it has. */
export function goVersionOf(state: AppState): string | undefined {
	return state.steps.find(step => step.id === 'go-env')?.result?.facts?.go?.version;
}

/** The exit status plain mode would give for the latest complete run; 130 when none finished. */
export function exitStatusOf(state: AppState): number {
	if (!state.result) return exitStatus.interrupted;
	return exitStatusOfVerdict(state.result.verdict);
}

/** Where the keyboard is, for key-bindings.ts. */
export function keyContextOf(state: AppState): KeyContext {
	if (state.phase === 'prompt') return 'prompt';
	const {overlay} = state;
	if (overlay.kind === 'help') return 'help';
	if (overlay.kind === 'fix') {
		if (overlay.stage === 'confirm') return 'confirm';
		if (overlay.stage === 'secret') return 'secret';
		if (overlay.stage === 'input') return 'input';
		return 'busy';
	}
	return 'browse';
}
