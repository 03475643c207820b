import {test} from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {goModulePaths} from '../helpers/arbitraries.js';
import {
	candidateModulePaths,
	checkImportPath,
	checkModulePath,
	diagnoseTypedModule,
	hostOf,
	splitPathVersion,
	vcsQualifier,
} from '../../source/rules/module-path.js';
import {goQuote, goQuoteRune} from '../../source/rules/go-strings.js';

// Go's answers (x/mod CheckPath / CheckImportPath as vendored in Go 1.19, identical to current x/mod) for
// each rule of docs/go.md §5.1 / firstPathOK [docs/sources.md §G29]. null = valid.
const pathTable: Array<{path: string; module: string | null; import: string | null; why: string}> = [
	{path: 'gitlab.example.com/group/project', module: null, import: null, why: 'plain module path'},
	{path: 'gitlab.example.com/group/sub/project', module: null, import: null, why: 'subgroup path'},
	{path: 'gitlab.example.com/group/project.git', module: null, import: null, why: 'VCS qualifier is a valid element'},
	{path: 'gitlab.example.com/group/project/v2', module: null, import: null, why: 'major version suffix'},
	{path: 'gitlab.example.com/group/project/v1', module: 'malformed module path "gitlab.example.com/group/project/v1": invalid version', import: null, why: '/v1 is not allowed'},
	{path: 'gitlab.example.com/group/project/v0', module: 'malformed module path "gitlab.example.com/group/project/v0": invalid version', import: null, why: '/v0 is not allowed'},
	{path: 'gitlab.example.com/group/project/v2.1', module: 'malformed module path "gitlab.example.com/group/project/v2.1": invalid version', import: null, why: 'dotted major'},
	{path: 'gitlab.example.com/group/project/v02', module: 'malformed module path "gitlab.example.com/group/project/v02": invalid version', import: null, why: 'leading zero major'},
	{path: 'gopkg.in/yaml.v3', module: null, import: null, why: 'gopkg.in convention'},
	{path: 'gopkg.in/yaml', module: 'malformed module path "gopkg.in/yaml": invalid version', import: null, why: 'gopkg.in needs .vN'},
	{path: 'GitLab.example.com/group/project', module: 'malformed module path "GitLab.example.com/group/project": invalid char \'G\' in first path element', import: null, why: 'host must be lower case'},
	{path: 'gitlab.example.com/Group/Project', module: null, import: null, why: 'upper case allowed after the host'},
	{path: 'gitlab/group/project', module: 'malformed module path "gitlab/group/project": missing dot in first path element', import: null, why: 'host needs a dot'},
	{path: 'localhost/x', module: 'malformed module path "localhost/x": missing dot in first path element', import: null, why: 'localhost has no dot'},
	{path: '-gitlab.example.com/x', module: 'malformed module path "-gitlab.example.com/x": leading dash', import: 'malformed import path "-gitlab.example.com/x": leading dash', why: 'leading dash'},
	{path: 'gitlab-.example.com/x', module: null, import: null, why: 'inner dash is fine'},
	{path: 'gitlab_example.com/x', module: 'malformed module path "gitlab_example.com/x": invalid char \'_\' in first path element', import: null, why: 'underscore not LDH'},
	{path: 'gitlab.example.com/', module: 'malformed module path "gitlab.example.com/": trailing slash', import: 'malformed import path "gitlab.example.com/": trailing slash', why: 'trailing slash'},
	{path: 'gitlab.example.com//x', module: 'malformed module path "gitlab.example.com//x": double slash', import: 'malformed import path "gitlab.example.com//x": double slash', why: 'double slash'},
	{path: '/gitlab.example.com/x', module: 'malformed module path "/gitlab.example.com/x": empty path element', import: 'malformed import path "/gitlab.example.com/x": empty path element', why: 'leading slash'},
	{path: '', module: 'malformed module path "": empty string', import: 'malformed import path "": empty string', why: 'empty'},
	{path: 'gitlab.example.com/.hidden', module: 'malformed module path "gitlab.example.com/.hidden": leading dot in path element', import: null, why: 'leading dot: module only'},
	{path: 'gitlab.example.com/x.', module: 'malformed module path "gitlab.example.com/x.": trailing dot in path element', import: 'malformed import path "gitlab.example.com/x.": trailing dot in path element', why: 'trailing dot'},
	{path: 'gitlab.example.com/..', module: 'malformed module path "gitlab.example.com/..": invalid path element ".."', import: 'malformed import path "gitlab.example.com/..": invalid path element ".."', why: 'dots only'},
	{path: 'gitlab.example.com/a..b', module: null, import: null, why: 'inner double dot is allowed now'},
	{path: 'gitlab.example.com/c++', module: 'malformed module path "gitlab.example.com/c++": invalid char \'+\'', import: null, why: '+ only in import paths'},
	{path: 'gitlab.example.com/a b', module: 'malformed module path "gitlab.example.com/a b": invalid char \' \'', import: 'malformed import path "gitlab.example.com/a b": invalid char \' \'', why: 'space'},
	{path: 'gitlab.example.com/a@v1.2.3', module: 'malformed module path "gitlab.example.com/a@v1.2.3": invalid char \'@\'', import: 'malformed import path "gitlab.example.com/a@v1.2.3": invalid char \'@\'', why: 'version suffix'},
	{path: 'gitlab.example.com:8443/x', module: 'malformed module path "gitlab.example.com:8443/x": invalid char \':\'', import: 'malformed import path "gitlab.example.com:8443/x": invalid char \':\'', why: 'no ports'},
	{path: 'gitlab.example.com/con', module: 'malformed module path "gitlab.example.com/con": "con" disallowed as path element component on Windows', import: 'malformed import path "gitlab.example.com/con": "con" disallowed as path element component on Windows', why: 'Windows reserved name'},
	{path: 'gitlab.example.com/Aux.txt', module: 'malformed module path "gitlab.example.com/Aux.txt": "Aux" disallowed as path element component on Windows', import: 'malformed import path "gitlab.example.com/Aux.txt": "Aux" disallowed as path element component on Windows', why: 'reserved name before a dot'},
	{path: 'gitlab.example.com/PROGRA~1', module: 'malformed module path "gitlab.example.com/PROGRA~1": trailing tilde and digits in path element', import: 'malformed import path "gitlab.example.com/PROGRA~1": trailing tilde and digits in path element', why: 'Windows short name'},
	{path: 'gitlab.example.com/a~b', module: null, import: null, why: 'tilde not followed by digits only'},
	{path: 'gitlab.example.com/é', module: 'malformed module path "gitlab.example.com/é": invalid char \'é\'', import: 'malformed import path "gitlab.example.com/é": invalid char \'é\'', why: 'non-ASCII'},
	{path: 'https://gitlab.example.com/x', module: 'malformed module path "https://gitlab.example.com/x": double slash', import: 'malformed import path "https://gitlab.example.com/x": double slash', why: 'a URL'},
	{path: 'example.com', module: null, import: null, why: 'host alone'},
];

test('checkModulePath / checkImportPath give Go\'s exact errors (docs/go.md §5.1 [docs/sources.md §G29])', () => {
	for (const row of pathTable) {
		assert.equal(checkModulePath(row.path) ?? null, row.module, `${row.why}: module ${row.path}`);
		assert.equal(checkImportPath(row.path) ?? null, row.import, `${row.why}: import ${row.path}`);
	}
});

test('splitPathVersion follows x/mod (docs/go.md §5.1 [docs/sources.md §G29])', () => {
	assert.deepEqual(splitPathVersion('example.com/m/v2'), {prefix: 'example.com/m', pathMajor: '/v2', ok: true});
	assert.deepEqual(splitPathVersion('example.com/m/v1'), {prefix: 'example.com/m/v1', pathMajor: '', ok: false});
	assert.deepEqual(splitPathVersion('example.com/m'), {prefix: 'example.com/m', pathMajor: '', ok: true});
	assert.deepEqual(splitPathVersion('gopkg.in/yaml.v2-unstable'), {prefix: 'gopkg.in/yaml', pathMajor: '.v2-unstable', ok: true});
});

test('candidateModulePaths: every valid prefix, longest first (docs/go.md §5.1 [docs/sources.md §G30])', () => {
	assert.deepEqual(candidateModulePaths('gitlab.example.com/group/sub/project/pkg'), [
		'gitlab.example.com/group/sub/project/pkg',
		'gitlab.example.com/group/sub/project',
		'gitlab.example.com/group/sub',
		'gitlab.example.com/group',
		'gitlab.example.com',
	]);
	assert.deepEqual(candidateModulePaths('gitlab.example.com/m/v1/pkg'), ['gitlab.example.com/m/v1/pkg', 'gitlab.example.com/m', 'gitlab.example.com'], 'a /v1 prefix is no module path');
	assert.deepEqual(candidateModulePaths('gitlab.example.com/x/.gen'), ['gitlab.example.com/x', 'gitlab.example.com'], 'a leading-dot element is no module path');
	assert.deepEqual(candidateModulePaths('Gitlab.example.com/x'), [], 'upper-case host: nothing to query');
	assert.deepEqual(candidateModulePaths(''), []);
});

// The general VCS-qualifier regexp of cmd/go/internal/vcs (Go <= 1.26 text) [docs/sources.md §G17][docs/sources.md §G40]; answers
// match Go 1.19's regexp.FindStringSubmatch.
const qualifierTable: Array<{path: string; want: {root: string; repo: string; vcs: string} | undefined; why: string}> = [
	{path: 'gitlab.example.com/group/sub/project.git', want: {root: 'gitlab.example.com/group/sub/project.git', repo: 'gitlab.example.com/group/sub/project', vcs: 'git'}, why: 'docs/go.md §5.2 subgroup workaround'},
	{path: 'gitlab.example.com/group/project.git/pkg/x', want: {root: 'gitlab.example.com/group/project.git', repo: 'gitlab.example.com/group/project', vcs: 'git'}, why: 'docs/go.md §5.2 packages after the qualifier'},
	{path: 'gitlab.example.com/a.git/b.git', want: {root: 'gitlab.example.com/a.git/b.git', repo: 'gitlab.example.com/a.git/b', vcs: 'git'},
		why: 'docs/go.md §5.2 with two qualifiers Go\'s regexp takes the last one (docs/go.mdsays first; Go 1.19 regexp gives this)'},
	{path: 'gitlab.example.com/a.git/b', want: {root: 'gitlab.example.com/a.git', repo: 'gitlab.example.com/a', vcs: 'git'}, why: 'docs/go.md §5.2 one qualifier, packages after it'},
	{path: 'hg.example.com/repo.hg', want: {root: 'hg.example.com/repo.hg', repo: 'hg.example.com/repo', vcs: 'hg'}, why: 'docs/go.md §5.2 hg'},
	{path: 'example.com/old.bzr', want: {root: 'example.com/old.bzr', repo: 'example.com/old', vcs: 'bzr'}, why: 'docs/go.md §5.2 bzr up to Go 1.26'},
	{path: 'gitlab.example.com:8443/group/project.git', want: {root: 'gitlab.example.com:8443/group/project.git', repo: 'gitlab.example.com:8443/group/project', vcs: 'git'}, why: 'docs/go.md §5.2 port allowed by the regexp'},
	{path: 'gitlab.example.com/~user/project.git', want: {root: 'gitlab.example.com/~user/project.git', repo: 'gitlab.example.com/~user/project', vcs: 'git'}, why: 'docs/go.md §5.2 ~ element'},
	{path: 'gitlab.example.com/group/project', want: undefined, why: 'docs/go.md §5.2 no qualifier: dynamic discovery'},
	{path: 'gitlab.example.com.git', want: undefined, why: 'docs/go.md §5.2 needs at least one path element before .git'},
	{path: 'gitlab.example.com/group/project.gitx', want: undefined, why: 'docs/go.md §5.2 suffix must end the element'},
	{path: 'gitlab.example.com/group/project.GIT', want: undefined, why: 'docs/go.md §5.2 suffix is lower case'},
];

test('vcsQualifier mirrors Go\'s regexp (docs/go.md §5.2 [docs/sources.md §G17])', () => {
	for (const row of qualifierTable) assert.deepEqual(vcsQualifier(row.path), row.want, row.why);
	assert.equal(vcsQualifier('example.com/old.bzr', {bzr: false}), undefined, 'docs/go.md §0 Go 1.27 removed Bazaar [docs/sources.md §G37]');
	assert.deepEqual(vcsQualifier('example.com/r.git', {bzr: false}), {root: 'example.com/r.git', repo: 'example.com/r', vcs: 'git'});
});

test('hostOf is the first element', () => {
	assert.equal(hostOf('gitlab.example.com/a/b'), 'gitlab.example.com');
	assert.equal(hostOf('gitlab.example.com'), 'gitlab.example.com');
	assert.equal(hostOf(''), '');
});

test('goQuote / goQuoteRune follow strconv.Quote', () => {
	assert.equal(goQuote('a"b\\c'), '"a\\"b\\\\c"');
	assert.equal(goQuote('tab\there\n'), '"tab\\there\\n"');
	assert.equal(goQuote('\x01é\u00a0'), '"\\x01é\\u00a0"');
	assert.equal(goQuoteRune("'"), "'\\''");
	assert.equal(goQuoteRune(' '), "' '");
});

type TypedRow = {input: string; suggestion?: string; mentions?: RegExp; fine?: true; why: string};

const typedTable: TypedRow[] = [
	{input: 'gitlab.example.com/group/project', fine: true, why: 'already a path'},
	{input: 'gitlab.example.com/group/project.git', fine: true, why: 'a typed .git qualifier is legitimate (docs/go.md §5.2)'},
	{input: 'https://gitlab.example.com/group/project', suggestion: 'gitlab.example.com/group/project', mentions: /URL/, why: 'scheme in front'},
	{input: 'http://gitlab.example.com/group/project/', suggestion: 'gitlab.example.com/group/project', mentions: /URL.*ends in "\/"/, why: 'http and trailing slash'},
	{input: 'https://gitlab.example.com/group/project.git', suggestion: 'gitlab.example.com/group/project', mentions: /\.git/, why: 'clone URL'},
	{input: 'git@gitlab.example.com:group/sub/project.git', suggestion: 'gitlab.example.com/group/sub/project', mentions: /scp/, why: 'scp-style address'},
	{input: 'ssh://git@gitlab.example.com:2222/group/project.git', suggestion: 'gitlab.example.com/group/project', mentions: /port/, why: 'ssh URL with port'},
	{input: 'https://oauth2:glpat-secret@gitlab.example.com/group/project', suggestion: 'gitlab.example.com/group/project', mentions: /credentials/, why: 'token in URL'},
	{input: '  gitlab.example.com/group/project\n', suggestion: 'gitlab.example.com/group/project', mentions: /spaces/, why: 'whitespace around'},
	{input: 'gitlab.example.com/group/project@v1.2.3', suggestion: 'gitlab.example.com/group/project', mentions: /@v1\.2\.3/, why: '@version suffix'},
	{input: 'gitlab.example.com/group/project@latest', suggestion: 'gitlab.example.com/group/project', mentions: /@latest/, why: '@latest suffix'},
	{input: 'GitLab.Example.com/group/project', suggestion: 'gitlab.example.com/group/project', mentions: /upper-case/, why: 'upper-case host'},
	{input: 'https://gitlab.example.com/group/project/-/tree/main/pkg', suggestion: 'gitlab.example.com/group/project', mentions: /GitLab page/, why: 'GitLab UI URL'},
	{input: 'https://gitlab.example.com/group/project?tab=readme#top', suggestion: 'gitlab.example.com/group/project', mentions: /query/, why: 'query and fragment'},
	{input: 'go get gitlab.example.com/group/project', suggestion: 'gitlab.example.com/group/project', mentions: /command/, why: 'the whole command pasted'},
];

test('diagnoseTypedModule names the problem and suggests the path', () => {
	for (const row of typedTable) {
		const result = diagnoseTypedModule(row.input);
		if (row.fine) {
			assert.deepEqual(result, {}, row.why);
			continue;
		}
		assert.equal(result.suggestion, row.suggestion, row.why);
		assert.match(result.problem ?? '', row.mentions!, row.why);
	}
	assert.ok(!(diagnoseTypedModule('https://oauth2:glpat-secret@gitlab.example.com/g/p').problem ?? '').includes('glpat'), 'a token never appears in the message');
});

test('fuzz: path functions never throw and agree with each other', () => {
	const pathChar = fc.constantFrom('a', 'b', 'A', '.', '/', '-', '_', '~', '+', '1', 'v', '2', ' ', 'é', '@', ':', '\ud800');
	const paths = fc.oneof(fc.string(), fc.array(pathChar, {maxLength: 24}).map(a => a.join('')));
	fc.assert(fc.property(paths, p => {
		const moduleError = checkModulePath(p);
		const importError = checkImportPath(p);
		// A valid module path is always a valid import path.
		if (moduleError === undefined) assert.equal(importError, undefined, p);
		if (moduleError !== undefined) assert.ok(moduleError.startsWith('malformed module path "'));
		for (const candidate of candidateModulePaths(p)) {
			assert.equal(checkModulePath(candidate), undefined);
			assert.ok(p === candidate || p.startsWith(candidate + '/'));
		}
		const qualifier = vcsQualifier(p);
		if (qualifier) {
			assert.equal(qualifier.root, `${qualifier.repo}.${qualifier.vcs}`);
			assert.ok(p.includes(qualifier.root));
		}
		const typed = diagnoseTypedModule(p);
		if (typed.suggestion !== undefined) {
			assert.equal(checkImportPath(typed.suggestion), undefined);
			assert.ok(typed.problem !== undefined);
		}
		hostOf(p);
		goQuote(p);
	}), {numRuns: 5000});
});

test('fuzz: a clean suggestion is stable (diagnosing it again finds nothing)', () => {
	const module = goModulePaths({minElements: 1});
	const decorate = fc.constantFrom((m: string) => `https://${m}`, (m: string) => ` ${m}/ `, (m: string) => `${m}@v1.0.0`, (m: string) => `https://${m}.git`, (m: string) => m.toUpperCase());
	fc.assert(fc.property(module, decorate, (m, d) => {
		const result = diagnoseTypedModule(d(m));
		if (result.suggestion !== undefined) assert.deepEqual(diagnoseTypedModule(result.suggestion), {});
	}), {numRuns: 2000});
});
