import type { Service } from '../../types';

/** OSS service (stub: answers 501 until the full implementation lands). */
export function ossService(): Service {
  return {
    name: 'oss',
    matches: () => true,
    action: (req) => `${req.method}Object`,
    handle: () => ({ status: 501, headers: { 'content-type': 'text/plain' }, body: 'OSS not implemented yet' }),
  };
}
