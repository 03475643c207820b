// GitLab's Go proxy URL, `https://HOST[/relative-root]/api/v4/projects/ID/packages/go` (docs/gitlab.md §4): shared
// by the go-proxy check and by private-module, for which the module's own GitLab is not a public proxy.

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

/** True when `url` is the Go proxy of the GitLab that hosts the module (same host name): GitLab itself, not a public proxy. */
export function isModuleHostGitlabProxy(url: string, moduleHost: string): boolean {
	const proxy = parseGitlabProxy(url);
	return proxy !== undefined && proxy.host.replace(/:\d+$/, '') === moduleHost.toLowerCase();
}
