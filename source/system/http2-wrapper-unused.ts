// Bundled in place of http2-wrapper (scripts/build.mjs): got imports it for `http2: true`, which this tool never sets
// (each hop is one HTTP/1.1 request). The real module opens a TLS socket while it loads, only to reach a class, and
// that builds Node's default root store: about 20 ms of main-thread time at the start of every live run.
const unused = (): never => {
	throw new Error('gitlab-go-check sends no HTTP/2 requests');
};

export default {auto: unused, globalAgent: undefined};
