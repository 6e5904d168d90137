#!/usr/bin/env node
// The README's first command ends here (`pnpm demo` builds every package first). The demo itself is
// apps/cli/src/demo.ts: it starts the local emulator on 127.0.0.1, resolves credentials through every
// alicred source, and signs an OSS round trip against the emulator, with no other network access.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const demo = path.join(root, 'apps', 'cli', 'dist', 'bin', 'demo.js');
if (!existsSync(demo)) {
  console.error('alicred demo: apps/cli is not built. Run `npx pnpm@10 demo` (it builds every package first).');
  process.exit(1);
}
// The demo sets process.exitCode: 0 when every source that ran resolved and the OSS round trip matched.
await import(pathToFileURL(demo).href);
