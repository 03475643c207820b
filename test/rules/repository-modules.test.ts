import {test} from 'node:test';
import assert from 'node:assert/strict';
import {isDirectoryPath, requiredModules, splitModuleVersion, workspaceUses} from '../../source/rules/repository-modules.js';

const goMod = `module gitlab.example.com/me/app

go 1.22

require gitlab.example.com/group/lib v1.2.0
require (
	github.com/pkg/errors v0.9.1
	gitlab.example.com/group/old v1.0.0 // indirect
	"gitlab.example.com/group/quoted" v0.3.0
	gitlab.example.com/group/local v0.0.0-00010101000000-000000000000
	gitlab.example.com/me/app/sub v0.1.0
)

replace gitlab.example.com/group/old => gitlab.example.com/group/new v1.1.0
replace gitlab.example.com/group/local => ../local
`;

test('every require (direct and indirect) and replace targets that are module paths; directory replacements and own modules fetch nothing', () => {
	const modules = requiredModules([{file: 'go.mod', text: goMod}], undefined, new Set(['gitlab.example.com/me/app', 'gitlab.example.com/me/app/sub']));
	assert.deepEqual(
		modules.map(module => [module.path, module.version, module.source]),
		[
			['github.com/pkg/errors', 'v0.9.1', 'require'],
			['gitlab.example.com/group/lib', 'v1.2.0', 'require'],
			['gitlab.example.com/group/new', 'v1.1.0', 'replace'],
			['gitlab.example.com/group/quoted', 'v0.3.0', 'require'],
		],
	);
});

test("a go.work replace wins over the module's; a version-specific replace touches only that version", () => {
	const mod = 'module a.example/app\nrequire (\n\tgitlab.example.com/g/x v1.0.0\n\tgitlab.example.com/g/y v2.0.0\n)\nreplace gitlab.example.com/g/y v1.0.0 => gitlab.example.com/g/z v1.0.0\n';
	const work = {file: 'go.work', text: 'go 1.22\nuse ./app\nreplace gitlab.example.com/g/x => gitlab.example.com/fork/x v1.0.1\n'};
	const modules = requiredModules([{file: 'app/go.mod', text: mod}], work);
	assert.deepEqual(modules.map(module => `${module.path}@${module.version}`), ['gitlab.example.com/fork/x@v1.0.1', 'gitlab.example.com/g/y@v2.0.0']);
});

test('use directives, directory paths, MODULE@VERSION', () => {
	assert.deepEqual(workspaceUses('go 1.22\nuse (\n\t./a\n\t"./b c"\n)\nuse ./d\n'), ['./a', './b c', './d']);
	for (const path of ['.', '..', './x', '../x', '/abs', 'C:\\x']) assert.ok(isDirectoryPath(path), path);
	assert.ok(!isDirectoryPath('gitlab.example.com/x'));
	assert.deepEqual(splitModuleVersion('gitlab.example.com/a/b@v1.2.3'), {path: 'gitlab.example.com/a/b', version: 'v1.2.3'});
	assert.deepEqual(splitModuleVersion('gitlab.example.com/a/b'), {path: 'gitlab.example.com/a/b'});
});
