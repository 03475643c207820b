import {test} from 'node:test';
import assert from 'node:assert/strict';
import {goModModulePath, parseGoModRequires} from '../../source/rules/go-mod.js';

const paths = (text: string) => parseGoModRequires(text).map(item => item.path);

test('single-line require directives (x/mod modfile: `require path version`)', () => {
	const text = 'module example.com/app\n\ngo 1.22\n\nrequire gitlab.example.com/group/lib v1.2.3\nrequire golang.org/x/mod v0.17.0 // indirect\n';
	assert.deepEqual(parseGoModRequires(text), [
		{path: 'gitlab.example.com/group/lib', version: 'v1.2.3', indirect: false, line: 5},
		{path: 'golang.org/x/mod', version: 'v0.17.0', indirect: true, line: 6},
	]);
});

test('a require block, with comments, blank lines and an indirect marker', () => {
	const text = [
		'module example.com/app',
		'require ( // direct and indirect',
		'\tgitlab.example.com/group/sub/project v0.0.0-20240101000000-abcdef123456',
		'',
		'\t// a whole-line comment',
		'\tgithub.com/pkg/errors v0.9.1 // indirect',
		')',
		'require gitlab.example.com/other v1.0.0',
	].join('\n');
	const found = parseGoModRequires(text);
	assert.deepEqual(found.map(item => [item.path, item.indirect]), [
		['gitlab.example.com/group/sub/project', false],
		['github.com/pkg/errors', true],
		['gitlab.example.com/other', false],
	]);
	assert.equal(found[0]!.version, 'v0.0.0-20240101000000-abcdef123456');
});

test('"indirect" counts only as the whole comment or before a ";" (modfile isIndirect)', () => {
	const text = 'require (\n\ta.example/x v1.0.0 // indirect; needed by y\n\tb.example/y v1.0.0 // not indirect\n)\n';
	assert.deepEqual(parseGoModRequires(text).map(item => item.indirect), [true, false]);
});

test('quoted paths ("…" and `…`) are unquoted; CRLF line ends are fine', () => {
	const text = 'require (\r\n\t"gitlab.example.com/quoted" v1.0.0\r\n\t`gitlab.example.com/raw` v2.0.0\r\n)\r\nrequire "gitlab.example.com/single" v3.0.0\r\n';
	assert.deepEqual(paths(text), ['gitlab.example.com/quoted', 'gitlab.example.com/raw', 'gitlab.example.com/single']);
});

test('requirements inside replace and exclude blocks, and the replace targets, are not requirements', () => {
	const text = [
		'require gitlab.example.com/kept v1.0.0',
		'replace (',
		'\tgitlab.example.com/kept => ../kept',
		'\tgitlab.example.com/other v1.0.0 => gitlab.example.com/fork v1.0.1',
		')',
		'exclude (',
		'\tgitlab.example.com/bad v0.1.0',
		')',
		'exclude gitlab.example.com/bad v0.2.0',
		'replace gitlab.example.com/x => gitlab.example.com/y v1.0.0',
	].join('\n');
	assert.deepEqual(paths(text), ['gitlab.example.com/kept']);
});

test('malformed lines are passed over, not guessed at; an empty one-line block is nothing', () => {
	const text = 'require ()\nrequire onlypath\nrequire "unterminated v1.0.0\nrequire a.example/ok v1.0.0 extra\nrequire b.example/ok v1.0.0\n';
	assert.deepEqual(paths(text), ['b.example/ok']);
});

test('a block that never closes still yields what it has (the TUI only offers suggestions)', () => {
	assert.deepEqual(paths('require (\n\ta.example/x v1.0.0\n'), ['a.example/x']);
});

test('goModModulePath reads the module directive, quoted or not', () => {
	assert.equal(goModModulePath('// comment\nmodule example.com/app // the app\n'), 'example.com/app');
	assert.equal(goModModulePath('module "example.com/quoted"\n'), 'example.com/quoted');
	assert.equal(goModModulePath('go 1.22\n'), undefined);
});
