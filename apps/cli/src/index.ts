/**
 * `@alicred/cli`: the `alicred` command as functions, for tests and for embedding (`runCli(argv, ctx)`).
 * @packageDocumentation
 */
export { runCli, MAIN_HELP } from './main';
export { ExitCode, type ExitCodeValue } from './exit-codes';
export { CliError, describeError, exitCodeOf } from './cli-error';
export type { CliContext, CliStream } from './io';
export { CREDENTIAL_FORMATS, formatCredentials, isoSeconds, type CredentialsFormat } from './format-credentials';
export { SOURCE_NAMES, STS_ENDPOINT_ENV, type SourceName, type SourceSettings } from './sources';
export { resolveProvider } from './resolve';
export { SERVE_PATH, SERVE_TOKEN_ENV } from './commands/serve';
export { parseOssUri } from './commands/presign';
export { configuredRegion, permissionWarnings, type DoctorWarning } from './commands/doctor';
export { CLI_VERSION } from './version';
