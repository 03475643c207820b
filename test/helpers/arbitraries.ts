// fast-check generators shared by the property tests.
import fc from 'fast-check';
import {checkImportPath} from '../../source/rules/module-path.js';

const pathElement = fc.stringMatching(/^[a-z0-9][a-z0-9-]{0,6}$/);

/**
 * Module paths go accepts: a dotted host and up to `maxElements` path elements. Go's own check
 * filters the rest out (e.g. "con.a": "con" is a reserved name on Windows, so go refuses it).
 */
export function goModulePaths({minElements = 0, maxElements = 3} = {}): fc.Arbitrary<string> {
	return fc.tuple(fc.array(pathElement, {minLength: 2, maxLength: 3}), fc.array(pathElement, {minLength: minElements, maxLength: maxElements}))
		.map(([host, path]) => [host.join('.'), ...path].join('/'))
		.filter(path => checkImportPath(path) === undefined);
}
