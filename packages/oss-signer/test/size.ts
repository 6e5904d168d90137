// Shared by the budget test and the bench's `size-oss-presign` rows: bundles `fromEnv` (@alicred/env) +
// `presignOssRequest` the way a Cloudflare Worker build does (esbuild, browser platform, `workerd` condition,
// minified, gzip -9), which is the bundle issue 9 puts a budget on. This package comes from source with its
// `-node` modules swapped for the `-workerd` twins (as its workerd build does); @alicred/core and @alicred/env
// come from their published builds (dist/edge, built before tests by turbo's ^build), which is what users bundle.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build, type Plugin } from 'esbuild';

const here = path.dirname(fileURLToPath(import.meta.url));
const pkg = path.resolve(here, '..');

/** Issue 9's budget for a Worker that presigns URLs with credentials from env bindings. */
export const ISSUE_BUDGET = { minified: 8 * 1024, gzipped: 3.5 * 1024 };

/**
 * What the test enforces: the bundle as it stands plus about 1 % headroom, as a regression guard. It is above
 * ISSUE_BUDGET: the package README ("Bundle size") says what the bytes are and why the gap cannot close without
 * dropping documented behaviour. History: 11,922 B / 4,845 B gzipped on 2026-11-22; 12,053 B / 4,925 B on
 * 2026-12-05, a deliberate +131 B / +80 B for presigning that encodes the caller's query once and remembers
 * the encoded auth values (presign went from ~6.0 to ~4.5 µs, from ~4.7x to ~5.9x faster than ali-oss, which
 * meets that goal of issue 9). Lower it when the bundle shrinks; raising it is a decision, made in the commit
 * that needs it.
 */
export const ENFORCED_BUDGET = { minified: 12_160, gzipped: 4_976 };

/** The Worker the issue describes: credentials from env bindings, a redirect to a presigned GET URL. */
export const WORKER_SOURCE = `import { fromEnv } from '@alicred/env';
import { presignOssRequest } from '@alicred/oss-signer';
export default {
  async fetch(request, env) {
    const { url } = await presignOssRequest(
      { method: 'GET', bucket: env.OSS_BUCKET, key: decodeURIComponent(new URL(request.url).pathname.slice(1)) },
      { credentials: fromEnv({ env }), region: env.OSS_REGION, expiresIn: 300, endpoint: env.OSS_ENDPOINT },
    );
    return Response.redirect(url, 302);
  },
};`;

const workerdSources: Plugin = {
  name: 'oss-signer-workerd-sources',
  setup(b) {
    // This package from source, as dist/edge/workerd.js is built: `-node` modules swapped for `-workerd` twins.
    b.onResolve({ filter: /^@alicred\/oss-signer$/ }, () => ({ path: path.join(pkg, 'src/index.ts') }));
    b.onResolve({ filter: /^\.{1,2}\/.*-node(\.js|\.ts)?$/ }, (args) => {
      const twin = path.resolve(args.resolveDir, `${args.path.replace(/-node(\.js|\.ts)?$/, '-workerd')}.ts`);
      if (!existsSync(twin)) throw new Error(`${args.path} has no -workerd twin`);
      return { path: twin, sideEffects: false };
    });
  },
};

/** Minified and gzipped bytes of {@link WORKER_SOURCE}, the bundle text, and the files that went into it. */
export async function workerBundleSize(): Promise<{ minified: number; gzipped: number; text: string; inputs: string[] }> {
  const result = await build({
    stdin: { contents: WORKER_SOURCE, resolveDir: pkg, sourcefile: 'worker.js', loader: 'js' },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    conditions: ['workerd', 'worker', 'browser'],
    write: false,
    metafile: true,
    plugins: [workerdSources],
    logLevel: 'silent',
  });
  const text = result.outputFiles[0]!.text;
  return {
    minified: Buffer.byteLength(text),
    gzipped: gzipSync(text, { level: 9 }).length,
    text,
    inputs: Object.keys(result.metafile.inputs),
  };
}
