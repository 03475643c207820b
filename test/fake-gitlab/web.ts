// The few web (Rails) pages the fake needs: sign-in page, sign-in redirect for anonymous
// visitors, a public project page, help pages.
import type {IncomingMessage, ServerResponse} from 'node:http';
import {escapeHtml, send, sendHtml} from './http-util.js';
import type {InstanceContext} from './context.js';

export const LOGIN_PAGE = `<!DOCTYPE html>
<html class="gl-light" lang="en">
<head>
<meta charset="utf-8">
<meta content="IE=edge" http-equiv="X-UA-Compatible">
<title>Sign in · GitLab</title>
<meta content="width=device-width, initial-scale=1" name="viewport">
</head>
<body class="login-page navless">
<main class="login-page">
<h1>GitLab</h1>
<form class="new_user gl-show-field-errors" id="new_user" action="/users/sign_in" accept-charset="UTF-8" method="post">
<label for="user_login">Username or primary email</label>
<input class="form-control" autocomplete="username" type="text" name="user[login]" id="user_login">
<label for="user_password">Password</label>
<input class="form-control" autocomplete="current-password" type="password" name="user[password]" id="user_password">
<button type="submit" class="btn btn-confirm">Sign in</button>
</form>
</main>
</body>
</html>
`;

export const SERVER_ERROR_PAGE = `<!DOCTYPE html>
<html>
<head>
<meta content="width=device-width, initial-scale=1, maximum-scale=1" name="viewport">
<title>Something went wrong (500)</title>
</head>
<body>
<h1>500</h1>
<h3>Something went wrong on our end.</h3>
<p>Request ID: <code>01FAKE500</code></p>
<p>Try refreshing the page, or going back and attempting the action again.</p>
</body>
</html>
`;

export function handleWeb(ctx: InstanceContext, req: IncomingMessage, res: ServerResponse, pathInfo: string): void {
	if (pathInfo === '/users/sign_in') return sendHtml(res, 200, LOGIN_PAGE);
	if (pathInfo.startsWith('/help')) {
		return sendHtml(res, 200, `<!DOCTYPE html><html><head><title>Help · GitLab</title></head><body><h1>${escapeHtml(pathInfo)}</h1></body></html>`);
	}
	const project = ctx.model.findProjectByPath(pathInfo.replace(/\.git$/, ''), true);
	if (project && project.visibility === 'public' && (req.method === 'GET' || req.method === 'HEAD')) {
		return sendHtml(res, 200, `<!DOCTYPE html><html><head><title>${escapeHtml(project.path)} · GitLab</title></head><body><h1>${escapeHtml(project.path)}</h1></body></html>`);
	}
	// Anonymous web visitors of anything non-public are sent to sign in (the web UI ignores Basic auth).
	const location = `${ctx.base}/users/sign_in`;
	send(res, 302, `<html><body>You are being <a href="${location}">redirected</a>.</body></html>`, {Location: location, 'Content-Type': 'text/html; charset=utf-8'});
}
