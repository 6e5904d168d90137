import { randomBytes } from 'node:crypto';
import { issueRoleCredentials } from '../sts/issue';
import { roleForArn } from '../sts/role-lookup';
import type { EmuResponse, Service } from '../../types';

/**
 * A credentials URI server (`ALIBABA_CLOUD_CREDENTIALS_URI`): `GET <config.credentialsUri.path>` answers
 * `{ Code: "Success", AccessKeyId, AccessKeySecret, SecurityToken, Expiration }` with fresh STS credentials of
 * `config.credentialsUri.roleArn`, which the emulator's STS and OSS then accept.
 */
export function uriService(): Service {
  return {
    name: 'uri',
    matches: (req, state) => req.rawPath === state.config.credentialsUri.path,
    action: () => 'GetCredentials',
    handle: (req, state): EmuResponse => {
      const json = (status: number, body: unknown): EmuResponse => ({
        status,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      if (req.method !== 'GET') return json(405, { Code: 'MethodNotAllowed', Message: `Use GET, not ${req.method}.` });
      const cfg = state.config.credentialsUri;
      const role = roleForArn(state, cfg.roleArn, 'emulator-uri-role');
      const issued = issueRoleCredentials(state, role, `uri-${randomBytes(4).toString('hex')}`, cfg.durationSeconds);
      return json(200, {
        Code: 'Success',
        AccessKeyId: issued.record.accessKeyId,
        AccessKeySecret: issued.record.accessKeySecret,
        SecurityToken: issued.record.securityToken,
        Expiration: issued.expiration,
      });
    },
  };
}
