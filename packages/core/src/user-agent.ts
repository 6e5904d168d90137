import { version } from '../package.json';
import { detectRuntime } from './runtime';

/** The version of `@alicred/core`, inlined from package.json at build time (only this field is bundled). */
export const VERSION: string = version;

/** The User-Agent alicred sends: `alicred/<version> (<runtime>)`, e.g. `alicred/0.1.0 (node)`. */
export const USER_AGENT: string = `alicred/${VERSION} (${detectRuntime()})`;
