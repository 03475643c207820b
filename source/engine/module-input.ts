// What the user typed as MODULE, checked before any step runs: a clear error and a hint for
// input that is not an import path at all (a URL, an scp address, spaces).
import {shownText} from '../output/terminal-text.js';
import {checkImportPath, diagnoseTypedModule, hostOf} from '../rules/module-path.js';

export type ModuleInput = {module: string; host: string} | {error: string; hint: string};

// A go.mod (or go.sum, go.work) named as MODULE: its name looks like a host, so say plainly what it is.
const goFile = /(?:^|[/\\])go\.(?:mod|sum|work)$|\.mod$/;

export function readModuleInput(typed: string): ModuleInput {
	if (goFile.test(typed.trim())) {
		return {error: `"${typed.trim()}" is a file, not a module path`, hint: 'Give the import path of a module, e.g. gitlab.example.com/group/project (the require lines of go.mod list them)'};
	}
	const {problem, suggestion} = diagnoseTypedModule(typed);
	// Echoed back as typed, but never as a control sequence, and never a megabyte of it.
	const shown = shownText(typed, 300);
	if (problem) {
		return {error: `"${shown}" is not an import path: ${shownText(problem, 300)}`, hint: suggestion ? `Try: ${shownText(suggestion, 300)}` : 'MODULE looks like gitlab.example.com/group/project'};
	}
	const invalid = checkImportPath(typed);
	if (invalid) return {error: `"${shown}" is not a valid import path: ${shownText(invalid, 300)}`, hint: 'MODULE looks like gitlab.example.com/group/project'};
	return {module: typed, host: hostOf(typed)};
}
