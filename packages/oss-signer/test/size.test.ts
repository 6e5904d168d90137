import { describe, expect, it } from 'vitest';
import { BUDGET, workerBundleSize } from './size';

describe('workerd bundle budget', () => {
  it('fromStatic + presignOssRequest stays within 8 KB minified / 3.5 KB gzipped', async () => {
    const { minified, gzipped, text } = await workerBundleSize();
    expect(text).not.toMatch(/from\s*["']node:|require\(["']node:/); // no Node built-in leaks into the edge bundle
    expect(minified).toBeLessThanOrEqual(BUDGET.minified);
    expect(gzipped).toBeLessThanOrEqual(BUDGET.gzipped);
  });
});
