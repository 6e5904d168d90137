// Names each entry point's module after its package (`@alicred/core`) instead of its path (`core/src`), so
// the API reference reads the way users import it.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Converter, ReflectionKind } from 'typedoc';

const packagesDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../packages');

/** @param {import('typedoc').Application} app */
export function load(app) {
  app.converter.on(Converter.EVENT_RESOLVE_BEGIN, (context) => {
    for (const module of context.project.getReflectionsByKind(ReflectionKind.Module)) {
      const dir = module.name.replace(/\/src$/, '');
      try {
        module.name = JSON.parse(readFileSync(path.join(packagesDir, dir, 'package.json'), 'utf8')).name;
      } catch {
        // Not a package entry point: keep typedoc's name.
      }
    }
  });
}
