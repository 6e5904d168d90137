import { kmsClientKeyError } from './errors';

// Edge twin of files-node.ts: there is no file system, so configuration comes from options and env only.

/** Always throws `Unsupported`: edge runtimes have no file system. */
export async function readTextFile(path: string, what: string): Promise<string> {
  throw kmsClientKeyError(
    `${what} ${path} cannot be read on this runtime (no file system): pass the values themselves ` +
      '(keyId and privateKey, secretName, endpoint) in the options.',
    'Unsupported',
  );
}

/** Always `undefined`: no default file exists where there is no file system. */
export async function readTextFileIfExists(_path: string, _what: string): Promise<string | undefined> {
  return undefined;
}

/** No default properties file on edge runtimes. */
export function defaultPropertiesPath(): string | undefined {
  return undefined;
}
