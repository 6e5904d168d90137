import { describe, expect, it } from 'vitest';
import { isCredentialsError } from '@alicred/core';
import * as configNode from './config-store-node';
import * as configWeb from './config-store-web';
import * as filesNode from './files-node';
import * as filesWeb from './files-web';
import * as processNode from './process-node';
import * as processWeb from './process-web';
import { fromCliProfile } from './from-cli-profile';

// The edge build swaps every `-node` module for its `-web` twin; these tests hold the twins to the same
// exports and to the promised failure: a CredentialsError `Unsupported` with tryNextLink true.
describe('web twins', () => {
  it.each([
    ['files', filesNode, filesWeb],
    ['config-store', configNode, configWeb],
    ['process', processNode, processWeb],
  ])('%s: same exports as the Node module', (_name, node, web) => {
    expect(Object.keys(web).sort()).toEqual(Object.keys(node).sort());
  });

  it('reading a file fails with Unsupported and says what to do instead', async () => {
    const error = await filesWeb.readTextFile('/x').catch((e: unknown) => e);
    expect(isCredentialsError(error)).toBe(true);
    expect(error).toMatchObject({ code: 'Unsupported', tryNextLink: true });
    expect((error as Error).message).toContain('need Node');
    expect(() => filesWeb.osHomeDir()).toThrow(/need Node/);
    expect(await filesWeb.filePermissions('/x')).toBeUndefined();
  });

  it('writing config.json and running a process fail with Unsupported', async () => {
    await expect(configWeb.updateCliProfile('/x', 'p', {})).rejects.toMatchObject({ code: 'Unsupported', tryNextLink: true });
    await expect(processWeb.runCommand(['x'], { timeoutMs: 1 })).rejects.toMatchObject({ code: 'Unsupported', tryNextLink: true });
  });

  it('with an injected readFile, a profile works without node:fs (the edge path for AK profiles)', async () => {
    const text = JSON.stringify({ current: 'p', profiles: [{ name: 'p', mode: 'AK', access_key_id: 'LTAI-edge', access_key_secret: 's' }] });
    const creds = await fromCliProfile({ filepath: '/virtual/config.json', env: {}, readFile: async () => text })();
    expect(creds.accessKeyId).toBe('LTAI-edge');
  });
});
