import { CredentialsError } from '@alicred/core';

// Edge twin of files-node.ts: no file system here. `tryNextLink: true` so a chain that includes a profile
// source on an edge runtime moves on to the next source instead of stopping.
function needsNode(): never {
  throw new CredentialsError(
    'profile files need Node (a file system): use @alicred/env or another source on this runtime, ' +
      'or pass init.readFile and init.homeDir to read the file yourself.',
    { code: 'Unsupported', provider: 'ini', tryNextLink: true },
  );
}

/** Not available on this runtime: throws a `CredentialsError` with code `Unsupported`. */
export async function readTextFile(_path: string): Promise<string> {
  return needsNode();
}

/** No permission bits to check on this runtime. */
export async function filePermissions(_path: string): Promise<number | undefined> {
  return undefined;
}

/** No home directory on this runtime: throws like {@link readTextFile} (pass `init.homeDir` or a file path). */
export function osHomeDir(): string | undefined {
  return needsNode();
}
