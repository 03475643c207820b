// Starts the fake GitLab of the tests with a broken setup and prints the environment to try the
// tool against it by hand: `node --import tsx scripts/demo-gitlab.ts`, then paste the exports.
import {getTestPki, makeIsolatedEnv, startConnectProxy, startFakeGitlab} from '../test/fake-gitlab/index.js';

const token = 'glpat-demoDEMOdemoDEMO1234';
const pki = await getTestPki();
const gitlab = await startFakeGitlab({
	pki,
	projects: [{path: 'group/sub/project', members: {alice: 'reporter'}}],
	tokens: [{token, username: 'alice', scopes: ['read_api']}],
});
const proxy = await startConnectProxy({routes: gitlab.routes});
const broken = process.argv[2] ?? 'netrc-mode';
const isolated = makeIsolatedEnv({
	pki,
	proxy,
	goEnv: broken === 'no-goprivate' ? {} : {GOPRIVATE: 'gitlab.test'},
	netrc: broken === 'no-netrc' ? undefined : `machine gitlab.test login alice password ${token}\n`,
});
if (broken === 'netrc-mode' && isolated.netrcFile) (await import('node:fs')).chmodSync(isolated.netrcFile, 0o644);
for (const [key, value] of Object.entries(isolated.env)) console.log(`export ${key}='${value}'`);
console.error(`fake GitLab for gitlab.test is up (${broken}); Ctrl-C to stop`);
process.on('SIGINT', async () => {
	isolated.cleanup();
	await proxy.close();
	await gitlab.close();
	process.exit(0);
});
