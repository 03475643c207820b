// `gitlab-go-check explain [FILE|-|TEXT…]`: reads a pasted go/git error or a whole CI log, names each failure it
// recognises (module, host, URL, cause, the check that confirms it, the fixes) with the classifier the checks use.
// Exit 0: something recognised; 1: nothing; 2: usage or unreadable input. Never loads Ink.
import {readFile, stat} from 'node:fs/promises';
import {Redactor} from './engine/redact.js';
import {colorEnabled, createPaint} from './output/color.js';
import {explainDocument, renderExplainPlain} from './output/explain.js';
import {cleanText, errorLookingLines} from './rules/error-log.js';
import {classifyErrorText} from './rules/go-git-errors.js';
import {toolName} from './version.js';

/** A CI log can be long; beyond this the rest is not read (and the output says so). */
export const explainInputLimit = 16 * 1024 * 1024;

export const explainHelp = `Usage: ${toolName} explain [FILE | - | TEXT…] [--json]

Reads a go or git error (a pasted message or a whole CI log) and names, for each
failure it recognises, the module, host and URL, the cause, the check that
confirms it with the command to run it, and the fixes.

  FILE      a file to read      -   standard input      TEXT…  the text itself
  (no argument: standard input when it is not a terminal)
  --json    one JSON document on stdout

Exit status: 0 a failure was recognised · 1 nothing recognised · 2 usage error or
unreadable input.`;

type Input = {text: string; truncated: boolean} | {error: string};

async function readStdin(): Promise<{text: string; truncated: boolean}> {
	const chunks: Buffer[] = [];
	let size = 0;
	let truncated = false;
	for await (const chunk of process.stdin as AsyncIterable<Buffer>) {
		if (size >= explainInputLimit) {
			truncated = true;
			continue;
		}
		chunks.push(chunk);
		size += chunk.length;
	}
	const bytes = Buffer.concat(chunks);
	return {text: bytes.subarray(0, explainInputLimit).toString('utf8'), truncated: truncated || bytes.length > explainInputLimit};
}

async function readInput(positionals: string[]): Promise<Input> {
	if (positionals.length === 0) {
		if (process.stdin.isTTY) return {error: 'give the error text: a FILE, - for standard input, or the text itself'};
		return readStdin();
	}
	if (positionals.length === 1 && positionals[0] === '-') return readStdin();
	const first = positionals[0]!;
	// One argument that names an existing file is read; anything else is the text itself.
	if (positionals.length === 1 && !/\s/.test(first)) {
		const info = await stat(first).catch(() => undefined);
		if (info?.isDirectory()) return {error: `${first} is a directory, not a file`};
		if (info) {
			try {
				const bytes = await readFile(first);
				return {text: bytes.subarray(0, explainInputLimit).toString('utf8'), truncated: bytes.length > explainInputLimit};
			} catch (error) {
				const code = (error as NodeJS.ErrnoException).code;
				return {error: `cannot read ${first}: ${code === 'EACCES' ? 'permission denied' : (error as Error).message}`};
			}
		}
		if (/^[./~]|\.(log|txt|out)$/i.test(first)) return {error: `${first}: no such file`};
	}
	return {text: positionals.join(' '), truncated: false};
}

/** Secrets a pasted log may carry in clear (a netrc line, a token variable): registered so they print masked. */
function registerPastedSecrets(text: string, redactor: Redactor): void {
	// The placeholders of the tool's own fixes are no secret (masking them would garble the fixes).
	const add = (value: string | undefined) => {
		if (value !== undefined && !/^(YOUR_TOKEN|YOUR_GITLAB_USERNAME|\$\w+|\$\{\w+\})$/.test(value)) redactor.add(value);
	};
	for (const match of text.matchAll(/\bpassword\s+(\S+)/gi)) add(match[1]);
	for (const match of text.matchAll(/\b[A-Z0-9_]*(?:TOKEN|PASSWORD|SECRET|PASS)[A-Z0-9_]*\s*[=:]\s*['"]?([^\s'"]+)/g)) add(match[1]);
}

/** Options are --json and --help; a pasted text may hold words such as `-insecure`, so a word with one dash is text,
 * and `--` ends the options. */
function parseExplainArgs(argv: string[]): {values: {json: boolean; help: boolean}; positionals: string[]} | {error: string} {
	const values = {json: false, help: false};
	const positionals: string[] = [];
	let options = true;
	for (const arg of argv) {
		if (options && arg === '--') options = false;
		else if (options && arg === '--json') values.json = true;
		else if (options && (arg === '--help' || arg === '-h')) values.help = true;
		else if (options && /^--[a-z]/i.test(arg) && positionals.length === 0) return {error: `unknown option ${arg.split('=')[0]}`};
		else positionals.push(arg);
	}
	return {values, positionals};
}

export async function runExplain(argv: string[]): Promise<number> {
	const parsed = parseExplainArgs(argv);
	if ('error' in parsed) {
		process.stderr.write(`${toolName} explain: ${parsed.error}\nRun '${toolName} explain --help' for usage.\n`);
		return 2;
	}
	if (parsed.values.help) {
		process.stdout.write(`${explainHelp}\n`);
		return 0;
	}
	const input = await readInput(parsed.positionals);
	const redactor = new Redactor();
	if ('error' in input) {
		process.stderr.write(`${toolName} explain: ${redactor.redact(input.error)}\nRun '${toolName} explain --help' for usage.\n`);
		return 2;
	}
	registerPastedSecrets(input.text, redactor);
	const diagnoses = classifyErrorText(input.text);
	const errorLines = diagnoses.length === 0 ? errorLookingLines(cleanText(input.text)) : [];
	if (parsed.values.json) {
		process.stdout.write(`${JSON.stringify({...explainDocument(diagnoses, errorLines, redactor), truncated: input.truncated}, null, 2)}\n`);
	} else {
		const paint = createPaint(colorEnabled(process.env, process.stdout.isTTY === true));
		process.stdout.write(renderExplainPlain(diagnoses, errorLines, redactor, paint));
		if (input.truncated) process.stdout.write(`(only the first ${explainInputLimit / 1024 / 1024} MiB of the input were read)\n`);
	}
	return diagnoses.length > 0 ? 0 : 1;
}
