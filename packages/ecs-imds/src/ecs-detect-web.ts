import { detectRuntime } from '@alicred/core';
import type { PlatformVerdict } from './platform-verdict';

/** Edge twin of `ecs-detect-node.ts`: there are no DMI files to read, so the answer comes from the runtime. */
export const DEFAULT_DMI_DIRECTORY = '/sys/class/dmi/id';

/**
 * Web runtimes: Cloudflare Workers, Vercel Edge and browsers never run on an ECS instance ("not ECS", no
 * probe); Deno, Bun or an unknown runtime may run on one, and without file access we cannot tell, so the
 * metadata service is probed with the short timeout.
 */
export async function detectEcsPlatform(_dmiDirectory?: string): Promise<PlatformVerdict> {
  const runtime = detectRuntime();
  if (runtime === 'workerd' || runtime === 'edge-light' || runtime === 'browser') {
    return { onEcs: 'no', reason: `the ${runtime} runtime never runs on an ECS instance` };
  }
  return { onEcs: 'unknown', reason: `the ${runtime} runtime gives no access to the machine identity` };
}
