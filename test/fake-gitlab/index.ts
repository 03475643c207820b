// The fake GitLab rig: real go and git against an emulated GitLab on loopback.
// See README.md in this directory for the scenarios it supports.
export {generateTestPki, getTestPki, type CertPair, type TestPki} from './pki.js';
export {
	startFakeGitlab,
	type FakeGitlab,
	type FakeGitlabOptions,
	type FetchInit,
	type FetchResult,
	type TlsMode,
} from './gitlab-server.js';
export type {InstanceSettings} from './context.js';
export type {HostileMode, HostileRule} from './hostile.js';
export type {RequestLogEntry, ResolvedCredential} from './request-log.js';
export {
	maskSecret,
	type Ability,
	type Project,
	type ProjectSpec,
	type Role,
	type Token,
	type TokenKind,
	type TokenSpec,
	type User,
	type UserSpec,
	type Visibility,
} from './model.js';
export {startConnectProxy, type ConnectProxy, type ConnectProxyOptions, type ProxyLogEntry, type ProxyTarget} from './connect-proxy.js';
export {makeIsolatedEnv, type InsteadOfRule, type IsolatedEnv, type IsolatedEnvOptions} from './isolated-env.js';
export {gitAvailable, goAvailable, runGit, runGo, runGoModDownload, type GoModDownloadJson, type GoModDownloadResult} from './run-go.js';
export {runCommand, killAllStarted, type RunOptions, type RunResult} from './proc.js';
export {EXPIRED as TOKEN_EXPIRED_DESCRIPTION, REVOKED as TOKEN_REVOKED_DESCRIPTION} from './api-auth.js';
export {startModuleProxy, startPublicStandIns, type HostServer, type ModuleProxyMode, type ModuleProxyOptions, type ProxyRequest, type PublicStandIns} from './module-proxy.js';
