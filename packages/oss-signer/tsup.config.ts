import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Options } from 'tsup';
import { preset } from '../../tooling/tsup.preset';

// Besides the preset's Node and edge builds, a Worker build (dist/edge/workerd.js, for the `workerd` and
// `edge-light` conditions): same sources with `-node` modules swapped for their `-workerd` twins, which use
// WebCrypto only, because Workers always have it and core's pure-JS SHA-256 fallback would only add bytes.
const workerdTwins = {
  name: 'oss-signer-workerd-twins',
  setup(build: { onResolve: (o: { filter: RegExp }, cb: (a: { path: string; resolveDir: string }) => { path: string }) => void }) {
    build.onResolve({ filter: /^\.{1,2}\/.*-node(\.js|\.ts)?$/ }, (args) => {
      const twin = path.resolve(args.resolveDir, `${args.path.replace(/-node(\.js|\.ts)?$/, '-workerd')}.ts`);
      if (!existsSync(twin)) throw new Error(`workerd build: ${args.path} has no -workerd twin (${twin})`);
      return { path: twin };
    });
  },
};

const configs = preset() as unknown as Options[];
export default [
  ...configs,
  {
    entry: { workerd: 'src/index.ts' },
    target: 'es2022',
    format: ['esm'],
    dts: false,
    outDir: 'dist/edge',
    platform: 'neutral',
    splitting: false,
    treeshake: true,
    clean: false,
    esbuildPlugins: [workerdTwins as never],
  } satisfies Options,
];
