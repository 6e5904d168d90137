import { rmSync, existsSync } from 'node:fs';
import path from 'node:path';
import { defineConfig, type Options } from 'tsup';

/**
 * Edge builds swap every relative `./x-node` import for its `./x-web` twin, so one source tree yields a Node build
 * (node:crypto, node:fs) and a Web-API build (WebCrypto, no built-ins) with the same exports.
 * A `-node` module without a `-web` twin is a build error, not a silent Node import in an edge bundle.
 */
const webTwins = {
  name: 'alicred-web-twins',
  setup(build: { onResolve: (o: { filter: RegExp }, cb: (a: { path: string; resolveDir: string }) => { path: string }) => void }) {
    build.onResolve({ filter: /^\.{1,2}\/.*-node(\.js|\.ts)?$/ }, (args) => {
      const base = args.path.replace(/-node(\.js|\.ts)?$/, '-web');
      const twin = path.resolve(args.resolveDir, `${base}.ts`);
      if (!existsSync(twin)) throw new Error(`edge build: ${args.path} has no -web twin (${twin})`);
      return { path: twin };
    });
  },
};

export interface PresetOptions {
  /** Entry points relative to the package; default `src/index.ts`. */
  entry?: string[];
  /** Build a Web-API variant into dist/edge (default true). */
  edge?: boolean;
  /** Extra Node builds with no edge twin (CLI bins). */
  bins?: string[];
}

export function preset(options: PresetOptions = {}) {
  const entry = options.entry ?? ['src/index.ts'];
  // One clean before both builds run (tsup runs the configs concurrently).
  rmSync('dist', { recursive: true, force: true });
  const common: Options = {
    entry,
    target: 'es2022',
    sourcemap: false,
    splitting: false,
    treeshake: true,
    clean: false,
    minify: false,
    shims: false,
  };
  const configs: Options[] = [
    { ...common, format: ['esm', 'cjs'], dts: true, outDir: 'dist', platform: 'node' },
  ];
  if (options.edge !== false) {
    configs.push({
      ...common,
      format: ['esm'],
      dts: false,
      outDir: 'dist/edge',
      platform: 'neutral',
      esbuildPlugins: [webTwins as never],
    });
  }
  if (options.bins?.length) {
    configs.push({ ...common, entry: options.bins, format: ['esm'], dts: false, outDir: 'dist/bin', platform: 'node' });
  }
  return defineConfig(configs);
}
