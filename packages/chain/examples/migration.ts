import { fromStatic } from '@alicred/core';
import { fromBearerToken } from '@alicred/bearer';
import { defaultChain, fromConfig, toTeaCredential } from '@alicred/chain';
import { fromCredentialsUri } from '@alicred/uri';
import { fromEcsMetadata } from '@alicred/ecs-imds';
import { fromOidcRoleArn } from '@alicred/oidc';
import { fromRamRoleArn } from '@alicred/ram-role';

/** What your application already has (the test fills it in from the emulator). */
export interface Settings {
  accessKeyId: string;
  accessKeySecret: string;
  securityToken: string;
  roleArn: string;
  oidcRoleArn: string;
  oidcProviderArn: string;
  oidcTokenFile: string;
  ecsRoleName: string;
  credentialsUri: string;
  /** Unset in production (the global STS endpoint, or ALIBABA_CLOUD_STS_REGION); the emulator in tests. */
  stsEndpoint?: string;
}

// access_key
//   Node:   new Credential(new Config({ type: 'access_key', accessKeyId, accessKeySecret }))
//   Python: Client(Config(type='access_key', access_key_id=..., access_key_secret=...))
export const accessKey = (s: Settings) => [
  fromConfig({ type: 'access_key', accessKeyId: s.accessKeyId, accessKeySecret: s.accessKeySecret }),
  fromConfig({ type: 'access_key', access_key_id: s.accessKeyId, access_key_secret: s.accessKeySecret }),
  fromStatic({ accessKeyId: s.accessKeyId, accessKeySecret: s.accessKeySecret }),
];

// sts
//   Node:   new Credential(new Config({ type: 'sts', accessKeyId, accessKeySecret, securityToken }))
//   Python: Client(Config(type='sts', access_key_id=..., access_key_secret=..., security_token=...))
export const sts = (s: Settings) => [
  fromConfig({ type: 'sts', accessKeyId: s.accessKeyId, accessKeySecret: s.accessKeySecret, securityToken: s.securityToken }),
  fromConfig({ type: 'sts', access_key_id: s.accessKeyId, access_key_secret: s.accessKeySecret, security_token: s.securityToken }),
  fromStatic({ accessKeyId: s.accessKeyId, accessKeySecret: s.accessKeySecret, securityToken: s.securityToken }),
];

// ram_role_arn
//   Node:   new Credential(new Config({ type: 'ram_role_arn', accessKeyId, accessKeySecret, roleArn, roleSessionName }))
//           RAMRoleARNCredentialsProvider.builder().withCredentialsProvider(staticAk).withRoleArn(arn).build()
//   Python: Client(Config(type='ram_role_arn', access_key_id=..., access_key_secret=..., role_arn=..., role_session_name=...))
export const ramRoleArn = (s: Settings) => [
  fromConfig({ type: 'ram_role_arn', accessKeyId: s.accessKeyId, accessKeySecret: s.accessKeySecret, roleArn: s.roleArn, roleSessionName: 'app', stsEndpoint: s.stsEndpoint }),
  fromConfig({ type: 'ram_role_arn', access_key_id: s.accessKeyId, access_key_secret: s.accessKeySecret, role_arn: s.roleArn, role_session_name: 'app', sts_endpoint: s.stsEndpoint }),
  fromRamRoleArn({
    source: fromStatic({ accessKeyId: s.accessKeyId, accessKeySecret: s.accessKeySecret }),
    roleArn: s.roleArn,
    roleSessionName: 'app',
    endpoint: s.stsEndpoint,
  }),
];

// oidc_role_arn (ACK RRSA)
//   Node:   new Credential(new Config({ type: 'oidc_role_arn', roleArn, oidcProviderArn, oidcTokenFilePath }))
//   Python: Client(Config(type='oidc_role_arn', role_arn=..., oidc_provider_arn=..., oidc_token_file_path=...))
export const oidcRoleArn = (s: Settings) => [
  fromConfig({ type: 'oidc_role_arn', roleArn: s.oidcRoleArn, oidcProviderArn: s.oidcProviderArn, oidcTokenFilePath: s.oidcTokenFile, stsEndpoint: s.stsEndpoint }),
  fromConfig({ type: 'oidc_role_arn', role_arn: s.oidcRoleArn, oidc_provider_arn: s.oidcProviderArn, oidc_token_file_path: s.oidcTokenFile, sts_endpoint: s.stsEndpoint }),
  fromOidcRoleArn({ roleArn: s.oidcRoleArn, oidcProviderArn: s.oidcProviderArn, oidcTokenFile: s.oidcTokenFile, endpoint: s.stsEndpoint }),
];

// ecs_ram_role (the metadata endpoint is 100.100.100.200 unless ALICRED_ECS_METADATA_ENDPOINT says otherwise)
//   Node:   new Credential(new Config({ type: 'ecs_ram_role', roleName }))
//   Python: Client(Config(type='ecs_ram_role', role_name=...))
export const ecsRamRole = (s: Settings) => [
  fromConfig({ type: 'ecs_ram_role', roleName: s.ecsRoleName }),
  fromConfig({ type: 'ecs_ram_role', role_name: s.ecsRoleName }),
  fromEcsMetadata({ roleName: s.ecsRoleName }),
];

// credentials_uri
//   Node:   new Credential(new Config({ type: 'credentials_uri', credentialsURI }))
//   Python: Client(Config(type='credentials_uri', credentials_uri=...))
export const credentialsUri = (s: Settings) => [
  fromConfig({ type: 'credentials_uri', credentialsURI: s.credentialsUri }),
  fromConfig({ type: 'credentials_uri', credentials_uri: s.credentialsUri }),
  fromCredentialsUri({ uri: s.credentialsUri }),
];

// bearer (Cloud Call Center): bearer tokens, not AccessKeys
//   Node:   new Credential(new Config({ type: 'bearer', bearerToken }))
//   Python: Client(Config(type='bearer', bearer_token=...))
export const bearer = () => [
  fromConfig({ type: 'bearer', bearerToken: 'ccc-token' }),
  fromConfig({ type: 'bearer', bearer_token: 'ccc-token' }),
  fromBearerToken({ token: 'ccc-token' }),
];

// The default chain
//   Node:   new Credential()                Python: Client()
export const defaults = () => defaultChain();

// Any of these as the `credential` of an official SDK client:
//   new Sts(new OpenApi.Config({ credential: toTeaCredential(provider), regionId: 'cn-hangzhou' }))
export const forSdk = (s: Settings) => toTeaCredential(ramRoleArn(s)[0]!);
