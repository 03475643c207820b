import {test} from 'node:test';
import assert from 'node:assert/strict';
import {spawnSync} from 'node:child_process';
import fc from 'fast-check';
import {goFields} from '../../source/rules/go-strings.js';
import {goUrlParse} from '../../source/rules/go-url.js';
import {hasPathPrefix, matchGoImport, parseMetaGoImports, validateRepoRoot, type MetaImport} from '../../source/rules/meta-tags.js';
import {buildGoOracle} from '../helpers/go-oracle.js';

// Sources: [docs/sources.md §G16] discovery.go parseMetaGoImports, [docs/sources.md §G17] vcs.go matchGoImport/validateRepoRoot, [docs/sources.md §R32] codehost/git.go,
// [docs/sources.md §S1]/[docs/sources.md §S4] GitLab's go-get middleware (current / legacy), encoding/xml xml.go (non-strict RawToken).

const gitlabCurrent =
	'<html><head><meta name="go-import" content="gitlab.example.com/group/sub/proj git https://gitlab.example.com/group/sub/proj.git"></head><body>go get gitlab.example.com/group/sub/proj</body></html>';
const gitlabLegacy =
	'<html><head><meta name="go-import" content="gitlab.example.com/group/proj git https://gitlab.example.com/group/proj.git" /><meta name="go-source" content="gitlab.example.com/group/proj https://gitlab.example.com/group/proj https://gitlab.example.com/group/proj/-/tree/master{/dir} https://gitlab.example.com/group/proj/-/blob/master{/dir}/{file}#L{line}" /></head><body>go get https://gitlab.example.com/group/proj</body></html>';
const gitlabTwoSegments =
	'<html><head><meta name="go-import" content="gitlab.example.com/group/sub git https://gitlab.example.com/group/sub.git" /><meta name="go-source" content="gitlab.example.com/group/sub https://gitlab.example.com/group/sub https://gitlab.example.com/group/sub/-/tree/master{/dir} https://gitlab.example.com/group/sub/-/blob/master{/dir}/{file}#L{line}" /></head><body>go get https://gitlab.example.com/group/sub</body></html>';

const tag = (content: string) => `<meta name="go-import" content="${content}">`;
const a: MetaImport = {prefix: 'ex.com/a', vcs: 'git', repoRoot: 'https://ex.com/a.git'};
const aContent = 'ex.com/a git https://ex.com/a.git';

type ParseRow = {
	behaviour: string;
	source: string;
	html: string;
	options?: Parameters<typeof parseMetaGoImports>[1];
	imports: MetaImport[];
	error?: string;
};

const parseRows: ParseRow[] = [
	{
		behaviour: "GitLab's current 200 body",
		source: 'docs/gitlab.md §1.4',
		html: gitlabCurrent,
		imports: [{prefix: 'gitlab.example.com/group/sub/proj', vcs: 'git', repoRoot: 'https://gitlab.example.com/group/sub/proj.git'}],
	},
	{
		behaviour: 'GitLab with SSH-only Git access gives an ssh:// repo root',
		source: 'docs/gitlab.md §1.4',
		html: tag('gitlab.example.com/group/proj git ssh://git@gitlab.example.com:2222/group/proj.git'),
		imports: [{prefix: 'gitlab.example.com/group/proj', vcs: 'git', repoRoot: 'ssh://git@gitlab.example.com:2222/group/proj.git'}],
	},
	{
		behaviour: 'legacy GitLab page: self-closing tags, go-source ignored',
		source: 'docs/gitlab.md §1.7',
		html: gitlabLegacy,
		imports: [{prefix: 'gitlab.example.com/group/proj', vcs: 'git', repoRoot: 'https://gitlab.example.com/group/proj.git'}],
	},
	{
		behaviour: 'legacy unauthenticated 2-segment answer parses like any tag',
		source: 'docs/gitlab.md §1.3',
		html: gitlabTwoSegments,
		imports: [{prefix: 'gitlab.example.com/group/sub', vcs: 'git', repoRoot: 'https://gitlab.example.com/group/sub.git'}],
	},
	{behaviour: 'attributes in any order', source: 'docs/sources.md §G16 attrValue', html: `<meta content="${aContent}" name="go-import">`, imports: [a]},
	{behaviour: 'single-quoted values', source: 'xml.go attrval', html: `<meta name='go-import' content='${aContent}'>`, imports: [a]},
	{behaviour: 'unquoted name value (non-strict)', source: 'xml.go attrval', html: `<meta name=go-import content="${aContent}">`, imports: [a]},
	{
		behaviour: 'unquoted content stops at "." and the rest is an invalid attribute name',
		source: 'xml.go attrval/nsname',
		html: '<meta name=go-import content=ex.com/a>',
		imports: [],
		error: 'XML syntax error on line 1: invalid XML name: .com',
	},
	{behaviour: 'self-closing tag', source: 'xml.go needClose', html: `<meta name="go-import" content="${aContent}"/>`, imports: [a]},
	{behaviour: 'bare attribute (non-strict) before name', source: 'xml.go rawToken', html: `<meta async name="go-import" content="${aContent}">`, imports: [a]},
	{behaviour: 'upper-case element and attribute names', source: 'docs/sources.md §G16 EqualFold', html: `<META NAME="go-import" CONTENT="${aContent}">`, imports: [a]},
	{behaviour: 'the name value is case-sensitive', source: 'docs/sources.md §G16', html: `<meta name="GO-IMPORT" content="${aContent}">`, imports: []},
	{behaviour: 'a namespaced attribute counts by its local name', source: 'xml.go nsname', html: `<meta x:name="go-import" content="${aContent}">`, imports: [a]},
	{behaviour: 'comments and a doctype before the tag', source: 'xml.go', html: `<!DOCTYPE html><html><!-- go-import --><head>${tag(aContent)}</head>`, imports: [a]},
	{
		behaviour: '"--" inside a comment is an XML error',
		source: 'xml.go comment',
		html: `<!-- a -- b -->${tag(aContent)}`,
		imports: [],
		error: 'XML syntax error on line 1: invalid sequence "--" not allowed in comments',
	},
	{
		behaviour: 'inline script with "a < b" before the tag breaks Go',
		source: 'docs/sources.md §G16 doc advice; xml.go',
		html: `<html><head><script>if (a < b) {}</script>${tag(aContent)}</head>`,
		imports: [],
		error: 'XML syntax error on line 1: expected element name after <',
	},
	{
		behaviour: 'the line number counts newlines',
		source: 'xml.go syntaxError',
		html: `<html>\n<head>\n<script>\nvar x = 1 <2;\n</script>${tag(aContent)}`,
		imports: [],
		error: 'XML syntax error on line 4: invalid XML name: 2',
	},
	{
		behaviour: 'a script without "<" (even with &&) does not break Go',
		source: 'xml.go text',
		html: `<script>if (a && b) { x = "</p>"; }</script>${tag(aContent)}`,
		imports: [a],
	},
	{
		behaviour: 'a script with "a<b)" reads <b as an element and fails on ")"',
		source: 'xml.go rawToken',
		html: `<script>if (a<b) {}</script>${tag(aContent)}`,
		imports: [],
		error: 'XML syntax error on line 1: expected attribute name in element',
	},
	{behaviour: 'errors after a tag was found are ignored', source: 'docs/sources.md §G16', html: `${tag(aContent)}<script>a < b</script>`, imports: [a]},
	{
		behaviour: 'importPath option gives the go command wording',
		source: 'docs/sources.md §G17 repoRootForImportDynamic',
		html: '<head><script>1 < 2</script>',
		options: {importPath: 'ex.com/a'},
		imports: [],
		error: 'parsing ex.com/a: XML syntax error on line 1: expected element name after <',
	},
	{
		behaviour: '&amp; in content is decoded',
		source: 'xml.go text',
		html: tag('ex.com/a git https://ex.com/a.git?x=1&amp;y=2'),
		imports: [{prefix: 'ex.com/a', vcs: 'git', repoRoot: 'https://ex.com/a.git?x=1&y=2'}],
	},
	{
		behaviour: 'HTML-only entities stay as written (no HTML entity table)',
		source: 'xml.go text, Strict=false',
		html: tag('ex.com/a git https://ex.com/a&nbsp;b'),
		imports: [{prefix: 'ex.com/a', vcs: 'git', repoRoot: 'https://ex.com/a&nbsp;b'}],
	},
	{behaviour: 'numeric references split fields', source: 'xml.go text', html: tag('ex.com/a&#32;git&#x20;https://ex.com/a.git'), imports: [a]},
	{behaviour: 'fields split on any whitespace', source: 'docs/sources.md §G16 strings.Fields', html: tag(' ex.com/a\n\tgit   https://ex.com/a.git '), imports: [a]},
	{
		behaviour: 'several tags are all returned',
		source: 'docs/sources.md §G16',
		html: tag(aContent) + tag('ex.com/b git https://ex.com/b.git'),
		imports: [a, {prefix: 'ex.com/b', vcs: 'git', repoRoot: 'https://ex.com/b.git'}],
	},
	{behaviour: 'parsing stops at <body>', source: 'docs/sources.md §G16', html: `<html><head></head><body>${tag(aContent)}</body>`, imports: []},
	{behaviour: 'parsing stops at <BODY/> too', source: 'docs/sources.md §G16 EqualFold', html: `<BODY/>${tag(aContent)}`, imports: []},
	{behaviour: 'parsing stops at </head>', source: 'docs/sources.md §G16', html: `<head></head>${tag(aContent)}`, imports: []},
	{
		behaviour: '4 fields give a subdir (Go ≥ 1.25)',
		source: 'docs/sources.md §G16 @a4afd6',
		html: tag('ex.com/a git https://ex.com/mono.git a'),
		imports: [{prefix: 'ex.com/a', vcs: 'git', repoRoot: 'https://ex.com/mono.git', subdir: 'a'}],
	},
	{
		behaviour: '4 fields are ignored before Go 1.25',
		source: 'docs/sources.md §G16 @f93596',
		html: tag('ex.com/a git https://ex.com/mono.git a'),
		options: {allowSubdir: false},
		imports: [],
	},
	{behaviour: '2 fields are ignored', source: 'docs/sources.md §G16', html: tag('ex.com/a git'), imports: []},
	{behaviour: '5 fields are ignored', source: 'docs/sources.md §G16', html: tag('ex.com/a git https://ex.com/a.git x y'), imports: []},
	{
		behaviour: 'module mode: mod tags first, a same-prefix git tag dropped',
		source: 'docs/sources.md §G16 PreferMod',
		html: tag('ex.com/a git https://ex.com/a.git') + tag('ex.com/b git https://ex.com/b.git') + tag('ex.com/a mod https://proxy.ex.com'),
		imports: [
			{prefix: 'ex.com/a', vcs: 'mod', repoRoot: 'https://proxy.ex.com'},
			{prefix: 'ex.com/b', vcs: 'git', repoRoot: 'https://ex.com/b.git'},
		],
	},
	{
		behaviour: 'GOPATH mode drops mod tags',
		source: 'docs/sources.md §G16 IgnoreMod',
		html: tag('ex.com/a git https://ex.com/a.git') + tag('ex.com/a mod https://proxy.ex.com'),
		options: {moduleMode: false},
		imports: [a],
	},
	{
		behaviour: 'an XML declaration with another charset fails',
		source: 'docs/sources.md §G16 charsetReader',
		html: `<?xml version="1.0" encoding="ISO-8859-1"?>${tag(aContent)}`,
		imports: [],
		error: 'xml: opening charset "ISO-8859-1": can\'t decode XML document using charset "ISO-8859-1"',
	},
	{behaviour: 'an XML declaration with ascii is fine', source: 'docs/sources.md §G16 charsetReader', html: `<?xml version="1.0" encoding="ASCII"?>${tag(aContent)}`, imports: [a]},
	{behaviour: 'an empty page has no tags and no error', source: 'docs/sources.md §G16', html: '', imports: []},
	{behaviour: 'a plain-text 404 body has no tags and no error', source: 'docs/gitlab.md §1.5', html: 'Go package not found or access denied.', imports: []},
	{
		behaviour: 'NUL from a character reference is an illegal character',
		source: 'xml.go isInCharacterRange',
		html: tag('ex.com/a&#0; git x'),
		imports: [],
		error: 'XML syntax error on line 1: illegal character code U+0000',
	},
	{behaviour: 'an unclosed tag at the end is an unexpected EOF', source: 'xml.go mustgetc', html: '<meta name="go-import"', imports: [], error: 'XML syntax error on line 1: unexpected EOF'},
];

for (const row of parseRows) {
	test(`parseMetaGoImports: ${row.behaviour} [${row.source}]`, () => {
		const result = parseMetaGoImports(row.html, row.options);
		assert.deepEqual(result.imports, row.imports);
		assert.equal(result.error, row.error);
	});
}

test('parseMetaGoImports: bytes that are not UTF-8 inside content are an XML error [xml.go text]', () => {
	const bytes = new Uint8Array([...new TextEncoder().encode('<meta name="go-import" content="ex.com/a git x'), 0xff, ...new TextEncoder().encode('">')]);
	assert.deepEqual(parseMetaGoImports(bytes), {imports: [], error: 'XML syntax error on line 1: invalid UTF-8'});
});

type MatchRow = {behaviour: string; source: string; imports: MetaImport[]; importPath: string; pageUrl?: string; match?: MetaImport; error?: string};

const b: MetaImport = {prefix: 'ex.com/b', vcs: 'git', repoRoot: 'https://ex.com/b.git'};
const matchRows: MatchRow[] = [
	{behaviour: 'prefix equal to the path', source: 'docs/sources.md §G17 str.HasPathPrefix', imports: [a, b], importPath: 'ex.com/a', match: a},
	{behaviour: 'prefix on a / boundary', source: 'docs/sources.md §G17', imports: [a, b], importPath: 'ex.com/a/pkg/sub', match: a},
	{
		behaviour: 'prefix not on a / boundary does not match',
		source: 'docs/sources.md §G17 ImportMismatchError',
		imports: [a],
		importPath: 'ex.com/ab',
		error: 'no go-import meta tags (meta tag ex.com/a did not match import path ex.com/ab)',
	},
	{
		behaviour: 'all mismatches are listed, with the page URL prefix',
		source: 'docs/sources.md §G17 repoRootForImportDynamic',
		imports: [a, b],
		importPath: 'ex.com/c',
		pageUrl: 'https://ex.com/c?go-get=1',
		error: 'parse https://ex.com/c?go-get=1: no go-import meta tags (meta tag ex.com/a did not match import path ex.com/c, meta tag ex.com/b did not match import path ex.com/c)',
	},
	{behaviour: 'no tags at all gives empty parentheses', source: 'docs/go.md §5.6', imports: [], importPath: 'ex.com/a', error: 'no go-import meta tags ()'},
	{
		behaviour: 'two matching tags are an error',
		source: 'docs/sources.md §G17',
		imports: [a, {prefix: 'ex.com', vcs: 'git', repoRoot: 'https://ex.com/x.git'}],
		importPath: 'ex.com/a/pkg',
		error: 'multiple meta tags match import path "ex.com/a/pkg"',
	},
	{
		behaviour: 'a matching mod tag wins over later non-mod tags',
		source: 'docs/sources.md §G17',
		imports: [{prefix: 'ex.com', vcs: 'mod', repoRoot: 'https://proxy'}, a],
		importPath: 'ex.com/a',
		match: {prefix: 'ex.com', vcs: 'mod', repoRoot: 'https://proxy'},
	},
	{
		behaviour: "legacy GitLab's 2-segment tag matches a subgroup package path (so git fetches the wrong repo)",
		source: 'docs/sources.md §S4; docs/go.md §7',
		imports: [{prefix: 'gitlab.example.com/group/sub', vcs: 'git', repoRoot: 'https://gitlab.example.com/group/sub.git'}],
		importPath: 'gitlab.example.com/group/sub/proj/pkg',
		match: {prefix: 'gitlab.example.com/group/sub', vcs: 'git', repoRoot: 'https://gitlab.example.com/group/sub.git'},
	},
	{
		behaviour: "a renamed project's canonical prefix does not match the old path",
		source: 'docs/gitlab.md §1.2 redirect routes',
		imports: [{prefix: 'gitlab.example.com/group/new', vcs: 'git', repoRoot: 'https://gitlab.example.com/group/new.git'}],
		importPath: 'gitlab.example.com/group/old',
		error: 'no go-import meta tags (meta tag gitlab.example.com/group/new did not match import path gitlab.example.com/group/old)',
	},
];

for (const row of matchRows) {
	test(`matchGoImport: ${row.behaviour} [${row.source}]`, () => {
		const result = matchGoImport(row.imports, row.importPath, row.pageUrl);
		assert.deepEqual(result.match, row.match);
		assert.equal(result.error, row.error);
	});
}

type RepoRow = {behaviour: string; source: string; meta: Omit<MetaImport, 'prefix'>; pageUrl?: string; error?: string};

const repoRows: RepoRow[] = [
	{behaviour: "GitLab's https repo root", source: 'docs/sources.md §S1', meta: {vcs: 'git', repoRoot: 'https://gitlab.example.com/group/proj.git'}},
	{behaviour: 'ssh:// repo root', source: 'docs/sources.md §S1', meta: {vcs: 'git', repoRoot: 'ssh://git@gitlab.example.com/group/proj.git'}},
	{
		behaviour: 'scp form fails URL parsing first',
		source: 'docs/sources.md §G17 validateRepoRoot, net/url',
		meta: {vcs: 'git', repoRoot: 'git@gitlab.example.com:group/proj.git'},
		pageUrl: 'https://gitlab.example.com/group/proj?go-get=1',
		error:
			'https://gitlab.example.com/group/proj?go-get=1: invalid repo root "git@gitlab.example.com:group/proj.git": parse "git@gitlab.example.com:group/proj.git": first path segment in URL cannot contain colon',
	},
	{
		behaviour: 'host:path that parses as scheme:opaque is refused by git.go',
		source: 'docs/sources.md §R32 codehost/git.go',
		meta: {vcs: 'git', repoRoot: 'gitlab:group/proj.git'},
		error: 'git remote (gitlab:group/proj.git) must not be local directory (use URL syntax not host:path syntax)',
	},
	{behaviour: 'no scheme', source: 'docs/sources.md §G17', meta: {vcs: 'git', repoRoot: 'gitlab.example.com/group/proj.git'}, error: 'invalid repo root "gitlab.example.com/group/proj.git": no scheme'},
	{behaviour: 'file scheme', source: 'docs/sources.md §G17', meta: {vcs: 'git', repoRoot: 'file:///srv/git/proj.git'}, error: 'invalid repo root "file:///srv/git/proj.git": file scheme disallowed'},
	{behaviour: 'unknown vcs', source: 'docs/sources.md §G17 vcsByCmd', meta: {vcs: 'cvs', repoRoot: 'https://ex.com/x'}, error: 'unknown vcs "cvs"'},
	{behaviour: 'bzr is unknown from Go 1.27', source: 'docs/sources.md §G37 go1.27', meta: {vcs: 'bzr', repoRoot: 'https://ex.com/x'}, error: 'unknown vcs "bzr"'},
	{behaviour: 'mod with a proxy URL', source: 'docs/sources.md §G17', meta: {vcs: 'mod', repoRoot: 'https://gitlab.example.com/api/v4/projects/1/packages/go'}},
];

for (const row of repoRows) {
	test(`validateRepoRoot: ${row.behaviour} [${row.source}]`, () => {
		assert.equal(validateRepoRoot({prefix: 'ex.com/a', ...row.meta}, row.pageUrl), row.error);
	});
}

test('hasPathPrefix and goFields helpers [docs/sources.md §G17 str.HasPathPrefix, strings.Fields]', () => {
	assert.equal(hasPathPrefix('a/b', ''), true);
	assert.equal(hasPathPrefix('a/b', 'a/'), true);
	assert.equal(hasPathPrefix('a/bc', 'a/b'), false);
	assert.deepEqual(goFields('\u0085a\u00a0b\ufeffc '), ['a', 'b\ufeffc']);
});

// ---- fuzzing

const fragments = [
	'<html>', '<head>', '</head>', '<body>', '</body>', '<HEAD/>', tag(aContent), tag('ex.com a'), tag('ex.com mod https://p'),
	`<meta name='go-import' content='ex.com/q git https://q'/>`, '<meta name=go-import content=x>', '<META NAME="go-import" CONTENT="ex.com/z hg https://z y">',
	'<!-- c -->', '<!-- a -- b -->', '<!DOCTYPE html>', '<!DOCTYPE x [<!ENTITY e "v"> <!-- c --> ]>', '<script>a < b</script>', '<script>a<b</script>',
	'&amp;', '&nbsp;', '&#38;', '&#x26;', '&#0;', '&#xD800;', '&', '&#', '<![CDATA[x]]>', ']]>', '<?xml version="1.0" encoding="latin1"?>',
	'<?xml version="1.1"?>', '<?xml encoding="ascii"?>', '<?php x ?>', '</a >', '<a b c=d>', '<a/ >', '<1>', '< a>', '<é>', '<a é="1">',
];
const characters = [...'<>/="\' abcmetaGO-import!?&;#x[]:.\n\r\t', 'é', '中', '€', '\u0000', '\u0085', '\ufffe', '😀'];
const htmlArbitrary = fc
	.array(fc.oneof(fc.constantFrom(...fragments), fc.string({unit: fc.constantFrom(...characters), maxLength: 8})), {maxLength: 14})
	.map(parts => parts.join(''));
const bytesArbitrary = fc.tuple(htmlArbitrary, fc.uint8Array({maxLength: 6}), htmlArbitrary).map(([x, raw, y]) => {
	const encoder = new TextEncoder();
	return new Uint8Array([...encoder.encode(x), ...raw, ...encoder.encode(y)]);
});

test('parseMetaGoImports never throws and keeps its invariants (fuzz)', () => {
	fc.assert(
		fc.property(fc.oneof(htmlArbitrary, fc.string(), bytesArbitrary), fc.boolean(), fc.boolean(), (html, allowSubdir, moduleMode) => {
			const result = parseMetaGoImports(html, {allowSubdir, moduleMode});
			if (result.error !== undefined) assert.deepEqual(result.imports, []);
			let seenNonMod = false;
			for (const found of result.imports) {
				for (const field of [found.prefix, found.vcs, found.repoRoot, found.subdir ?? 'x']) {
					assert.ok(field.length > 0 && !/\s/.test(field.replace(/\ufeff/g, '')));
				}
				if (!allowSubdir) assert.equal(found.subdir, undefined);
				if (!moduleMode) assert.notEqual(found.vcs, 'mod');
				if (found.vcs !== 'mod') seenNonMod = true;
				else assert.equal(seenNonMod, false, 'mod entries come first');
			}
		}),
		{numRuns: 4000},
	);
});

test('matchGoImport and validateRepoRoot never throw (fuzz)', () => {
	const segment = fc.constantFrom('ex.com', 'a', 'b', '', 'ex.com/a', 'ex.com/a/');
	const meta = fc.record({prefix: segment, vcs: fc.constantFrom('git', 'mod', 'hg', 'x'), repoRoot: fc.string({maxLength: 20})});
	fc.assert(
		fc.property(fc.array(meta, {maxLength: 5}), fc.string({maxLength: 12}), (imports, importPath) => {
			const result = matchGoImport(imports, importPath);
			assert.ok((result.match === undefined) !== (result.error === undefined));
			if (result.match !== undefined) assert.ok(hasPathPrefix(importPath, result.match.prefix));
			for (const item of imports) {
				const problem = validateRepoRoot(item);
				assert.ok(problem === undefined || problem.length > 0);
			}
		}),
		{numRuns: 3000},
	);
});

// ---- differential test against the real encoding/xml and net/url (only where a `go` toolchain is installed)

const oracleSource = String.raw`package main

import (
	"bufio"
	"encoding/base64"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"net/url"
	"os"
	"strings"
)

type metaCase struct {
	HTML   string
	Subdir bool
	Mod    bool
}

type metaImport struct{ Prefix, VCS, RepoRoot, SubDir string }

type metaResult struct {
	Imports []metaImport
	Error   string
}

func charsetReader(charset string, input io.Reader) (io.Reader, error) {
	switch strings.ToLower(charset) {
	case "utf-8", "ascii":
		return input, nil
	}
	return nil, fmt.Errorf("can't decode XML document using charset %q", charset)
}

func attr(attrs []xml.Attr, name string) string {
	for _, a := range attrs {
		if strings.EqualFold(a.Name.Local, name) {
			return a.Value
		}
	}
	return ""
}

func meta(c metaCase) metaResult {
	raw, _ := base64.StdEncoding.DecodeString(c.HTML)
	d := xml.NewDecoder(strings.NewReader(string(raw)))
	d.CharsetReader = charsetReader
	d.Strict = false
	var found []metaImport
	for {
		t, err := d.RawToken()
		if err != nil {
			if err != io.EOF && len(found) == 0 {
				return metaResult{Imports: []metaImport{}, Error: err.Error()}
			}
			break
		}
		if e, ok := t.(xml.StartElement); ok && strings.EqualFold(e.Name.Local, "body") {
			break
		}
		if e, ok := t.(xml.EndElement); ok && strings.EqualFold(e.Name.Local, "head") {
			break
		}
		e, ok := t.(xml.StartElement)
		if !ok || !strings.EqualFold(e.Name.Local, "meta") || attr(e.Attr, "name") != "go-import" {
			continue
		}
		f := strings.Fields(attr(e.Attr, "content"))
		if len(f) == 3 || (c.Subdir && len(f) == 4) {
			m := metaImport{Prefix: f[0], VCS: f[1], RepoRoot: f[2]}
			if len(f) == 4 {
				m.SubDir = f[3]
			}
			found = append(found, m)
		}
	}
	list := []metaImport{}
	have := map[string]bool{}
	if c.Mod {
		for _, m := range found {
			if m.VCS == "mod" {
				have[m.Prefix] = true
				list = append(list, m)
			}
		}
	}
	for _, m := range found {
		if m.VCS != "mod" && !have[m.Prefix] {
			list = append(list, m)
		}
	}
	return metaResult{Imports: list}
}

type urlResult struct {
	Error, Scheme, Opaque, Host, User, Password, Path, RawQuery, Fragment string
	HasUser, HasPassword                                                   bool
}

func parseURL(s string) urlResult {
	u, err := url.Parse(s)
	if err != nil {
		return urlResult{Error: err.Error()}
	}
	r := urlResult{Scheme: u.Scheme, Opaque: u.Opaque, Host: u.Host, Path: u.Path, RawQuery: u.RawQuery, Fragment: u.Fragment}
	if u.User != nil {
		r.HasUser = true
		r.User = u.User.Username()
		r.Password, r.HasPassword = u.User.Password()
	}
	return r
}

func main() {
	sc := bufio.NewScanner(os.Stdin)
	sc.Buffer(make([]byte, 1<<20), 1<<26)
	var out []any
	for sc.Scan() {
		if os.Args[1] == "meta" {
			var c metaCase
			json.Unmarshal(sc.Bytes(), &c)
			out = append(out, meta(c))
		} else {
			var s string
			json.Unmarshal(sc.Bytes(), &s)
			out = append(out, parseURL(s))
		}
	}
	json.NewEncoder(os.Stdout).Encode(out)
}
`;

function buildOracle(): {run: (mode: string, lines: unknown[]) => unknown[]; dispose: () => void} | {skip: string} {
	const built = buildGoOracle(oracleSource, 'encoding/xml and net/url');
	if ('skip' in built) return built;
	return {
		run(mode, lines) {
			const input = lines.map(line => JSON.stringify(line)).join('\n') + '\n';
			const result = spawnSync(built.binary, [mode], {input, encoding: 'utf8', maxBuffer: 1 << 28, timeout: 60_000});
			assert.equal(result.status, 0, result.stderr);
			return JSON.parse(result.stdout) as unknown[];
		},
		dispose: built.dispose,
	};
}

const oracle = buildOracle();

test('parseMetaGoImports agrees with encoding/xml on generated pages (go oracle)', {skip: 'skip' in oracle ? oracle.skip : false}, () => {
	if ('skip' in oracle) return;
	const cases = fc.sample(fc.tuple(fc.oneof(htmlArbitrary, bytesArbitrary), fc.boolean(), fc.boolean()), {numRuns: 5000, seed: 20260806});
	const fixed = parseRows.map(row => [row.html, row.options?.allowSubdir ?? true, row.options?.moduleMode ?? true] as const);
	const all = [...fixed, ...cases];
	const toBytes = (html: string | Uint8Array) => (typeof html === 'string' ? new TextEncoder().encode(html) : html);
	const answers = oracle.run(
		'meta',
		all.map(([html, subdir, mod]) => ({HTML: Buffer.from(toBytes(html)).toString('base64'), Subdir: subdir, Mod: mod})),
	) as {Imports: {Prefix: string; VCS: string; RepoRoot: string; SubDir: string}[] | null; Error: string}[];
	all.forEach(([html, allowSubdir, moduleMode], index) => {
		const go = answers[index]!;
		const ours = parseMetaGoImports(html, {allowSubdir, moduleMode});
		const expected = {
			imports: (go.Imports ?? []).map(m => (m.SubDir !== '' ? {prefix: m.Prefix, vcs: m.VCS, repoRoot: m.RepoRoot, subdir: m.SubDir} : {prefix: m.Prefix, vcs: m.VCS, repoRoot: m.RepoRoot})),
			...(go.Error !== '' ? {error: go.Error} : {}),
		};
		assert.deepEqual(ours, expected, `page ${JSON.stringify(typeof html === 'string' ? html : Buffer.from(html).toString('latin1'))}`);
	});
});

test('goUrlParse (used for repo roots) agrees with net/url.Parse (go oracle)', {skip: 'skip' in oracle ? oracle.skip : false}, () => {
	if ('skip' in oracle) return;
	const pieces = ['https://', 'ssh://', 'git@', 'gitlab.example.com', ':', '2222', '/', 'group', '.git', '?', '#', '%', '%41', '%zz', '%2F', '[', ']', '::1', '@', 'user:pw@', ' ', '\t', '*', 'file:', '//', 'é', 'A'];
	const urls = fc.sample(fc.array(fc.constantFrom(...pieces), {maxLength: 7}).map(parts => parts.join('')), {numRuns: 4000, seed: 7});
	const fixed = ['git@gitlab.example.com:group/proj.git', 'gitlab:group/proj.git', 'https://[fe80::1%25en0]:8080/x', 'https://a b/', 'http://proxy:abc', ':x', '*', 'HTTPS://Host/'];
	const all = [...fixed, ...urls];
	const answers = oracle.run('url', all) as Record<string, string | boolean>[];
	all.forEach((raw, index) => {
		const go = answers[index]!;
		const ours = goUrlParse(raw);
		if (go['Error'] !== '') {
			assert.equal(ours.error, go['Error'], `url ${JSON.stringify(raw)}`);
			return;
		}
		assert.equal(ours.error, undefined, `url ${JSON.stringify(raw)}`);
		const url = ours.url!;
		assert.deepEqual(
			[url.scheme, url.opaque, url.host, url.path, url.rawQuery, url.fragment, url.username ?? '', url.password ?? '', url.username !== undefined, url.password !== undefined],
			[go['Scheme'], go['Opaque'], go['Host'], go['Path'], go['RawQuery'], go['Fragment'], go['User'], go['Password'], go['HasUser'], go['HasPassword']],
			`url ${JSON.stringify(raw)}`,
		);
	});
});

test.after(() => {
	if (!('skip' in oracle)) oracle.dispose();
});
