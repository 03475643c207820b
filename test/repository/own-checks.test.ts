// The repository's own module, checked through System (fake files and git answers): which .go files count, as go
// walks a module, and what origin and the tags say.
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {checkOwnModules} from '../../source/repository/own-checks.js';
import {fakeSystem} from '../helpers/fake-system.js';

const module = {path: 'gitlab.example.com/group/app', dir: '/repo', file: '/repo/go.mod'};
const importing = (path: string) => `package x\n\nimport (\n\t"fmt"\n\t"${path}"\n)\n`;

function system(files: Record<string, string>, tags = '') {
	return fakeSystem({
		files: {'/repo/go.mod': 'module gitlab.example.com/group/app\n', ...files},
		commands: {
			'git -C /repo remote get-url origin': {stdout: 'https://gitlab.example.com/group/app.git\n'},
			'git -C /repo rev-parse --show-toplevel': {stdout: '/repo\n'},
			'git -C /repo tag --list v*': {stdout: tags},
		},
	});
}

test('a half-done .git rename in a .go file of the module fails, naming the file and line; vendor, testdata, hidden, _ and nested modules are not read', async () => {
	const stray = importing('gitlab.example.com/group/app.git/internal/x');
	const [result] = await checkOwnModules(
		system({
			'/repo/main.go': importing('gitlab.example.com/group/app/internal/x'),
			'/repo/internal/x/x.go': stray,
			'/repo/vendor/v/v.go': stray,
			'/repo/testdata/t.go': stray,
			'/repo/.hidden/h.go': stray,
			'/repo/_skip/s.go': stray,
			'/repo/nested/go.mod': 'module gitlab.example.com/group/app/nested\n',
			'/repo/nested/n.go': stray,
		}),
		[module],
	);
	const imports = result!.findings.find(finding => finding.title === 'Imports of its own packages')!;
	assert.equal(imports.status, 'fail', JSON.stringify(imports));
	assert.match(imports.summary, /^1 import uses another path/);
	assert.match(imports.details.join('\n'), /internal\/x\/x\.go:5/);
	assert.equal(result!.findings.find(finding => finding.title === 'Module path and origin')?.status, 'pass');
});

test('every import right and tags that agree: every finding passes; a v2 tag without /v2 fails', async () => {
	const files = {'/repo/main.go': importing('gitlab.example.com/group/app/internal/x'), '/repo/internal/x/x.go': 'package x\n'};
	const [good] = await checkOwnModules(system(files, 'v1.0.0\nv1.2.0\n'), [module]);
	assert.deepEqual(good!.findings.map(finding => finding.status), ['pass', 'pass', 'pass']);
	const [major] = await checkOwnModules(system(files, 'v1.0.0\nv2.0.0\n'), [module]);
	assert.equal(major!.findings.at(-1)?.status, 'fail');
	assert.match(major!.findings.at(-1)!.summary, /no \/v2 suffix/);
});
