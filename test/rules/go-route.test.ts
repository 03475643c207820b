// The route model: cmd/go/internal/modfetch proxy.go (proxyList, TryProxies), repo.go (lookup), sumdb.go (initBase),
// the same in Go 1.19, 1.23 and 1.24 (docs/go.md §3.2–§3.4). The conformance scenarios in
// test/conformance/route.test.ts run the real go on the same walks.
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {followRoute, followSumdb, isPublicProxy, proxyKind, routeOf, sumdbCandidates, sumdbCover, type ProxyAnswer} from '../../source/rules/go-route.js';
import {formatGoproxy, goproxyWithDirect, goproxyWithEntriesBeforeEnd, parseGoproxy, type GoSettingsForPrivacy} from '../../source/rules/goproxy.js';

const module = 'gitlab.example.com/group/sub/project';
const company = 'https://athens.example.com';
const gitlab = 'https://gitlab.example.com/api/v4/projects/7/packages/go';

function settings(overrides: Partial<GoSettingsForPrivacy>): GoSettingsForPrivacy {
	return {GOPROXY: 'https://proxy.golang.org,direct', GONOPROXY: '', GONOSUMDB: '', GOPRIVATE: '', GOSUMDB: 'sum.golang.org', ...overrides};
}

test('proxyKind: public proxies by host (and path), GitLab\'s proxy on the module host, anything else is a company proxy', () => {
	assert.equal(proxyKind('https://proxy.golang.org', 'gitlab.example.com'), 'public');
	assert.equal(proxyKind('https://goproxy.io/', 'gitlab.example.com'), 'public');
	assert.equal(proxyKind('https://mirrors.aliyun.com/goproxy/', 'gitlab.example.com'), 'public');
	assert.equal(proxyKind('https://mirrors.aliyun.com/other', 'gitlab.example.com'), 'company', 'only the goproxy path of that host is the public proxy');
	assert.equal(proxyKind(gitlab, 'gitlab.example.com'), 'gitlab');
	assert.equal(proxyKind('https://gitlab.other.com/api/v4/projects/7/packages/go', 'gitlab.example.com'), 'company', 'another GitLab\'s proxy cannot serve this host\'s module as GitLab does');
	assert.equal(proxyKind(company, 'gitlab.example.com'), 'company');
	assert.equal(proxyKind('file:///srv/goproxy', 'gitlab.example.com'), 'file');
	assert.ok(isPublicProxy('https://user:pw@proxy.golang.org:443'));
	assert.ok(!isPublicProxy('https://proxy.golang.org.evil.example'));
});

type WalkRow = {why: string; s: Partial<GoSettingsForPrivacy>; answers: Array<ProxyAnswer | undefined>; expect: ReturnType<typeof followRoute>; proxies?: number};

const walkTable: WalkRow[] = [
	{why: 'a serving company proxy ends the walk (TryProxies: err == nil)', s: {GOPROXY: `${company},direct`}, answers: ['serves'], expect: {kind: 'served', at: 0}},
	{why: "',' passes on 404/410 to direct", s: {GOPROXY: `${company},direct`}, answers: ['not-found'], expect: {kind: 'direct'}},
	{why: "',' stops on any other error (401, 500, TLS, timeout): fallBackOnError false", s: {GOPROXY: `${company},direct`}, answers: ['error'], expect: {kind: 'stopped', at: 0}},
	{why: "'|' passes on any error", s: {GOPROXY: `${company}|direct`}, answers: ['error'], expect: {kind: 'direct'}},
	{why: 'the last proxy with no direct after it: not found ends the walk (go reports the not-found error)', s: {GOPROXY: company}, answers: ['not-found'], expect: {kind: 'exhausted', end: 'none'}},
	{why: 'the last proxy errors: go stops there', s: {GOPROXY: `${company}|https://b.example.com`}, answers: ['error', 'error'], expect: {kind: 'stopped', at: 1}},
	{why: "',off' after a not-found: module lookup disabled by GOPROXY=off", s: {GOPROXY: `${company},off`}, answers: ['not-found'], expect: {kind: 'exhausted', end: 'off'}},
	{why: 'the second proxy serves after the first said not found', s: {GOPROXY: `${company},${gitlab},direct`}, answers: ['not-found', 'serves'], expect: {kind: 'served', at: 1}},
	{why: 'an answer not known (not asked) leaves the rest open', s: {GOPROXY: `https://proxy.golang.org,${company},direct`}, answers: [undefined, 'serves'], expect: {kind: 'unknown', at: 0}},
	{why: 'entries after direct are never read', s: {GOPROXY: `direct,${company}`}, answers: [], expect: {kind: 'direct'}, proxies: 0},
	{why: 'GOPROXY=off: nothing is asked', s: {GOPROXY: 'off'}, answers: [], expect: {kind: 'exhausted', end: 'off'}, proxies: 0},
	{why: 'GOPRIVATE covers the module: the implicit noproxy entry fetches it direct, every proxy answers errNoproxy unasked', s: {GOPROXY: `${company}`, GOPRIVATE: 'gitlab.example.com'}, answers: [], expect: {kind: 'direct'}, proxies: 0},
	{why: 'GONOPROXY covers it even with GOPROXY=off (noproxy comes first)', s: {GOPROXY: 'off', GONOPROXY: 'gitlab.example.com/group'}, answers: [], expect: {kind: 'direct'}, proxies: 0},
	{why: 'a non-empty GONOPROXY that misses the module replaces GOPRIVATE, so the proxies are asked', s: {GOPROXY: `${company},direct`, GONOPROXY: 'other.example.com', GOPRIVATE: 'gitlab.example.com'}, answers: ['serves'], expect: {kind: 'served', at: 0}, proxies: 1},
	{why: 'GOPROXY that Go rejects: nothing is fetched', s: {GOPROXY: 'ftp://mirror.example'}, answers: [], expect: {kind: 'exhausted', end: 'none'}, proxies: 0},
];

test('followRoute walks GOPROXY as TryProxies does', () => {
	for (const row of walkTable) {
		const route = routeOf(settings(row.s), module);
		if (row.proxies !== undefined) assert.equal(route.proxies.length, row.proxies, row.why);
		assert.deepEqual(followRoute(route, index => row.answers[index]), row.expect, row.why);
	}
});

test('routeOf: names the variable and pattern that send the module direct', () => {
	assert.deepEqual(routeOf(settings({GOPRIVATE: '*.example.com'}), module).bypass, {variable: 'GOPRIVATE', pattern: '*.example.com'});
	assert.deepEqual(routeOf(settings({GONOPROXY: 'gitlab.example.com', GOPRIVATE: 'x.example'}), module).bypass, {variable: 'GONOPROXY', pattern: 'gitlab.example.com'});
	assert.equal(routeOf(settings({GONOSUMDB: 'gitlab.example.com'}), module).bypass, undefined, 'GONOSUMDB says nothing about proxies');
	assert.deepEqual(routeOf(settings({GOPROXY: `${gitlab}|https://proxy.golang.org,direct`}), module).proxies.map(p => p.kind), ['gitlab', 'public']);
});

type SumdbRow = {why: string; s: Partial<GoSettingsForPrivacy>; supported: Array<ProxyAnswer | undefined>; expect: ReturnType<typeof followSumdb>};

const sumdbTable: SumdbRow[] = [
	{why: 'GONOSUMDB covers the module: no lookup', s: {GOPROXY: company, GONOSUMDB: 'gitlab.example.com'}, supported: [], expect: {kind: 'not-consulted', reason: 'the module matches GONOSUMDB pattern "gitlab.example.com": no checksum database lookup'}},
	{why: 'GOSUMDB=off: no lookup', s: {GOPROXY: company, GOSUMDB: 'off'}, supported: [], expect: {kind: 'not-consulted', reason: 'GOSUMDB=off: Go never consults a checksum database (go.sum is still checked)'}},
	{why: 'a proxy that answers 200 to /sumdb/<name>/supported carries every lookup', s: {GOPROXY: `${company},direct`}, supported: ['serves'], expect: {kind: 'via-proxy', name: 'sum.golang.org', at: 0, url: `${company}/sumdb/sum.golang.org`}},
	{why: '404 there: the next proxy, then the database itself', s: {GOPROXY: `${company},direct`}, supported: ['not-found'], expect: {kind: 'direct', name: 'sum.golang.org', url: 'https://sum.golang.org'}},
	{why: "401 there with ',': the database is unavailable (verifying fails)", s: {GOPROXY: `${company},direct`}, supported: ['error'], expect: {kind: 'stopped', name: 'sum.golang.org', at: 0}},
	{why: "'|' passes over the error", s: {GOPROXY: `${company}|direct`}, supported: ['error'], expect: {kind: 'direct', name: 'sum.golang.org', url: 'https://sum.golang.org'}},
	{why: 'GONOPROXY does not stop the proxies being asked for the database (noproxy is skipped there)', s: {GOPROXY: `${company},direct`, GONOPROXY: 'gitlab.example.com'}, supported: ['serves'], expect: {kind: 'via-proxy', name: 'sum.golang.org', at: 0, url: `${company}/sumdb/sum.golang.org`}},
	{why: 'GOSUMDB "name URL" bypasses the proxies', s: {GOPROXY: `${company},direct`, GOSUMDB: 'sum.golang.org https://sum.mirror.example'}, supported: [], expect: {kind: 'direct', name: 'sum.golang.org', url: 'https://sum.mirror.example'}},
	{why: 'sum.golang.google.cn is sum.golang.org at another URL', s: {GOPROXY: 'direct', GOSUMDB: 'sum.golang.google.cn'}, supported: [], expect: {kind: 'direct', name: 'sum.golang.org', url: 'https://sum.golang.google.cn'}},
	{why: 'a bad GOSUMDB', s: {GOPROXY: 'direct', GOSUMDB: 'a b c'}, supported: [], expect: {kind: 'unusable', error: 'invalid GOSUMDB: too many fields'}},
];

test('followSumdb follows initBase', () => {
	for (const row of sumdbTable) {
		const all = settings(row.s);
		assert.deepEqual(followSumdb(routeOf(all, module), sumdbCandidates(all, module), index => row.supported[index]), row.expect, row.why);
	}
});

test('sumdbCover: GONOSUMDB when set, else GOPRIVATE', () => {
	assert.deepEqual(sumdbCover(settings({GOPRIVATE: 'gitlab.example.com'}), module), {variable: 'GOPRIVATE', pattern: 'gitlab.example.com'});
	assert.equal(sumdbCover(settings({GOPRIVATE: 'gitlab.example.com', GONOSUMDB: 'other.example'}), module), undefined);
});

test('the GOPROXY writer is the inverse of the parser, keeping separators', () => {
	for (const value of [`${company},direct`, `${company}|${gitlab},off`, company, 'direct']) {
		assert.equal(formatGoproxy(parseGoproxy(value).entries), value);
	}
	assert.equal(goproxyWithDirect(parseGoproxy(`${company}|${gitlab}`).entries), `${company}|${gitlab},direct`);
	assert.equal(goproxyWithDirect(parseGoproxy(`${company},off`).entries), `${company},off`, 'an explicit off is the user\'s choice');
	assert.equal(goproxyWithEntriesBeforeEnd(parseGoproxy(`${company}|direct,${gitlab}`).entries, [gitlab]), `${company}|${gitlab},direct`);
});
