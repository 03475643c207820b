// When the real go succeeds (go-confirm) although a check failed, the failure is either a real risk that go's success
// today does not remove, or a disagreement between the model and go. This table names the risks, keyed on the check
// and its stable reason code (README "JSON output"), with the sentence that says why go still works; every other
// failure is a disagreement, shown as one (issue 9: "the failed check stays failed only if it is a real risk"). Only
// failing codes belong here: a warning (a password GitLab still accepts, a token that expires soon) stays a warning.
import type {CheckId} from '../engine/types.js';

type RiskKey = `${CheckId}:${string}`;

const risks: Partial<Record<RiskKey, string>> = {
	'private-module:private-module-public-proxy':
		'go works because the public proxy answered "not found" and go fell back to git, but every lookup still sends the module path to a public proxy, and the checksum database stops go as soon as GONOSUMDB does not cover it',
	'private-module:govcs-disallows':
		'go works because a proxy serves the module today; a version the proxy does not have is fetched directly with git, which GOVCS refuses',
	'netrc:netrc-missing-entry':
		'go works because something else answers for it today (a git credential helper, GOAUTH, or GitLab showing this path without credentials), but Go\'s own go-get discovery sends no credentials, which a private project in a subgroup needs',
	'token:token-expired':
		'go works because the module came from somewhere that did not need this token today (a proxy or a credential helper), but the expired token in .netrc fails every request that uses it',
	'token:token-revoked':
		'go works because the module came from somewhere that did not need this token today (a proxy or a credential helper), but the revoked token in .netrc fails every request that uses it',
	'geo-secondary:geo-secondary-url-credential-dropped':
		'go works while the Geo secondary serves the repository itself; when it redirects git to the primary again, git drops the credentials in the URL',
	'geo-secondary:geo-secondary-no-primary-credentials':
		'go works while the Geo secondary serves the repository itself; when it redirects git to the primary again, git has no credentials there',
};

/** Why the failure of this check stays a real risk although the real go succeeds; undefined when it does not. */
export function riskWhenGoWorks(id: CheckId, reason: string | undefined): string | undefined {
	return reason === undefined ? undefined : risks[`${id}:${reason}`];
}
