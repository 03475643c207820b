// What the user typed as MODULE, checked before any step runs: a clear error and a hint for
// input that is not an import path at all (a URL, an scp address, spaces).
import {checkImportPath, diagnoseTypedModule, hostOf} from '../rules/module-path.js';

export type ModuleInput = {module: string; host: string} | {error: string; hint: string};

// A go.mod (or go.sum, go.work) named as MODULE: its name looks like a host, so say plainly what it is.
const goFile = /(?:^|[/\\])go\.(?:mod|sum|work)$|\.mod$/;

export function readModuleInput(typed: string): ModuleInput {
	if (goFile.test(typed.trim())) {
		return {error: `"${typed.trim()}" is a file, not a module path`, hint: 'Give the import path of a module, e.g. gitlab.example.com/group/project (the require lines of go.mod list them)'};
	}
	const {problem, suggestion} = diagnoseTypedModule(typed);
	if (problem) {
		return {error: `"${typed}" is not an import path: ${problem}`, hint: suggestion ? `Try: ${suggestion}` : 'MODULE looks like gitlab.example.com/group/project'};
	}
	const invalid = checkImportPath(typed);
	if (invalid) return {error: `"${typed}" is not a valid import path: ${invalid}`, hint: 'MODULE looks like gitlab.example.com/group/project'};
	return {module: typed, host: hostOf(typed)};
}
