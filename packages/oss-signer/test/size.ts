// Shared by the budget test and the bench's `size` row: bundles `fromStatic` + `presignOssRequest` the way a
// Cloudflare Worker build would (esbuild, `workerd` condition, minified). This package comes from source with
// its `-node` modules swapped for the `-workerd` twins (as its workerd build does); @alicred/core comes from
// its published build (dist/edge, built before tests by turbo's ^build), which is what users bundle.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build, type Plugin } from 'esbuild';

const here = path.dirname(fileURLToPath(import.meta.url));
const pkg = path.resolve(here, '..');

/** Budget for a Worker that presigns URLs (fromStatic stands in for @alicred/env's fromEnv until it lands). */
export const BUDGET = { minified: 8 * 1024, gzipped: 3.5 * 1024 };

const edgeSources: Plugin = {
  name: 'edge-sources',
  setup(b) {
    b.onResolve({ filter: /^\.{1,2}\/.*-node(\.js|\.ts)?$/ }, (args) => {
      const twin = path.resolve(args.resolveDir, `${args.path.replace(/-node(\.js|\.ts)?$/, '-workerd')}.ts`);
      if (!existsSync(twin)) throw new Error(`${args.path} has no -workerd twin`);
      return { path: twin, sideEffects: false };
    });
  },
};

export async function workerBundleSize(): Promise<{ minified: number; gzipped: number; text: string }> {
  const result = await build({
    stdin: {
      contents: `import { fromStatic } from '@alicred/core';
import { presignOssRequest } from './src/index.ts';
export default {
  async fetch(request, env) {
    const credentials = fromStatic({ accessKeyId: env.AK, accessKeySecret: env.SK });
    const { url } = await presignOssRequest({ method: 'GET', bucket: env.BUCKET, key: new URL(request.url).pathname.slice(1) },
      { credentials, region: env.REGION, endpoint: env.ENDPOINT });
    return Response.redirect(url, 302);
  },
};`,
      resolveDir: pkg,
      sourcefile: 'worker.js',
      loader: 'js',
    },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    conditions: ['workerd', 'worker', 'browser'],
    write: false,
    plugins: [edgeSources],
    logLevel: 'silent',
  });
  const text = result.outputFiles[0]!.text;
  return { minified: Buffer.byteLength(text), gzipped: gzipSync(text, { level: 9 }).length, text };
}
