import {test} from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {goTrimSpace} from '../../source/rules/go-strings.js';
import {displayUrl, parseGoproxy, planModuleFetch, proxyUrlProblem, type GoSettingsForPrivacy} from '../../source/rules/goproxy.js';
import {matchPrefixPatterns} from '../../source/rules/private-patterns.js';

type ParseRow = {value: string; entries?: Array<[kind: string, url: string | undefined, fallback: string]>; error?: string; ignored?: string[]; why: string};

// docs/go.md §3.3 [docs/sources.md §G21]; every error text and URL below is what Go 1.19's proxyList/newProxyRepo
// code gives for the same value (same code as current Go, apart from the empty-list rule noted).
const parseTable: ParseRow[] = [
	{value: 'https://proxy.golang.org,direct', entries: [['proxy', 'https://proxy.golang.org', 'not-found'], ['direct', undefined, 'none']], why: 'docs/go.md §3.3 the default list [docs/sources.md §G26]'},
	{value: 'https://a.example|https://b.example,direct', entries: [['proxy', 'https://a.example', 'any-error'], ['proxy', 'https://b.example', 'not-found'], ['direct', undefined, 'none']], why: 'docs/go.md §3.3 "|" falls back on any error, "," only on 404/410 [docs/sources.md §G21][docs/sources.md §G37]'},
	{value: 'direct,https://proxy.golang.org', entries: [['direct', undefined, 'none']], ignored: ['https://proxy.golang.org'], why: 'docs/go.md §3.3 direct ignores all later entries [docs/sources.md §G21]'},
	{value: 'off', entries: [['off', undefined, 'none']], why: 'docs/go.md §3.3 off [docs/sources.md §G21]'},
	{value: 'off|direct', entries: [['off', undefined, 'none']], ignored: ['direct'], why: 'docs/go.md §3.3 off stops the list [docs/sources.md §G21]'},
	{value: ' https://a.example , , direct ', entries: [['proxy', 'https://a.example', 'not-found'], ['direct', undefined, 'none']], why: 'docs/go.md §3.3 entries trimmed, empty ones skipped [docs/sources.md §G21]'},
	{value: '\u00a0direct', entries: [['direct', undefined, 'none']], why: 'docs/go.md §3.3 TrimSpace also trims a no-break space [docs/sources.md §G21]'},
	{value: 'proxy.example.com', entries: [['proxy', 'https://proxy.example.com', 'none']], why: 'docs/go.md §3.3 https:// added to a bare host [docs/sources.md §G21]'},
	{value: 'localhost:3000', entries: [['proxy', 'https://localhost:3000', 'none']], why: 'docs/go.md §3.3 https:// added to host:port [docs/sources.md §G21]'},
	{value: 'file:///srv/goproxy', entries: [['proxy', 'file:///srv/goproxy', 'none']], why: 'docs/go.md §3.3 file URLs are allowed [docs/sources.md §G21]'},
	{value: 'https://a.example,', entries: [['proxy', 'https://a.example', 'none']], why: 'the last entry has no fallback, whatever follows it'},
	{value: 'proxy', error: 'invalid proxy URL missing scheme: proxy', why: 'docs/go.md §3.3 a single word is not a URL [docs/sources.md §G21]'},
	{value: '/srv/goproxy', error: 'invalid proxy URL missing scheme: /srv/goproxy', why: 'docs/go.md §3.3 an absolute path gets no https:// [docs/sources.md §G21]'},
	{value: 'ftp://mirror.example', error: 'invalid proxy URL scheme (must be https, http, file): ftp://mirror.example', why: 'docs/go.md §3.3 only https, http, file [docs/sources.md §G21]'},
	{value: 'ftp://user:secret@mirror.example', error: 'invalid proxy URL scheme (must be https, http, file): ftp://user:xxxxx@mirror.example', why: 'Go redacts the password in the error [docs/sources.md §G21]'},
	{value: 'file://host/x', error: 'invalid file:// proxy URL with non-path elements: file://host/x', why: 'file URL with a host [docs/sources.md §G21]'},
	{value: '\ufeffdirect', error: 'invalid proxy URL missing scheme: %EF%BB%BFdirect', why: 'a BOM is not trimmed and is printed escaped [docs/sources.md §G21]'},
	{value: 'https://goproxy example.com', error: 'parse "https://goproxy example.com": invalid character " " in host name', why: 'url.Parse error text [docs/sources.md §G21]'},
	{value: 'goproxy.example.com:abc', error: 'parse "https://goproxy.example.com:abc": invalid port ":abc" after host', why: 'bad port after https:// is added [docs/sources.md §G21]'},
	{value: ',', error: 'GOPROXY list is not the empty string, but contains no entries', why: 'docs/go.md §3.3 non-empty list without entries [docs/sources.md §G21]'},
	{value: ' ', error: 'GOPROXY list is not the empty string, but contains no entries', why: 'docs/go.md §3.3 blank list [docs/sources.md §G21]'},
	{value: '', error: 'GOPROXY list is not the empty string, but contains no entries', why: 'docs/go.md §3.3 Go 1.21+: an empty GOPROXY (no go.env) has no entries either [docs/sources.md §G21][docs/sources.md §G26]'},
];

test('parseGoproxy follows proxyList (docs/go.md §3.3)', () => {
	for (const row of parseTable) {
		const parsed = parseGoproxy(row.value);
		assert.equal(parsed.error, row.error, row.why);
		if (row.entries) assert.deepEqual(parsed.entries.map(e => [e.kind, e.url, e.fallback]), row.entries, row.why);
		assert.deepEqual(parsed.ignored, row.ignored ?? [], row.why);
	}
});

test('parseGoproxy: absolute Windows paths get no https:// on Windows only [docs/sources.md §G21]', () => {
	assert.equal(parseGoproxy('C:\\goproxy', 'win32').error, 'invalid proxy URL scheme (must be https, http, file): c:\\goproxy');
	assert.equal(parseGoproxy('C:\\goproxy', 'linux').error, 'parse "https://C:\\\\goproxy": invalid port ":\\\\goproxy" after host');
});

test('displayUrl masks credentials', () => {
	assert.equal(displayUrl('https://user:glpat-abc@gitlab.example.com/api'), 'https://user:xxxxx@gitlab.example.com/api');
	assert.equal(displayUrl('https://glpat-abc@gitlab.example.com/api'), 'https://xxxxx@gitlab.example.com/api');
	assert.equal(displayUrl('https://proxy.golang.org'), 'https://proxy.golang.org');
});

test('proxyUrlProblem accepts http, https and plain file URLs', () => {
	for (const ok of ['https://proxy.golang.org', 'http://10.0.0.1:3000/go', 'file:///srv/proxy', 'https://[::1]:8443']) assert.equal(proxyUrlProblem(ok), undefined, ok);
	assert.equal(proxyUrlProblem('file:///srv/proxy?x'), 'invalid file:// proxy URL with non-path elements: file:///srv/proxy?x');
	// url.URL gained OmitHost (Go 1.19), so "file:" without "//" no longer equals a path-only URL.
	assert.equal(proxyUrlProblem('file:/srv/proxy'), 'invalid file:// proxy URL with non-path elements: file:/srv/proxy');
});

// RFC 6874 zones in bracketed hosts: after %25 a zone may %-escape what a host may hold as written, and a space.
// Answers from Go 1.19's url.Parse and newProxyRepo's scheme check (the GOPROXY port once rejected the first four).
const zoneTable: Array<{url: string; go: string | undefined}> = [
	{url: 'https://[fe80::1%25en%200]/', go: undefined},
	{url: 'https://[fe80::1%25en%41]/', go: undefined},
	{url: 'ftp://[fe80::1%25en%20x]/p', go: 'invalid proxy URL scheme (must be https, http, file): ftp://[fe80::1%25en%20x]/p'},
	{url: 'file://[fe80::1%25en%20x]', go: 'invalid file:// proxy URL with non-path elements: file://[fe80::1%25en%20x]'},
	{url: 'x://[::1%25%C3%A9]/', go: 'parse "x://[::1%25%C3%A9]/": invalid URL escape "%C3"'},
	{url: 'https://[fe80::1%25%2F]/', go: 'parse "https://[fe80::1%25%2F]/": invalid URL escape "%2F"'},
];

test('proxyUrlProblem reads IPv6 zones as net/url does (Go 1.19 answers)', () => {
	for (const row of zoneTable) assert.equal(proxyUrlProblem(row.url), row.go, row.url);
});

test('goTrimSpace trims what unicode.IsSpace calls space, not a BOM', () => {
	assert.equal(goTrimSpace('\t\u0085 x \u3000'), 'x');
	assert.equal(goTrimSpace('\ufeffx'), '\ufeffx');
});

const MODULE = 'gitlab.example.com/group/sub/project';
const defaults: GoSettingsForPrivacy = {GOPROXY: 'https://proxy.golang.org,direct', GONOPROXY: '', GONOSUMDB: '', GOPRIVATE: '', GOSUMDB: 'sum.golang.org'};
const settings = (overrides: Partial<GoSettingsForPrivacy>): GoSettingsForPrivacy => ({...defaults, ...overrides});

type PlanRow = {
	settings: GoSettingsForPrivacy;
	noproxy: boolean;
	direct: boolean;
	proxiesAsked: string[];
	stops?: RegExp;
	sumdb: boolean;
	error?: string;
	why: string;
};

const planTable: PlanRow[] = [
	{settings: defaults, noproxy: false, direct: true, proxiesAsked: ['https://proxy.golang.org'], sumdb: true,
		why: 'docs/go.md §3.3/docs/go.md §3.4 nothing private: the path leaks to proxy.golang.org, its 404/410 lets "," go on to direct, but sum.golang.org is still asked [docs/sources.md §G21][docs/sources.md §G23]'},
	{settings: settings({GOPRIVATE: 'gitlab.example.com'}), noproxy: true, direct: true, proxiesAsked: [], sumdb: false,
		why: 'docs/go.md §3.2 GOPRIVATE feeds GONOPROXY and GONOSUMDB when they are empty [docs/sources.md §G25]'},
	{settings: settings({GOPRIVATE: 'gitlab.example.com', GONOPROXY: 'none'}), noproxy: false, direct: true, proxiesAsked: ['https://proxy.golang.org'], sumdb: false,
		why: 'docs/go.md §3.2 a non-empty GONOPROXY (none) overrides GOPRIVATE for the proxy decision [docs/sources.md §G25]'},
	{settings: settings({GOPRIVATE: 'gitlab.example.com', GONOSUMDB: 'none'}), noproxy: true, direct: true, proxiesAsked: [], sumdb: true,
		why: 'docs/go.md §3.2 a non-empty GONOSUMDB overrides GOPRIVATE for the checksum database [docs/sources.md §G25]'},
	{settings: settings({GONOPROXY: 'gitlab.example.com'}), noproxy: true, direct: true, proxiesAsked: [], sumdb: true,
		why: 'docs/go.md §3.2 GONOPROXY alone: fetched direct, but the checksum database is still consulted [docs/sources.md §G22][docs/sources.md §G23]'},
	{settings: settings({GOPRIVATE: 'other.example.com, gitlab.example.com'}), noproxy: false, direct: true, proxiesAsked: ['https://proxy.golang.org'], sumdb: true,
		why: 'docs/go.md §3.1 a blank after the comma means GOPRIVATE does not cover the module [docs/sources.md §G29]'},
	{settings: settings({GOPROXY: 'off'}), noproxy: false, direct: false, proxiesAsked: [], stops: /^module lookup disabled by GOPROXY=off$/, sumdb: true,
		why: 'docs/go.md §3.3 off stops with Go\'s error [docs/sources.md §G21][docs/sources.md §G22]'},
	{settings: settings({GOPROXY: 'off', GOPRIVATE: 'gitlab.example.com'}), noproxy: true, direct: true, proxiesAsked: [], sumdb: false,
		why: 'docs/go.md §3.3 GOPROXY=off still allows GONOPROXY modules (noproxy comes first) [docs/sources.md §G21][docs/sources.md §G22]'},
	{settings: settings({GOPROXY: 'https://proxy.golang.org'}), noproxy: false, direct: false, proxiesAsked: ['https://proxy.golang.org'], stops: /no "direct"/, sumdb: true,
		why: 'docs/go.md §7 no direct fallback: the proxy\'s 404/410 is the final error [docs/sources.md §G21]'},
	{settings: settings({GOPROXY: 'direct', GOPRIVATE: 'gitlab.example.com'}), noproxy: false, direct: true, proxiesAsked: [], sumdb: false,
		why: 'docs/go.md §3.3 GOPROXY=direct adds no noproxy entry [docs/sources.md §G21]'},
	{settings: settings({GOPROXY: 'direct'}), noproxy: false, direct: true, proxiesAsked: [], sumdb: true,
		why: 'docs/go.md §3.3 direct only: no proxy learns the path, the checksum database still does [docs/sources.md §G21][docs/sources.md §G23]'},
	{settings: settings({GOPROXY: 'https://goproxy.corp.example|https://proxy.golang.org,direct'}), noproxy: false, direct: true,
		proxiesAsked: ['https://goproxy.corp.example', 'https://proxy.golang.org'], sumdb: true, why: 'docs/go.md §3.3 every proxy before direct is asked [docs/sources.md §G21]'},
	{settings: settings({GOPROXY: 'https://user:glpat-x@goproxy.corp.example,direct'}), noproxy: false, direct: true,
		proxiesAsked: ['https://user:xxxxx@goproxy.corp.example'], sumdb: true, why: 'credentials in GOPROXY never appear in the plan\'s display URLs'},
	{settings: settings({GOPROXY: 'proxy'}), noproxy: false, direct: false, proxiesAsked: [], sumdb: true, error: 'invalid proxy URL missing scheme: proxy',
		why: 'docs/go.md §3.3 an invalid GOPROXY fails every lookup [docs/sources.md §G21]'},
	{settings: settings({GOPROXY: ',', GOPRIVATE: 'gitlab.example.com'}), noproxy: false, direct: false, proxiesAsked: [], sumdb: false,
		error: 'GOPROXY list is not the empty string, but contains no entries', why: 'docs/go.md §3.3 only the implicit noproxy entry is still an empty list [docs/sources.md §G21]'},
];

test('planModuleFetch models noproxy, fallbacks, direct, off and the checksum database (docs/go.md §3.2–§3.4)', () => {
	for (const row of planTable) {
		const plan = planModuleFetch(row.settings, MODULE);
		assert.equal(plan.noproxy, row.noproxy, `${row.why}: noproxy`);
		assert.equal(plan.direct, row.direct, `${row.why}: direct`);
		assert.deepEqual(plan.proxiesAsked, row.proxiesAsked, `${row.why}: proxiesAsked`);
		if (row.stops) assert.match(plan.stops ?? '', row.stops, `${row.why}: stops`);
		else assert.equal(plan.stops, undefined, `${row.why}: stops`);
		assert.equal(plan.sumdb.consulted, row.sumdb, `${row.why}: sumdb`);
		assert.equal(plan.error, row.error, `${row.why}: error`);
	}
});

test('planModuleFetch: effective GONOPROXY/GONOSUMDB default to GOPRIVATE only when empty (docs/go.md §3.2 [docs/sources.md §G25])', () => {
	const fromPrivate = planModuleFetch(settings({GOPRIVATE: 'gitlab.example.com'}), MODULE);
	assert.equal(fromPrivate.effectiveGonoproxy, 'gitlab.example.com');
	assert.equal(fromPrivate.effectiveGonosumdb, 'gitlab.example.com');
	assert.match(fromPrivate.sumdb.reason, /GOPRIVATE pattern "gitlab.example.com"/);
	const overridden = planModuleFetch(settings({GOPRIVATE: 'gitlab.example.com', GONOPROXY: 'none', GONOSUMDB: 'gitlab.example.com/group'}), MODULE);
	assert.equal(overridden.effectiveGonoproxy, 'none');
	assert.equal(overridden.effectiveGonosumdb, 'gitlab.example.com/group');
	assert.match(overridden.sumdb.reason, /GONOSUMDB pattern "gitlab.example.com\/group"/);
});

test('planModuleFetch: how the checksum database is reached (docs/go.md §3.4 [docs/sources.md §G23])', () => {
	assert.deepEqual(planModuleFetch(defaults, MODULE).sumdb.via, ['https://proxy.golang.org/sumdb/sum.golang.org', 'https://sum.golang.org'], 'through the proxy if it supports it, else direct');
	assert.deepEqual(planModuleFetch(settings({GOPROXY: 'direct'}), MODULE).sumdb.via, ['https://sum.golang.org'], 'direct when no proxy precedes direct');
	assert.deepEqual(planModuleFetch(settings({GOSUMDB: 'sum.golang.org https://sum.mirror.example'}), MODULE).sumdb.via, ['https://sum.mirror.example'], 'an explicit URL bypasses proxies');
	const china = planModuleFetch(settings({GOSUMDB: 'sum.golang.google.cn'}), MODULE).sumdb;
	assert.equal(china.name, 'sum.golang.org', 'sum.golang.google.cn is an alias');
	assert.deepEqual(china.via, ['https://sum.golang.google.cn']);
	const keyed = planModuleFetch(settings({GOSUMDB: 'sum.golang.org+033de0ae+Ac4zctda0e5eza+HJyk9SxEdh+s3Ux18htTTAD8OuAn8'}), MODULE).sumdb;
	assert.equal(keyed.name, 'sum.golang.org');
	assert.equal(planModuleFetch(settings({GOSUMDB: 'off'}), MODULE).sumdb.consulted, false, 'off');
	assert.match(planModuleFetch(settings({GOSUMDB: 'off'}), MODULE).sumdb.reason, /GOSUMDB=off/);
	assert.equal(planModuleFetch(settings({GOSUMDB: ''}), MODULE).sumdb.error, 'missing GOSUMDB', 'Go 1.21+ without go.env');
	assert.equal(planModuleFetch(settings({GOSUMDB: 'sumdb.corp.example'}), MODULE).sumdb.error, 'invalid GOSUMDB: malformed verifier id', 'an unknown name needs its key');
	assert.equal(planModuleFetch(settings({GOSUMDB: 'a b c'}), MODULE).sumdb.error, 'invalid GOSUMDB: too many fields');
});

test('planModuleFetch: GOINSECURE and GOFLAGS=-insecure (docs/go.md §3.5 [docs/sources.md §G37])', () => {
	assert.equal(planModuleFetch(settings({GOINSECURE: 'gitlab.example.com'}), MODULE).insecure, true);
	assert.equal(planModuleFetch(defaults, MODULE).insecure, false);
	assert.equal(planModuleFetch(settings({GOFLAGS: '-mod=mod -insecure'}), MODULE).getFlagError, 'go: -insecure flag is no longer supported; use GOINSECURE instead');
	assert.equal(planModuleFetch(defaults, MODULE).getFlagError, undefined);
});

test('planModuleFetch: a proxy step keeps its fallback (a "," proxy that answers 401 ends the walk) [docs/sources.md §G21]', () => {
	const plan = planModuleFetch(settings({GOPROXY: 'https://gitlab.example.com/api/v4/projects/1/packages/go,https://proxy.golang.org|direct'}), MODULE);
	assert.deepEqual(plan.proxySteps.map(s => s.fallback), ['not-found', 'any-error']);
});

const proxyToken = fc.constantFrom('direct', 'off', 'https://proxy.golang.org', 'proxy.example.com', 'proxy', ',', '|', ' ', 'file:///x', 'ftp://x', '');
const goproxyValues = fc.oneof(fc.string(), fc.array(proxyToken, {maxLength: 6}).map(a => a.join('')));
const patternValues = fc.oneof(fc.constantFrom('', 'none', 'gitlab.example.com', 'gitlab.example.com/group', '*.example.com', ' gitlab.example.com', 'https://gitlab.example.com'), fc.string());

test('fuzz: parseGoproxy and planModuleFetch never throw and keep their invariants', () => {
	fc.assert(fc.property(goproxyValues, patternValues, patternValues, patternValues, fc.oneof(fc.constantFrom('sum.golang.org', 'off', ''), fc.string()), fc.string(),
		(GOPROXY, GOPRIVATE, GONOPROXY, GONOSUMDB, GOSUMDB, GOFLAGS) => {
			const parsed = parseGoproxy(GOPROXY);
			if (parsed.error === undefined) {
				assert.ok(parsed.entries.length > 0);
				assert.equal(parsed.entries.at(-1)!.fallback, 'none');
				assert.equal(parsed.entries.filter(e => e.kind !== 'proxy').length <= 1, true);
			}
			const s = {GOPROXY, GOPRIVATE, GONOPROXY, GONOSUMDB, GOSUMDB, GOFLAGS};
			const plan = planModuleFetch(s, MODULE);
			assert.equal(plan.effectiveGonoproxy, GONOPROXY !== '' ? GONOPROXY : GOPRIVATE);
			assert.equal(plan.effectiveGonosumdb, GONOSUMDB !== '' ? GONOSUMDB : GOPRIVATE);
			if (plan.error !== undefined) assert.ok(!plan.direct && plan.proxiesAsked.length === 0);
			if (plan.noproxy) assert.ok(plan.direct && plan.proxiesAsked.length === 0);
			if (matchPrefixPatterns(plan.effectiveGonoproxy, MODULE)) assert.equal(plan.proxiesAsked.length, 0, 'a GONOPROXY module never reaches a proxy');
			if (plan.direct) assert.equal(plan.stops, undefined);
			assert.equal(plan.sumdb.consulted, GOSUMDB !== 'off' && !matchPrefixPatterns(plan.effectiveGonosumdb, MODULE));
		}), {numRuns: 5000});
});
