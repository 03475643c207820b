// GitLab's Go proxy URL, `https://HOST[/relative-root]/api/v4/projects/ID/packages/go` (docs/gitlab.md §4): shared
// by the route model (a proxy of the module's own host is GitLab's, not a company's or a public one) and the go-proxy check.

export type GitlabProxyUrl = {scheme: string; host: string; userinfo?: string; root: string; projectId: string};

const gitlabProxyPath = /^(https?):\/\/([^/?#]+)((?:\/[^?#]*)?)\/api\/v4\/projects\/([^/?#]+)\/packages\/go\/?$/;

/** A GitLab Go proxy URL's parts, or undefined for any other GOPROXY entry. */
export function parseGitlabProxy(url: string): GitlabProxyUrl | undefined {
	const match = gitlabProxyPath.exec(url);
	if (!match) return undefined;
	const authority = match[2]!;
	const at = authority.lastIndexOf('@');
	return {
		scheme: match[1]!,
		host: (at >= 0 ? authority.slice(at + 1) : authority).toLowerCase(),
		...(at >= 0 ? {userinfo: authority.slice(0, at)} : {}),
		root: match[3]!,
		projectId: match[4]!,
	};
}
