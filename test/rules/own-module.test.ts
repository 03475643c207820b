import {test} from 'node:test';
import assert from 'node:assert/strict';
import {checkMajorVersion, checkModuleAgainstOrigin, checkOwnImports, goImports, originProject, projectBase} from '../../source/rules/own-module.js';

test('origin URLs of every kind name a host and a project path', () => {
	assert.deepEqual(originProject('https://gitlab.example.com/group/sub/app.git'), {host: 'gitlab.example.com', project: 'group/sub/app'});
	assert.deepEqual(originProject('git@gitlab.example.com:group/app.git'), {host: 'gitlab.example.com', project: 'group/app'});
	assert.deepEqual(originProject('ssh://git@gitlab.example.com:2222/group/app'), {host: 'gitlab.example.com', project: 'group/app'});
	assert.equal(originProject('/srv/repos/app.git'), undefined);
});

test('the module path must name origin\'s project: a subgroup, a .git qualifier and a /vN suffix are fine; another project fails', () => {
	const origin = {host: 'gitlab.example.com', project: 'group/sub/app'};
	assert.equal(checkModuleAgainstOrigin('gitlab.example.com/group/sub/app', origin, '').status, 'pass');
	assert.equal(checkModuleAgainstOrigin('gitlab.example.com/group/sub/app.git', origin, '').status, 'pass');
	assert.equal(checkModuleAgainstOrigin('gitlab.example.com/group/sub/app/v3', origin, '').status, 'pass');
	assert.equal(checkModuleAgainstOrigin('gitlab.example.com/group/sub/app/tools', origin, 'tools').status, 'pass');
	const wrong = checkModuleAgainstOrigin('gitlab.example.com/group/app', origin, '');
	assert.equal(wrong.status, 'fail');
	assert.match(wrong.summary, /module declares its path as gitlab\.example\.com\/group\/app but was required as gitlab\.example\.com\/group\/sub\/app/);
});

test('a half-done .git rename: imports that still use the old path fail; a v2 module importing v1 only warns', () => {
	const imports = [
		{path: 'gitlab.example.com/group/app.git/pkg', file: 'main.go', line: 4},
		{path: 'gitlab.example.com/group/app/internal/x', file: 'cmd/run.go', line: 6},
		{path: 'fmt', file: 'main.go', line: 3},
	];
	const half = checkOwnImports('gitlab.example.com/group/app.git', imports);
	assert.equal(half.status, 'fail');
	assert.match(half.details[0]!, /cmd\/run\.go:6: "gitlab\.example\.com\/group\/app\/internal\/x"/);
	assert.equal(checkOwnImports('gitlab.example.com/group/app.git', imports.slice(0, 1)).status, 'pass');
	assert.equal(checkOwnImports('gitlab.example.com/group/app/v2', [{path: 'gitlab.example.com/group/app/pkg', file: 'a.go', line: 1}]).status, 'warn');
	assert.deepEqual(projectBase('gitlab.example.com/group/app.git/v2'), {base: 'gitlab.example.com/group/app', major: 'v2', qualified: true});
});

test('/vN against the tags: v2 tags without /v2 fail; /v3 without a v3 tag warns; no tags says nothing', () => {
	assert.equal(checkMajorVersion('gitlab.example.com/g/app', ['v1.0.0', 'v2.1.0'])?.status, 'fail');
	assert.equal(checkMajorVersion('gitlab.example.com/g/app/v2', ['v1.0.0', 'v2.1.0'])?.status, 'pass');
	assert.equal(checkMajorVersion('gitlab.example.com/g/app/v3', ['v2.1.0'])?.status, 'warn');
	assert.equal(checkMajorVersion('gitlab.example.com/g/app', ['v2.0.0+incompatible', 'v1.2.0'])?.status, 'pass');
	assert.equal(checkMajorVersion('gitlab.example.com/g/app', []), undefined);
});

test('goImports reads single imports and blocks with aliases, and ignores comments and code', () => {
	const text = 'package main\n\nimport "fmt"\nimport (\n\tx "a.example/x" // alias\n\t_ "b.example/y"\n\t// "c.example/commented"\n)\n\nfunc main() { _ = "d.example/notimport" }\n';
	assert.deepEqual(goImports(text).map(each => each.path), ['fmt', 'a.example/x', 'b.example/y']);
});
