import type { Service } from '../../types';

/** KMS shared-gateway service (stub: answers 501 until the full implementation lands). */
export function kmsService(): Service {
  return {
    name: 'kms',
    matches: (req) => (req.query.get('Action') ?? req.form.get('Action') ?? req.headers['x-acs-action']) === 'GetSecretValue' || /^kms(-vpc)?\./.test(req.host),
    action: (req) => req.query.get('Action') ?? req.form.get('Action') ?? req.headers['x-acs-action'] ?? 'Unknown',
    handle: () => ({ status: 501, headers: { 'content-type': 'application/json' }, body: '{"Code":"NotImplemented"}' }),
  };
}
