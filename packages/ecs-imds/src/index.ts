/**
 * `@alicred/ecs-imds`: credentials of the ECS/ECI instance RAM role from the instance metadata service.
 * @packageDocumentation
 */
export {
  fromEcsMetadata,
  ECS_PROVIDER_NAME,
  ECS_ROLE_NAME_ENV,
  ECS_METADATA_DISABLED_ENV,
  ECS_METADATA_ENDPOINT_ENV,
  IMDSV1_DISABLED_ENV,
  type FromEcsMetadataInit,
} from './from-ecs-metadata';
export { checkMetadataEndpoint, DEFAULT_METADATA_ENDPOINT } from './endpoint';
export { classifyDmi, type PlatformVerdict } from './platform-verdict';
export { detectEcsPlatform, DEFAULT_DMI_DIRECTORY } from './ecs-detect-node';
