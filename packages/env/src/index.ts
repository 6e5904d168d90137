/**
 * `@alicred/env`: Alibaba Cloud credentials from environment variables.
 * @packageDocumentation
 */
export { fromEnv, ENV_PROVIDER_NAME, ENV_VARIABLE_SETS } from './from-env';
export type { FromEnvInit, EnvVariableSet } from './from-env';
