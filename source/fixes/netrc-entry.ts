// netrc-entry: add or replace the entry for one host in a .netrc file. The token is typed by the user (masked,
// never echoed, never logged); the preview is a unified diff with every password shown as `****`; applying backs
// the file up, writes it atomically with its own mode (600 for a new file) and keeps every other line byte for byte.
import {dirname} from 'node:path';
import type {FixAction} from '../engine/types.js';
import {parseCurlNetrc} from '../rules/curl-netrc.js';
import {parseGoNetrc} from '../rules/go-netrc.js';
import {backUp} from './backup.js';
import {maskNetrcPasswords, planNetrcEdit, placeholderToken, tokenProblem, type NetrcEdit} from './netrc-edit.js';
import {errorText} from './shell.js';
import type {ActionPlan, ResolvedFixContext, Unavailable} from './types.js';
import {unifiedDiff} from './unified-diff.js';

type NetrcAction = Extract<FixAction, {kind: 'netrc-entry'}>;

/** Larger files are not .netrc files anyone wrote by hand; the tool refuses rather than risk a partial read. */
const netrcLimit = 4 * 1024 * 1024;

type Snapshot = {exists: false} | {exists: true; bytes: Buffer; text: string; mode: number};

async function snapshot(context: ResolvedFixContext, path: string): Promise<Snapshot | Unavailable> {
	const {fs} = context.system;
	const info = await fs.stat(path);
	if (!info) return {exists: false};
	if (info.isDirectory) return {unavailable: `${path} is a directory, not a .netrc file`};
	let read;
	try {
		read = await fs.readFile(path, netrcLimit);
	} catch (error) {
		return {unavailable: `cannot read ${path}: ${errorText(error)}`};
	}
	if (read.truncated) return {unavailable: `${path} is larger than ${netrcLimit / 1024 / 1024} MiB: edit it by hand`};
	const text = read.bytes.toString('utf8');
	// Only a lossless round trip lets the edit keep every other byte as it was.
	if (!Buffer.from(text, 'utf8').equals(read.bytes)) return {unavailable: `${path} is not valid UTF-8 text, so it cannot be edited without changing other bytes: edit it by hand`};
	return {exists: true, bytes: read.bytes, text, mode: info.mode};
}

function octal(mode: number): string {
	return (mode & 0o777).toString(8).padStart(3, '0');
}

/** The file's own mode without any access for group and others (600 for the usual 644). */
function privateMode(mode: number): number {
	return mode & 0o7700 & ~0o077;
}

function sameSnapshot(a: Snapshot, b: Snapshot): boolean {
	if (!a.exists || !b.exists) return a.exists === b.exists;
	return a.bytes.equals(b.bytes);
}

function describeEdit(edit: NetrcEdit, path: string, host: string): string {
	switch (edit.kind) {
		case 'replaced-token':
			return `Replaced the token of the entry for ${host} (line ${edit.touchedLines.join(', ')}) in ${path}`;
		case 'replaced-entry':
			return `Replaced the entry for ${host} (line ${edit.touchedLines.join(', ')}) in ${path} with one line Go and git both read`;
		case 'appended':
			return `Added an entry for ${host} at the end of ${path}`;
		case 'inserted-at-top':
			return `Added an entry for ${host} at the top of ${path}`;
		case 'created':
			return `Created ${path} (mode 600) with an entry for ${host}`;
	}
}

function registerPasswords(context: ResolvedFixContext, text: string): void {
	for (const entry of parseGoNetrc(text).entries) context.redactor.add(entry.password);
	for (const dialect of ['7.88', '8.16'] as const) {
		for (const entry of parseCurlNetrc(text, {dialect}).entries) context.redactor.add(entry.password);
	}
}

export async function planNetrcEntry(action: NetrcAction, context: ResolvedFixContext): Promise<ActionPlan | Unavailable> {
	const {path, host} = action;
	const {system} = context;
	const before = await snapshot(context, path);
	if ('unavailable' in before) return before;
	if (!before.exists) {
		const directory = await system.fs.stat(dirname(path));
		if (!directory?.isDirectory) return {unavailable: `the directory of ${path} does not exist: create it first, or point NETRC elsewhere`};
	} else registerPasswords(context, before.text);
	const originalText = before.exists ? before.text : '';

	const previewEdit = planNetrcEdit(originalText, {host, token: placeholderToken, login: action.login}, {fileExists: before.exists});
	if ('refused' in previewEdit) return {unavailable: previewEdit.refused};

	const diff = unifiedDiff(originalText, previewEdit.text, {old: before.exists ? path : '/dev/null', new: path}, {
		shown: {old: maskNetrcPasswords(originalText), new: maskNetrcPasswords(previewEdit.text)},
	});
	const previewLines = [diff, ''];
	if (before.exists && /\r\n/.test(originalText)) previewLines.push('(the file keeps its CRLF line endings)');
	previewLines.push(...previewEdit.notes);
	// A token is never written into a file others can read: the mode becomes 600 in the same write, asked in the same confirmation.
	if (before.exists && (before.mode & 0o077) !== 0) previewLines.push(`A backup goes to ${path}.bak-<date>-<time> first; ${path} can be read by other users (mode ${octal(before.mode)}), so it becomes mode 600 (chmod 600) before the token is in it.`);
	else if (before.exists) previewLines.push(`A backup goes to ${path}.bak-<date>-<time> first; the file keeps its mode (${octal(before.mode)}).`);
	else previewLines.push(`${path} does not exist yet: it is created with mode 600.`);
	previewLines.push(`The token you type replaces ****; it is never shown or logged. Login: ${previewEdit.login} (GitLab ignores the login for a personal access token).`);

	return {
		preview: context.redactor.redact(previewLines.join('\n')),
		secretPrompt: `Personal access token for ${host} (scope read_api), written to ${path}`,
		async apply(input, backups) {
			const token = input.secret;
			if (token === undefined) return {ok: false, message: `No token was given: nothing was written to ${path}.`};
			context.redactor.add(token);
			const problem = tokenProblem(token);
			if (problem) return {ok: false, message: context.redactor.redact(`Not written: ${problem}.`)};

			const now = await snapshot(context, path);
			if ('unavailable' in now) return {ok: false, message: now.unavailable};
			if (!sameSnapshot(before, now)) return {ok: false, message: `${path} changed since the preview was made: nothing was written; look at the fix again.`};
			const edit = planNetrcEdit(originalText, {host, token, login: action.login}, {fileExists: before.exists});
			if ('refused' in edit) return {ok: false, message: context.redactor.redact(`Not written: ${edit.refused}.`)};
			if (edit.kind !== previewEdit.kind || edit.touchedLines.join() !== previewEdit.touchedLines.join()) {
				return {ok: false, message: 'Not written: the edit for this token differs from the preview; look at the fix again.'};
			}

			let backupPath: string | undefined;
			try {
				backupPath = await backUp(context, path, backups);
				await context.writer.writeFileAtomic(path, Buffer.from(edit.text, 'utf8'), now.exists ? privateMode(now.mode) : 0o600);
			} catch (error) {
				const saved = backupPath ? ` (the backup ${backupPath} is there)` : '';
				return {ok: false, message: context.redactor.redact(`Could not write ${path}: ${errorText(error)}; the file is unchanged${saved}.`), ...(backupPath ? {backupPath} : {})};
			}
			const lines = [describeEdit(edit, path, host) + (backupPath ? `; backup: ${backupPath}` : '') + '.'];
			if (now.exists && (now.mode & 0o077) !== 0) lines.push(`${path} was readable by other users (mode ${octal(now.mode)}): it is mode 600 now.`);
			if (!edit.curlAgrees) lines.push(...edit.notes.filter(note => note.startsWith("git's libcurl")));
			return {ok: true, message: context.redactor.redact(lines.join('\n')), ...(backupPath ? {backupPath} : {})};
		},
	};
}
