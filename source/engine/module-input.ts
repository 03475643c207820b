// What the user typed as MODULE, checked before any step runs: a clear error and a hint for
// input that is not an import path at all (a URL, an scp address, spaces).
import {checkImportPath, diagnoseTypedModule, hostOf} from '../rules/module-path.js';

export type ModuleInput = {module: string; host: string} | {error: string; hint: string};

export function readModuleInput(typed: string): ModuleInput {
	const {problem, suggestion} = diagnoseTypedModule(typed);
	if (problem) {
		return {error: `"${typed}" is not an import path: ${problem}`, hint: suggestion ? `Try: ${suggestion}` : 'MODULE looks like gitlab.example.com/group/project'};
	}
	const invalid = checkImportPath(typed);
	if (invalid) return {error: `"${typed}" is not a valid import path: ${invalid}`, hint: 'MODULE looks like gitlab.example.com/group/project'};
	return {module: typed, host: hostOf(typed)};
}
