import type { Logger } from '@alicred/core';
import { describe, type Location } from './errors';

/**
 * Warns (once per file and provider instance) when a file holding secrets can be read by every user of the
 * machine. A warning, not an error: the official libraries and CLIs accept such files, and refusing them
 * would break working set-ups; the message says how to fix it.
 */
export function warnIfWorldReadable(
  where: Location,
  permissions: number | undefined,
  holdsSecrets: boolean,
  logger: Pick<Logger, 'warn'>,
  warned: Set<string>,
): void {
  if (permissions === undefined || !holdsSecrets || (permissions & 0o004) === 0) return;
  if (warned.has(where.file)) return;
  warned.add(where.file);
  logger.warn(
    `${describe(where)} holds secrets and is readable by every user of this machine (mode ${permissions.toString(8).padStart(3, '0')}): ` +
      `run chmod 600 ${where.file}`,
  );
}
