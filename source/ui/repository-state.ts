// The repository overview's state: one row per module with its live status, a selection, and the choice the person
// made (open a module's step graph, or quit). Pure: a reducer over engine events and keys.
import type {CheckResult, EngineEvent, Status, Verdict} from '../engine/types.js';
import type {Classification} from '../rules/module-visibility.js';

export type OverviewRow = {module: string; version?: string; host: string; classification?: Classification; reason?: string; running: number; worst?: Status; verdict?: Verdict; why?: string};

export type OverviewState = {title: string; rows: OverviewRow[]; selected: number; done: boolean; choice?: {kind: 'open'; module: string} | {kind: 'quit'}};

export type OverviewAction =
	| {type: 'event'; event: EngineEvent}
	| {type: 'finished'; rows: OverviewRow[]}
	| {type: 'move'; by: number}
	| {type: 'open'}
	| {type: 'quit'};

const severity: Record<Status, number> = {skip: 0, pass: 0, warn: 1, fail: 2};

export function reduceOverview(state: OverviewState, action: OverviewAction): OverviewState {
	switch (action.type) {
		case 'event': {
			const subject = action.event.type === 'started' ? action.event.subject : action.event.result.subject;
			if (subject === undefined) return state;
			// A host step's events count for every module on that host.
			const rows = state.rows.map(row => {
				if (row.module !== subject && row.host !== subject) return row;
				if (action.event.type === 'started') return {...row, running: row.running + 1};
				const result: CheckResult = action.event.result;
				const worse = row.worst === undefined || severity[result.status] > severity[row.worst];
				return {...row, running: Math.max(0, row.running - 1), ...(worse ? {worst: result.status} : {}), ...(worse && result.status !== 'pass' && result.status !== 'skip' ? {why: `${result.title}: ${result.summary}`} : {})};
			});
			return {...state, rows};
		}
		case 'finished':
			return {...state, rows: action.rows, done: true};
		case 'move': {
			if (state.rows.length === 0) return state;
			const selected = Math.min(state.rows.length - 1, Math.max(0, state.selected + action.by));
			return selected === state.selected ? state : {...state, selected};
		}
		case 'open': {
			const row = state.rows[state.selected];
			return row && row.classification !== 'public' ? {...state, choice: {kind: 'open', module: row.module}} : state;
		}
		case 'quit':
			return {...state, choice: {kind: 'quit'}};
	}
}
