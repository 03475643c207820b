// Is a module private, public or unknown, and why? Pure: every fact is passed in.
// Only a private module needs GOPRIVATE, credentials and the rest: Go fetches a public one through the public
// proxy and checks it against the checksum database, and that works. Offline the tool cannot ask GitLab, so a
// module nothing marks stays "unknown" and gets a warning that says what would make it fail, never a failure.
import {matchPrefixPatterns} from './private-patterns.js';

export type Classification = 'private' | 'public' | 'unknown';

export type Visibility = {classification: Classification; reason: string};

/** Hosts that are not GitLab instances and serve public Go modules: never told to set GOPRIVATE, add a .netrc
 * entry or create a GitLab token. The code hosts Go itself knows (cmd/go/internal/vcs: github.com, bitbucket.org,
 * …) and the vanity hosts of widely used public modules. */
const publicCodeHosts = new Set([
	'github.com',
	'bitbucket.org',
	'hub.jazz.net',
	'git.apache.org',
	'git.openstack.org',
	'chiselapp.com',
	'golang.org',
	'google.golang.org',
	'cloud.google.com',
	'gopkg.in',
	'go.uber.org',
	'k8s.io',
	'sigs.k8s.io',
	'go.opentelemetry.io',
	'go.etcd.io',
	'go.mongodb.org',
	'gonum.org',
	'honnef.co',
	'gotest.tools',
	'mvdan.cc',
	'modernc.org',
	'gocloud.dev',
	'filippo.io',
	'dario.cat',
	'go.yaml.in',
	'buf.build',
	'connectrpc.com',
	'golang.zx2c4.com',
	'tailscale.com',
	'gvisor.dev',
	'cuelang.org',
	'go.starlark.net',
	'lukechampine.com',
	'rsc.io',
]);

/** True for a host that is known not to be a GitLab instance. */
export function isPublicCodeHost(host: string): boolean {
	return publicCodeHosts.has(host.toLowerCase());
}

export type VisibilityFacts = {
	module: string;
	host: string;
	/** GOPRIVATE, GONOPROXY and GONOSUMDB as Go reads them. */
	patterns: {GOPRIVATE: string; GONOPROXY: string; GONOSUMDB: string};
	/** Where Go or git has credentials for the host ("a .netrc entry", "a GOAUTH command", …), if anywhere. */
	credentials?: string;
	/** An insteadOf rule that rewrites the host's URLs (often to SSH, for a private project). */
	insteadOf?: string;
	/** GitLab's anonymous answer, when the run asked (online). */
	anonymous?: 'public' | 'two-segment-fallback' | 'not-found' | 'other';
};

export function classifyModule(facts: VisibilityFacts): Visibility {
	for (const key of ['GOPRIVATE', 'GONOPROXY', 'GONOSUMDB'] as const) {
		if (facts.patterns[key] && matchPrefixPatterns(facts.patterns[key], facts.module)) return {classification: 'private', reason: `${key} covers it`};
	}
	if (facts.anonymous === 'public') return {classification: 'public', reason: `${facts.host} shows the project to anyone (anonymous go-get answer)`};
	if (facts.anonymous === 'not-found' || facts.anonymous === 'two-segment-fallback') {
		return {classification: 'private', reason: `${facts.host} does not show the project without credentials`};
	}
	if (isPublicCodeHost(facts.host)) return {classification: 'public', reason: `${facts.host} is a public code host, not a GitLab instance, and nothing marks the module private`};
	if (facts.credentials) return {classification: 'private', reason: `${facts.credentials} for ${facts.host}`};
	if (facts.insteadOf) return {classification: 'private', reason: `git rewrites ${facts.host} URLs (${facts.insteadOf})`};
	return {classification: 'unknown', reason: `nothing marks it private, and ${facts.anonymous === undefined ? 'offline the tool cannot ask' : 'the run could not learn from'} ${facts.host} whether the project is public`};
}
