// Size budgets: one row per public package, `size-<package>` (e.g. size-env).
//   unit     bytes, gzipped (level 9) workerd bundle of the package's whole main export, minified
//   alicred  the measured size; peer: the package's budget; ratio = size / budget — lower is better, goal ≤ 1
// The budgets and the measurement live in tooling/hardening/sizes.mjs; the hardening test fails CI when a
// package goes over its budget, this suite puts the figures next to the other benchmarks.
import { GZIP_BUDGETS, measurePackage, publicPackages } from '../../hardening/sizes.mjs';

export async function run(ctx) {
  const rows = [];
  for (const { name } of publicPackages()) {
    const budget = GZIP_BUDGETS[name];
    if (budget === undefined) throw new Error(`${name} has no size budget in tooling/hardening/sizes.mjs`);
    const { minified, gzipped } = await measurePackage(name);
    ctx.log(`${name}: ${minified} B minified, ${gzipped} B gzipped (budget ${budget} B)`);
    const id = `size-${name.replace('@alicred/', '')}`;
    rows.push({ id, unit: 'bytes', alicred: gzipped, peer: budget, peerName: `budget ${(budget / 1024).toFixed(1)} KB gzipped`, ratio: gzipped / budget });
  }
  return rows;
}
