// Whether the version go will fetch exists as a tag: go lists the repository's refs with `git ls-remote -q origin`
// (docs/go.md §6) and resolves vX.Y.Z to refs/tags/vX.Y.Z; without it go fails with "unknown revision vX.Y.Z".
// Read from the tags git-access listed the same way.
/** `unknown revision vX.Y.Z`: git listed the repository's tags and the required release is not among them. Only
 * for a module at the repository root (a module in a subdirectory is tagged `dir/vX.Y.Z`, not listed here). */
export function missingVersion(module: {version?: string | undefined}, access: {ok?: boolean; versionTags?: string[]} | undefined): string | undefined {
	const version = module.version?.replace(/\+incompatible$/, '');
	if (!version || !access?.ok || !access.versionTags) return undefined;
	// A pseudo-version names a commit, not a tag: vX.Y.Z-[0.]yyyymmddhhmmss-abcdefabcdef.
	if (/-(?:0\.)?\d{14}-[0-9a-f]{12}$/.test(version) || !/^v\d+\.\d+\.\d+/.test(version)) return undefined;
	if (access.versionTags.includes(version)) return undefined;
	const shown = access.versionTags.slice(0, 5).join(', ');
	return `go will fail with "unknown revision ${version}": the repository has no tag ${version} (${shown ? `its version tags: ${shown}${access.versionTags.length > 5 ? ', …' : ''}` : 'it has no version tags'})`;
}


/** True when the module sits at the root of its repository (`root`: the go-import prefix or the `.git` qualifier's
 * root), a `/vN` major suffix aside: then go looks for the tag vX.Y.Z itself. A module (or package) below the root is
 * tagged `dir/vX.Y.Z`, which this does not judge. */
export function atRepositoryRoot(module: string, root: string | undefined): boolean {
	if (root === undefined || (module !== root && !module.startsWith(`${root}/`))) return false;
	return /^(?:\/v\d+)?$/.test(module.slice(root.length));
}
