import { version } from '../package.json';
import { detectRuntime } from './runtime';

/** The version of `@alicred/core`, inlined from package.json at build time (only this field is bundled). */
export const VERSION: string = version;

/** The User-Agent alicred sends: `alicred/<version> (<runtime>)`, e.g. `alicred/0.1.0 (node)`. */
// A call marked pure, so bundles that never send a request (the OSS signer) drop the runtime detection.
export const USER_AGENT: string = /* @__PURE__ */ userAgent();

function userAgent(): string {
  return `alicred/${VERSION} (${detectRuntime()})`;
}
