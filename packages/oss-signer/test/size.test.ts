import { describe, expect, it } from 'vitest';
import { ENFORCED_BUDGET, ISSUE_BUDGET, workerBundleSize } from './size';

describe('workerd bundle: fromEnv + presignOssRequest', () => {
  it('stays within the enforced budget (a regression guard; see ISSUE_BUDGET for the goal)', async () => {
    const { minified, gzipped } = await workerBundleSize();
    expect(minified).toBeLessThanOrEqual(ENFORCED_BUDGET.minified);
    expect(gzipped).toBeLessThanOrEqual(ENFORCED_BUDGET.gzipped);
    // The guard may only sit above the issue's budget, never hide a regression behind it.
    expect(ENFORCED_BUDGET.minified).toBeGreaterThanOrEqual(ISSUE_BUDGET.minified);
  });

  it('bundles what a Worker needs and nothing else: no node: module, no pure-JS SHA-256, no V1, no refresh cache', async () => {
    const { text, inputs } = await workerBundleSize();
    expect(text).not.toMatch(/["']node:/);
    expect(inputs.some((f) => f.includes('env/dist/edge'))).toBe(true); // fromEnv really is in it
    expect(inputs.filter((f) => /sha256-js|tslib/.test(f))).toEqual([]);
    expect(text).not.toContain('1116352408'); // 0x428a2f98, the first SHA-256 round constant: core's pure-JS fallback
    expect(text).not.toContain('OSSAccessKeyId'); // presignOssRequestV1
    expect(text).not.toContain('bucketInfo'); // V1 sub-resources
    expect(text).not.toContain('shareInFlight'); // core's refreshing()
    expect(text).not.toContain('Cloudflare-Workers'); // core's runtime detection for the User-Agent
  });
});
