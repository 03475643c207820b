// Real bare repositories for the fake instance, built with two git processes each
// (`git init --bare`, `git fast-import`) and fixed dates so module checksums are stable.
import {mkdirSync} from 'node:fs';
import {dirname, join} from 'node:path';
import {plumbingEnv, runCommand} from './proc.js';
import type {Project} from './model.js';

/** 2024-01-01T00:00:00Z; the n-th tag's commit is n days later. */
export const FIRST_COMMIT_EPOCH = 1_704_067_200;

export function commitTime(index: number): Date {
	return new Date((FIRST_COMMIT_EPOCH + index * 86_400) * 1000);
}

function packageName(goModule: string): string {
	const last = goModule.split('/').pop() ?? 'lib';
	const cleaned = last.replace(/\.git$/, '').replace(/^v\d+$/, 'lib').replace(/[^A-Za-z0-9_]/g, '_').toLowerCase();
	return /^[a-z_]/.test(cleaned) ? cleaned : `p${cleaned}`;
}

function data(text: string): string {
	return `data ${Buffer.byteLength(text)}\n${text}\n`;
}

function fileCommand(path: string, content: string): string {
	return `M 100644 inline ${path}\n${data(content)}`;
}

/** The fast-import stream: one commit per tag (or a single untagged commit), each tag pointing at its commit. */
export function fastImportStream(project: Pick<Project, 'goModule' | 'defaultBranch' | 'tags' | 'files'>): string {
	const pkg = packageName(project.goModule);
	const versions = project.tags.length > 0 ? project.tags : [undefined];
	let stream = '';
	versions.forEach((tag, index) => {
		const when = FIRST_COMMIT_EPOCH + index * 86_400;
		const goFile = `// Package ${pkg} is served by the fake GitLab.\npackage ${pkg}\n\n// Version is the tag this commit carries.\nconst Version = "${tag ?? 'untagged'}"\n\n// Hello returns a greeting.\nfunc Hello() string { return "hello from ${project.goModule}" }\n`;
		stream += `commit refs/heads/${project.defaultBranch}\nmark :${index + 1}\n`;
		stream += `author Fake GitLab <fake@gitlab.test> ${when} +0000\ncommitter Fake GitLab <fake@gitlab.test> ${when} +0000\n`;
		stream += data(tag ? `Release ${tag}` : 'Initial commit');
		stream += fileCommand('go.mod', `module ${project.goModule}\n\ngo 1.19\n`);
		stream += fileCommand(`${pkg}.go`, goFile);
		for (const [path, content] of Object.entries(project.files)) stream += fileCommand(path, content);
		stream += '\n';
		if (tag) stream += `reset refs/tags/${tag}\nfrom :${index + 1}\n\n`;
	});
	return stream;
}

export async function createBareRepo(dir: string, project: Pick<Project, 'goModule' | 'defaultBranch' | 'tags' | 'files'>): Promise<void> {
	mkdirSync(dirname(dir), {recursive: true});
	const env = plumbingEnv();
	const init = await runCommand('git', ['init', '--bare', '-q', '-b', project.defaultBranch, dir], {env, timeoutMs: 20_000});
	if (!init.ok) throw new Error(`git init ${dir} failed: ${init.stderr}`);
	const imported = await runCommand('git', ['fast-import', '--quiet'], {env: {...env, GIT_DIR: dir}, input: fastImportStream(project), timeoutMs: 20_000});
	if (!imported.ok) throw new Error(`git fast-import into ${dir} failed: ${imported.stderr}`);
}

export async function createProjectRepos(repoRoot: string, projects: Project[]): Promise<void> {
	await Promise.all(projects.filter(p => p.hasRepo).map(p => createBareRepo(join(repoRoot, p.repoRelPath), p)));
}

/** `git show rev:path`, or undefined if missing. */
export async function readFileAt(repoDir: string, rev: string, path: string): Promise<string | undefined> {
	const result = await runCommand('git', ['show', `${rev}:${path}`], {env: plumbingEnv({GIT_DIR: repoDir}), timeoutMs: 20_000});
	return result.ok ? result.stdout : undefined;
}

/** A Go module zip: every file of `rev` under `<module>@<version>/` (valid when the module is the repo root). */
export async function moduleZip(repoDir: string, rev: string, prefix: string): Promise<Buffer> {
	const result = await runCommand('git', ['archive', '--format=zip', `--prefix=${prefix}`, rev], {env: plumbingEnv({GIT_DIR: repoDir}), timeoutMs: 30_000});
	if (!result.ok) throw new Error(`git archive failed: ${result.stderr}`);
	return result.stdoutBuffer;
}
