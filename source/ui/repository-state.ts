// The repository overview's state: one row per module with its live status, a selection, and the choice the person
// made (open a module's step graph, or quit). Pure: a reducer over engine events and keys.
//
// A row knows which steps it waits for (its module's and its host's, `expected`), so it shows its status as soon as
// those have finished, not only when the whole run ends. go-confirm is never among them: in repository mode it may
// run for some modules only, or not at all, and a row must not wait for a step that never starts; when it does run
// for a module, the row shows it running.
import type {CheckId, CheckResult, EngineEvent, Status, Verdict} from '../engine/types.js';
import type {Classification} from '../rules/module-visibility.js';

export type OverviewRow = {
	module: string;
	version?: string;
	host: string;
	classification?: Classification;
	reason?: string;
	/** The steps this row waits for before its status is known. */
	expected: CheckId[];
	finished: CheckId[];
	running: CheckId[];
	worst?: Status;
	/** The run's verdict for the module, once the run has ended. */
	verdict?: Verdict;
	why?: string;
};

export type OverviewState = {title: string; rows: OverviewRow[]; selected: number; done: boolean; choice?: {kind: 'open'; module: string} | {kind: 'quit'; interrupted?: boolean}};

export type OverviewAction =
	| {type: 'event'; event: EngineEvent}
	| {type: 'finished'; rows: OverviewRow[]}
	| {type: 'move'; by: number}
	| {type: 'open'}
	| {type: 'quit'; interrupted?: boolean};

/** What a row shows: a step of it running, waiting for one, or its status (final once the run has ended). */
export type RowStatus = {kind: 'running'} | {kind: 'waiting'} | {kind: 'status'; status: Status};

const severity: Record<Status, number> = {skip: 0, pass: 0, warn: 1, fail: 2};

export function rowStatus(row: OverviewRow, done: boolean): RowStatus {
	if (done && row.verdict) return {kind: 'status', status: row.verdict};
	if (row.running.length > 0) return {kind: 'running'};
	if (row.expected.every(id => row.finished.includes(id))) return {kind: 'status', status: row.worst === undefined || row.worst === 'skip' ? 'pass' : row.worst};
	return {kind: 'waiting'};
}

/** Whether an event's step is about this row: its module's step, its host's, or (a run of one module, whose events
 * carry no subject) any row that is checked. */
function concerns(row: OverviewRow, subject: string | undefined): boolean {
	if (subject === undefined) return row.expected.length > 0;
	return row.module === subject || row.host === subject;
}

export function reduceOverview(state: OverviewState, action: OverviewAction): OverviewState {
	switch (action.type) {
		case 'event': {
			const {event} = action;
			const subject = event.type === 'started' ? event.subject : event.result.subject;
			const id = event.type === 'started' ? event.id : event.result.id;
			const rows = state.rows.map(row => {
				if (!concerns(row, subject)) return row;
				if (event.type === 'started') return row.running.includes(id) ? row : {...row, running: [...row.running, id]};
				const result: CheckResult = event.result;
				const finishedRow = {...row, running: row.running.filter(each => each !== id), finished: row.finished.includes(id) ? row.finished : [...row.finished, id]};
				// A host step's warning about some of its modules only counts for those (Outcome.concerns).
				if (result.concerns && !result.concerns.includes(row.module)) return finishedRow;
				const worse = row.worst === undefined || severity[result.status] > severity[row.worst];
				if (!worse) return finishedRow;
				return {...finishedRow, worst: result.status, ...(result.status === 'warn' || result.status === 'fail' ? {why: `${result.title}: ${result.summary}`} : {})};
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
			return {...state, choice: {kind: 'quit', ...(action.interrupted ? {interrupted: true} : {})}};
	}
}
