// Every check, in dependency order: the order results print in, whatever order they finish in.
import type {Check} from '../engine/types.js';
import {goEnvCheck} from './go-env.js';
import {httpsCheck} from './https.js';
import {modulePathCheck} from './module-path.js';
import {netrcCheck} from './netrc.js';
import {privateModuleCheck} from './private-module.js';

export const allChecks: ReadonlyArray<Check<any>> = [goEnvCheck, privateModuleCheck, modulePathCheck, netrcCheck, httpsCheck];
