import { readFile } from 'node:fs/promises';
import { classifyDmi, type PlatformVerdict } from './platform-verdict';

/** Where Linux exposes the SMBIOS/DMI identity of the machine (world-readable, no syscall beyond a read). */
export const DEFAULT_DMI_DIRECTORY = '/sys/class/dmi/id';

async function readTrimmed(path: string): Promise<string | undefined> {
  try {
    return (await readFile(path, 'utf8')).trim();
  } catch {
    // Absent (not Linux, a container without /sys) or unreadable: this file tells us nothing.
    return undefined;
  }
}

/**
 * Node: whether this machine can be an ECS instance, from the DMI vendor files under `dmiDirectory`
 * (`sys_vendor`, `product_name`). Never throws; see {@link classifyDmi} for the rule. macOS is never an ECS
 * instance (Alibaba Cloud has no macOS instances), so it is "not ECS" without reading anything.
 */
export async function detectEcsPlatform(dmiDirectory: string = DEFAULT_DMI_DIRECTORY): Promise<PlatformVerdict> {
  const platform = (globalThis as { process?: { platform?: string } }).process?.platform;
  if (platform === 'darwin' && dmiDirectory === DEFAULT_DMI_DIRECTORY) {
    return { onEcs: 'no', reason: 'this is macOS, and ECS has no macOS instances' };
  }
  const dir = dmiDirectory.replace(/\/+$/, '');
  const [sysVendor, productName] = await Promise.all([readTrimmed(`${dir}/sys_vendor`), readTrimmed(`${dir}/product_name`)]);
  return classifyDmi(sysVendor, productName);
}
