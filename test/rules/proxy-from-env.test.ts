import {test} from 'node:test';
import assert from 'node:assert/strict';
import {spawnSync, type SpawnSyncReturns} from 'node:child_process';
import fc from 'fast-check';
import {proxyForUrl, type ProxyDecision} from '../../source/rules/proxy-from-env.js';
import {buildGoOracle} from '../helpers/go-oracle.js';

// Sources: [docs/sources.md §G34] golang/net http/httpproxy proxy.go (FromEnvironment, parseProxy, useProxy, config.init, matchers),
// docs/go.md §8.

const url = 'https://gitlab.example.com/group/proj?go-get=1';

type Row = {behaviour: string; source: string; env: Record<string, string>; url?: string; want: ProxyDecision};

const rows: Row[] = [
	{behaviour: 'no proxy variables: direct', source: 'docs/sources.md §G34 proxyForURL', env: {}, want: {}},
	{
		behaviour: 'HTTPS_PROXY is used for https URLs',
		source: 'docs/sources.md §G34 FromEnvironment',
		env: {HTTPS_PROXY: 'http://proxy.corp:3128'},
		want: {proxy: 'http://proxy.corp:3128', fromVariable: 'HTTPS_PROXY'},
	},
	{behaviour: 'https_proxy alone is used', source: 'docs/sources.md §G34 getEnvAny', env: {https_proxy: 'http://proxy.corp:3128'}, want: {proxy: 'http://proxy.corp:3128', fromVariable: 'https_proxy'}},
	{
		behaviour: 'upper case wins over lower case',
		source: 'docs/sources.md §G34 getEnvAny',
		env: {HTTPS_PROXY: 'http://upper:1', https_proxy: 'http://lower:2'},
		want: {proxy: 'http://upper:1', fromVariable: 'HTTPS_PROXY', shadowedVariable: 'https_proxy'},
	},
	{behaviour: 'an empty upper-case variable does not hide the lower-case one', source: 'docs/sources.md §G34 getEnvAny', env: {HTTPS_PROXY: '', https_proxy: 'http://lower:2'}, want: {proxy: 'http://lower:2', fromVariable: 'https_proxy'}},
	{behaviour: 'host:port means http://host:port', source: 'docs/sources.md §G34 parseProxy', env: {HTTPS_PROXY: 'proxy.corp:8080'}, want: {proxy: 'http://proxy.corp:8080', fromVariable: 'HTTPS_PROXY'}},
	{behaviour: 'an IP:port value', source: 'docs/sources.md §G34 parseProxy', env: {HTTPS_PROXY: '10.0.0.5:3128'}, want: {proxy: 'http://10.0.0.5:3128', fromVariable: 'HTTPS_PROXY'}},
	{behaviour: 'https proxies are kept', source: 'docs/sources.md §G34 parseProxy', env: {HTTPS_PROXY: 'https://proxy.corp'}, want: {proxy: 'https://proxy.corp', fromVariable: 'HTTPS_PROXY'}},
	{behaviour: 'socks5 proxies are kept', source: 'docs/sources.md §G34 parseProxy', env: {HTTPS_PROXY: 'socks5://127.0.0.1:1080'}, want: {proxy: 'socks5://127.0.0.1:1080', fromVariable: 'HTTPS_PROXY'}},
	{
		behaviour: 'socks5h is not a Go scheme: the value is read as http://socks5h://…',
		source: 'docs/sources.md §G34 parseProxy',
		env: {HTTPS_PROXY: 'socks5h://p:1080'},
		want: {
			proxy: 'http://socks5h://p:1080',
			fromVariable: 'HTTPS_PROXY',
			error: 'proxy scheme "socks5h" is not one Go knows (http, https, socks5), so Go reads the value as "http://socks5h://p:1080"',
		},
	},
	{
		behaviour: 'credentials in the proxy URL are returned apart',
		source: 'docs/sources.md §G34 parseProxy',
		env: {HTTPS_PROXY: 'http://alice:s%40cret@proxy.corp:3128'},
		want: {proxy: 'http://proxy.corp:3128', fromVariable: 'HTTPS_PROXY', proxyUser: 'alice', proxyPassword: 's@cret'},
	},
	{
		behaviour: 'an unparsable value is ignored: Go connects directly',
		source: 'docs/sources.md §G34 config.init ignores parseProxy errors',
		env: {HTTPS_PROXY: 'proxy corp:8080'},
		want: {
			fromVariable: 'HTTPS_PROXY',
			error: 'invalid proxy address "proxy corp:8080": parse "proxy corp:8080": first path segment in URL cannot contain colon; Go ignores HTTPS_PROXY and connects directly',
		},
	},
	{behaviour: 'HTTP_PROXY is not used for https URLs', source: 'docs/sources.md §G34 proxyForURL', env: {HTTP_PROXY: 'http://proxy.corp:3128'}, want: {}},
	{
		behaviour: 'HTTP_PROXY is used for http URLs',
		source: 'docs/sources.md §G34 proxyForURL',
		env: {HTTP_PROXY: 'http://proxy.corp:3128'},
		url: 'http://gitlab.example.com/x',
		want: {proxy: 'http://proxy.corp:3128', fromVariable: 'HTTP_PROXY'},
	},
	{
		behaviour: 'HTTP_PROXY is refused in a CGI environment',
		source: 'docs/sources.md §G34 proxyForURL CGI',
		env: {HTTP_PROXY: 'http://proxy.corp:3128', REQUEST_METHOD: 'GET'},
		url: 'http://gitlab.example.com/x',
		want: {fromVariable: 'HTTP_PROXY', error: 'refusing to use HTTP_PROXY value in CGI environment; see golang.org/s/cgihttpproxy'},
	},
	{behaviour: 'NO_PROXY=* exempts everything', source: 'docs/sources.md §G34 allMatch', env: {HTTPS_PROXY: 'p:1', NO_PROXY: 'a.com,*'}, want: {fromVariable: 'HTTPS_PROXY', bypassedBy: '*', bypassVariable: 'NO_PROXY'}},
	{
		behaviour: 'a domain exempts its subdomains',
		source: 'docs/sources.md §G34 domainMatch',
		env: {HTTPS_PROXY: 'p:1', NO_PROXY: 'example.com'},
		want: {fromVariable: 'HTTPS_PROXY', bypassedBy: 'example.com', bypassVariable: 'NO_PROXY'},
	},
	{
		behaviour: 'a domain exempts itself',
		source: 'docs/sources.md §G34 domainMatch matchHost',
		env: {HTTPS_PROXY: 'p:1', NO_PROXY: 'gitlab.example.com'},
		want: {fromVariable: 'HTTPS_PROXY', bypassedBy: 'gitlab.example.com', bypassVariable: 'NO_PROXY'},
	},
	{
		behaviour: '.domain exempts subdomains only',
		source: 'docs/sources.md §G34 domainMatch',
		env: {HTTPS_PROXY: 'p:1', NO_PROXY: '.gitlab.example.com'},
		want: {proxy: 'http://p:1', fromVariable: 'HTTPS_PROXY'},
	},
	{
		behaviour: '*.domain is .domain',
		source: 'docs/sources.md §G34 config.init',
		env: {HTTPS_PROXY: 'p:1', NO_PROXY: '*.example.com'},
		want: {fromVariable: 'HTTPS_PROXY', bypassedBy: '*.example.com', bypassVariable: 'NO_PROXY'},
	},
	{
		behaviour: 'a suffix that is not on a label boundary does not match',
		source: 'docs/sources.md §G34 domainMatch',
		env: {HTTPS_PROXY: 'p:1', NO_PROXY: 'ample.com'},
		want: {proxy: 'http://p:1', fromVariable: 'HTTPS_PROXY'},
	},
	{
		behaviour: 'entries are trimmed and compared case-insensitively',
		source: 'docs/sources.md §G34 config.init',
		env: {HTTPS_PROXY: 'p:1', no_proxy: ' foo.org , GitLab.Example.COM '},
		want: {fromVariable: 'HTTPS_PROXY', bypassedBy: 'GitLab.Example.COM', bypassVariable: 'no_proxy'},
	},
	{
		behaviour: 'a port in the entry must equal the URL port (443 by default)',
		source: 'docs/sources.md §G34 domainMatch port',
		env: {HTTPS_PROXY: 'p:1', NO_PROXY: 'gitlab.example.com:8443'},
		want: {proxy: 'http://p:1', fromVariable: 'HTTPS_PROXY'},
	},
	{
		behaviour: 'a port in the entry matching the default port',
		source: 'docs/sources.md §G34 canonicalAddr',
		env: {HTTPS_PROXY: 'p:1', NO_PROXY: 'gitlab.example.com:443'},
		want: {fromVariable: 'HTTPS_PROXY', bypassedBy: 'gitlab.example.com:443', bypassVariable: 'NO_PROXY'},
	},
	{
		behaviour: 'NO_PROXY wins over no_proxy',
		source: 'docs/sources.md §G34 getEnvAny',
		env: {HTTPS_PROXY: 'p:1', NO_PROXY: 'other.org', no_proxy: 'gitlab.example.com'},
		want: {proxy: 'http://p:1', fromVariable: 'HTTPS_PROXY'},
	},
	{
		behaviour: 'a CIDR exempts IP hosts in it',
		source: 'docs/sources.md §G34 cidrMatch',
		env: {HTTPS_PROXY: 'p:1', NO_PROXY: '10.0.0.0/8'},
		url: 'https://10.1.2.3/g/p',
		want: {fromVariable: 'HTTPS_PROXY', bypassedBy: '10.0.0.0/8', bypassVariable: 'NO_PROXY'},
	},
	{
		behaviour: 'a CIDR never matches a host name',
		source: 'docs/sources.md §G34 useProxy (ip matchers only for IP hosts)',
		env: {HTTPS_PROXY: 'p:1', NO_PROXY: '10.0.0.0/8'},
		want: {proxy: 'http://p:1', fromVariable: 'HTTPS_PROXY'},
	},
	{
		behaviour: 'an IPv6 entry with a port',
		source: 'docs/sources.md §G34 ipMatch',
		env: {HTTPS_PROXY: 'p:1', NO_PROXY: '[2001:db8::1]:443'},
		url: 'https://[2001:db8::1]/g/p',
		want: {fromVariable: 'HTTPS_PROXY', bypassedBy: '[2001:db8::1]:443', bypassVariable: 'NO_PROXY'},
	},
	{behaviour: 'localhost is never proxied', source: 'docs/sources.md §G34 useProxy', env: {HTTPS_PROXY: 'p:1'}, url: 'https://localhost:8443/x', want: {fromVariable: 'HTTPS_PROXY', bypassedBy: 'localhost'}},
	{behaviour: 'loopback IPv4 is never proxied', source: 'docs/sources.md §G34 useProxy', env: {HTTPS_PROXY: 'p:1'}, url: 'https://127.0.0.2/x', want: {fromVariable: 'HTTPS_PROXY', bypassedBy: 'loopback'}},
	{behaviour: 'loopback IPv6 is never proxied', source: 'docs/sources.md §G34 useProxy', env: {HTTPS_PROXY: 'p:1'}, url: 'https://[::1]:8443/x', want: {fromVariable: 'HTTPS_PROXY', bypassedBy: 'loopback'}},
	{
		behaviour: 'LOCALHOST in capitals is proxied (the check is exact)',
		source: 'docs/sources.md §G34 useProxy',
		env: {HTTPS_PROXY: 'p:1'},
		url: 'https://LOCALHOST/x',
		want: {proxy: 'http://p:1', fromVariable: 'HTTPS_PROXY'},
	},
];

for (const row of rows) {
	test(`proxyForUrl: ${row.behaviour} [${row.source}]`, () => {
		assert.deepEqual(proxyForUrl(row.env, row.url ?? url), row.want);
	});
}

test('proxyForUrl: an unparsable request URL is reported, not thrown [docs/sources.md §G34]', () => {
	assert.deepEqual(proxyForUrl({HTTPS_PROXY: 'p:1'}, 'https://a b/'), {error: 'parse "https://a b/": invalid character " " in host name'});
});

// ---- fuzzing

const hosts = ['gitlab.example.com', 'example.com', 'localhost', 'LOCALHOST', '127.0.0.1', '10.1.2.3', '[::1]', '[2001:db8::1]', 'xn--bcher-kva.example', 'a'];
const noProxyEntries = ['*', 'example.com', '.example.com', '*.example.com', 'gitlab.example.com:443', ':443', '10.0.0.0/8', '10.1.2.3', '10.1.2.3:443', '::1', '[2001:db8::1]:443', '2001:db8::/32', '', ' ', 'EXAMPLE.COM', '[::1]', 'a', '1.2.3', '010.1.2.3', '::ffff:10.0.0.0/104'];
const proxyValues = ['http://proxy:3128', 'proxy:3128', 'https://p', 'socks5://p:1080', 'socks5h://p:1080', 'proxy corp:8080', 'http://u:p@p:1', ':1', '', 'p', '//p:1', 'ftp://p', 'http://[::1]:3128', 'http://p:abc', '%zz'];
const envArbitrary = fc.record(
	{
		HTTPS_PROXY: fc.constantFrom(...proxyValues),
		https_proxy: fc.constantFrom(...proxyValues),
		HTTP_PROXY: fc.constantFrom(...proxyValues),
		NO_PROXY: fc.array(fc.constantFrom(...noProxyEntries), {maxLength: 4}).map(list => list.join(',')),
		no_proxy: fc.array(fc.constantFrom(...noProxyEntries), {maxLength: 4}).map(list => list.join(',')),
		REQUEST_METHOD: fc.constantFrom('', 'GET'),
	},
	{requiredKeys: []},
);
const urlArbitrary = fc.tuple(fc.constantFrom('https', 'http', 'ftp'), fc.constantFrom(...hosts), fc.constantFrom('', ':443', ':8443', ':80')).map(([scheme, host, port]) => `${scheme}://${host}${port}/g/p`);

test('proxyForUrl never throws and keeps its invariants (fuzz)', () => {
	fc.assert(
		fc.property(fc.oneof(envArbitrary, fc.dictionary(fc.string(), fc.string())), fc.oneof(urlArbitrary, fc.string()), (env, target) => {
			const result = proxyForUrl(env, target);
			if (result.proxy !== undefined) {
				assert.ok(result.fromVariable !== undefined);
				assert.equal(result.bypassedBy, undefined);
			}
			if (result.bypassVariable !== undefined) assert.ok(result.bypassedBy !== undefined);
			if (result.proxy !== undefined) assert.ok(!result.proxy.includes('@') || result.proxy.includes('//@') || result.proxyUser === undefined);
		}),
		{numRuns: 5000},
	);
});

// ---- differential test against net/http.ProxyFromEnvironment (only where a `go` toolchain is installed)

const oracleSource = String.raw`package main

import (
	"encoding/json"
	"net/http"
	"net/url"
	"os"
)

func main() {
	target, err := url.Parse(os.Args[1])
	if err != nil {
		os.Exit(3)
	}
	p, err := http.ProxyFromEnvironment(&http.Request{URL: target})
	out := map[string]any{}
	if err != nil {
		out["Error"] = err.Error()
	} else if p != nil {
		out["Proxy"] = p.Scheme + "://" + p.Host + p.Path
		if p.Opaque != "" {
			out["Proxy"] = p.Scheme + ":" + p.Opaque
		}
		if p.User != nil {
			out["User"] = p.User.Username()
		}
	}
	json.NewEncoder(os.Stdout).Encode(out)
}
`;

const oracle = buildGoOracle(oracleSource, 'net/http');

test('proxyForUrl agrees with net/http.ProxyFromEnvironment (go oracle)', {skip: 'skip' in oracle ? oracle.skip : false}, () => {
	if ('skip' in oracle) return;
	const generated = fc.sample(fc.tuple(envArbitrary, urlArbitrary), {numRuns: 400, seed: 42});
	const cases = [...rows.map(row => [row.env, row.url ?? url] as const), ...generated];
	for (const [env, target] of cases) {
		const clean = Object.fromEntries(Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined));
		// Go's environment holds only the case's variables, so nothing from this machine leaks in.
		const result: SpawnSyncReturns<string> = spawnSync(oracle.binary, [target], {env: clean, encoding: 'utf8', timeout: 10_000});
		if (result.status === 3) continue; // Go cannot parse the request URL at all.
		assert.equal(result.status, 0, result.stderr);
		const go = JSON.parse(result.stdout) as {Proxy?: string; User?: string; Error?: string};
		const ours = proxyForUrl(env, target);
		const context = `env ${JSON.stringify(env)} url ${target}`;
		if (go.Error !== undefined) {
			assert.equal(ours.proxy, undefined, context);
			assert.ok(ours.error?.includes(go.Error), context);
		} else {
			assert.equal(ours.proxy, go.Proxy, context);
			assert.equal(ours.proxyUser, go.User, context);
		}
	}
});

test.after(() => {
	if (!('skip' in oracle)) oracle.dispose();
});
