// Every check, in dependency order: the order results print in, whatever order they finish in.
import type {Check} from '../engine/types.js';
import {gitAccessCheck} from './git-access.js';
import {gitAuthCheck} from './git-auth.js';
import {geoSecondaryCheck} from './geo-secondary.js';
import {gitRouteCheck} from './git-route.js';
import {goConfirmCheck} from './go-confirm.js';
import {goEnvCheck} from './go-env.js';
import {goImportCheck} from './go-import.js';
import {goProxyCheck} from './go-proxy.js';
import {httpsCheck} from './https.js';
import {modulePathCheck} from './module-path.js';
import {netrcCheck} from './netrc.js';
import {privateModuleCheck} from './private-module.js';
import {tokenCheck} from './token.js';

export const allChecks: ReadonlyArray<Check<any>> = [goEnvCheck, privateModuleCheck, modulePathCheck, netrcCheck, httpsCheck, tokenCheck, goImportCheck, gitRouteCheck, gitAuthCheck, gitAccessCheck, geoSecondaryCheck, goProxyCheck, goConfirmCheck];

/** The checks of a run: without go-confirm when --no-confirm asks for a quick run (hooks). */
export function checksWith(options: {confirm: boolean}): ReadonlyArray<Check<any>> {
	return options.confirm ? allChecks : allChecks.filter(check => check.id !== 'go-confirm');
}
