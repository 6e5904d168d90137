/**
 * `@alicred/ram-role`: RAM role credentials through STS AssumeRole, on top of any alicred source.
 * @packageDocumentation
 */
export { fromRamRoleArn, RAM_ROLE_PROVIDER_NAME, ROLE_ARN_ENV, ROLE_SESSION_NAME_ENV, type FromRamRoleArnInit } from './from-ram-role-arn';
