import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'esbuild';
import { describe, expect, it } from 'vitest';

// Bundles `defaultChain` the way a Cloudflare Workers build does (workerd/worker/browser conditions, browser
// platform, every workspace package from source with its `-node` files swapped for their `-web` twins, as the
// tsup preset does for dist/edge), and checks what ends up inside.
const here = path.dirname(fileURLToPath(import.meta.url));
const packagesDir = path.resolve(here, '../..');

function workspaceFromSource(edge: boolean): Plugin {
  return {
    name: 'workspace-from-source',
    setup(b) {
      b.onResolve({ filter: /^@alicred\/[\w-]+$/ }, (args) => ({ path: path.join(packagesDir, args.path.slice('@alicred/'.length), 'src', 'index.ts') }));
      if (!edge) return;
      b.onResolve({ filter: /^\.{1,2}\/.*-node(\.js|\.ts)?$/ }, (args) => {
        const twin = path.resolve(args.resolveDir, `${args.path.replace(/-node(\.js|\.ts)?$/, '-web')}.ts`);
        if (!existsSync(twin)) throw new Error(`${args.path} has no -web twin`);
        return { path: twin };
      });
    },
  };
}

async function bundle(edge: boolean) {
  const result = await build({
    stdin: { contents: "export { defaultChain } from '@alicred/chain';", resolveDir: here, loader: 'ts' },
    bundle: true,
    write: false,
    format: 'esm',
    platform: edge ? 'browser' : 'node',
    conditions: edge ? ['workerd', 'worker', 'browser'] : [],
    plugins: [workspaceFromSource(edge)],
    metafile: true,
    logLevel: 'silent',
  });
  const text = result.outputFiles[0]?.text ?? '';
  // Metafile paths are relative to the working directory.
  const inputs = Object.keys(result.metafile.inputs).map((f) => path.resolve(f));
  return { text, inputs };
}

const NODE_IMPORT = /(?:from\s*|import\s*\(\s*|require\s*\(\s*|import\s+)["']node:/;

describe('defaultChain in a workerd bundle', () => {
  it('contains no node: import and no code of @alicred/ini (nor kms-client-key)', async () => {
    const { text, inputs } = await bundle(true);
    expect(text).toContain('no Alibaba Cloud credentials found by the default chain');
    expect(text).not.toMatch(NODE_IMPORT);
    expect(inputs.filter((f) => f.startsWith(path.join(packagesDir, 'ini') + path.sep) || f.startsWith(path.join(packagesDir, 'kms-client-key') + path.sep))).toEqual([]);
    expect(text).not.toContain('IniSyntaxError');
    expect(text).not.toContain('@alicred/ini');
    // The file links are still in the chain, reporting that they need Node.
    expect(text).toContain('needs Node (a file system)');
  });

  it('the Node bundle does contain @alicred/ini and node: imports (the checks above can fail)', async () => {
    const { text, inputs } = await bundle(false);
    expect(inputs.some((f) => f.startsWith(path.join(packagesDir, 'ini') + path.sep))).toBe(true);
    expect(text).toMatch(NODE_IMPORT);
  });
});
