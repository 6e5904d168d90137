// @alicred/ram-role vs @alicloud/credentials 2.4.7's RAMRoleARNCredentialsProvider, both against the same
// @alicred/emulator on 127.0.0.1 (real HTTP, real RPC v1.0 signatures verified by the emulator's STS).
//
// Row:
//   herd-1000-assume-role  AssumeRole requests the emulator received for 1000 concurrent credential calls on
//                          a cold provider (lower is better; goal alicred = 1, the peer makes one per caller)
//
// The peer always calls STS over https, and Node reads extra CAs only at process start, so each side runs in
// a child Node process started with NODE_EXTRA_CA_CERTS=<the emulator's test CA>; both talk to the emulator's
// https listener. The count comes from the emulator's own request log, not from the clients.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { startEmulator } from '@alicred/emulator';

const here = path.dirname(fileURLToPath(import.meta.url));
const benchDir = path.resolve(here, '..');
const PEER_NAME = '@alicloud/credentials@2.4.7';
const CALLERS = 1000;

// Each child: build the provider, start CALLERS concurrent calls, check every caller got credentials, print
// a one-line JSON summary (never a secret or a token).
const ALICRED_CHILD = `
import { fromStatic } from '@alicred/core';
import { fromRamRoleArn } from '@alicred/ram-role';
const e = process.env;
const provider = fromRamRoleArn({
  source: fromStatic({ accessKeyId: e.EMU_AK, accessKeySecret: e.EMU_SK }),
  roleArn: e.EMU_ROLE_ARN,
  roleSessionName: 'bench-herd',
  endpoint: e.EMU_STS_ENDPOINT,
  env: {},
});
const started = performance.now();
const all = await Promise.all(Array.from({ length: Number(e.CALLERS) }, () => provider()));
const ms = performance.now() - started;
console.log(JSON.stringify({ ok: all.filter((c) => c.accessKeyId.startsWith('STS.')).length, ms }));
`;

const PEER_CHILD = `
const { RAMRoleARNCredentialsProvider, StaticAKCredentialsProvider } = require('@alicloud/credentials');
const e = process.env;
const source = StaticAKCredentialsProvider.builder().withAccessKeyId(e.EMU_AK).withAccessKeySecret(e.EMU_SK).build();
const provider = RAMRoleARNCredentialsProvider.builder()
  .withCredentialsProvider(source)
  .withRoleArn(e.EMU_ROLE_ARN)
  .withRoleSessionName('bench-herd')
  .withStsEndpoint(e.EMU_STS_HOST)
  .build();
const started = performance.now();
Promise.all(Array.from({ length: Number(e.CALLERS) }, () => provider.getCredentials())).then((all) => {
  const ms = performance.now() - started;
  console.log(JSON.stringify({ ok: all.filter((c) => String(c.accessKeyId).startsWith('STS.')).length, ms }));
}, (error) => {
  console.log(JSON.stringify({ error: String(error && error.message).slice(0, 300) }));
  process.exitCode = 1;
});
`;

async function runChild(kind, env) {
  const args = kind === 'alicred' ? ['--input-type=module', '-e', ALICRED_CHILD] : ['-e', PEER_CHILD];
  const { stdout } = await promisify(execFile)(process.execPath, args, {
    cwd: benchDir,
    env: { ...process.env, ...env },
    timeout: 120_000,
    maxBuffer: 1024 * 1024,
  });
  const line = stdout.trim().split('\n').pop();
  const result = JSON.parse(line);
  if (result.error) throw new Error(`herd-1000-assume-role: ${kind} failed: ${result.error}`);
  return result;
}

async function herd({ log }) {
  const emu = await startEmulator({ tls: true });
  const dir = mkdtempSync(path.join(tmpdir(), 'alicred-bench-sts-'));
  try {
    const caFile = path.join(dir, 'ca.pem');
    writeFileSync(caFile, emu.caPem);
    const tlsHost = new URL(emu.tlsUrl).host;
    const env = {
      NODE_EXTRA_CA_CERTS: caFile,
      CALLERS: String(CALLERS),
      EMU_AK: emu.seed.accessKeyId,
      EMU_SK: emu.seed.accessKeySecret,
      EMU_ROLE_ARN: emu.seed.roleArn,
      EMU_STS_ENDPOINT: emu.tlsUrl,
      EMU_STS_HOST: tlsHost,
    };
    const count = () => emu.requests({ service: 'sts', action: 'AssumeRole' }).length;

    const a = await runChild('alicred', env);
    const alicred = count();
    emu.reset();
    const p = await runChild('peer', env);
    const peer = count();
    if (a.ok !== CALLERS || p.ok !== CALLERS) throw new Error(`herd-1000-assume-role: callers without credentials (alicred ${a.ok}, peer ${p.ok})`);
    log(`herd-1000-assume-role AssumeRole requests alicred ${alicred} (${a.ms.toFixed(0)} ms), peer ${peer} (${p.ms.toFixed(0)} ms)`);
    return { id: 'herd-1000-assume-role', unit: 'AssumeRole requests', alicred, peer, peerName: PEER_NAME, ratio: alicred / peer };
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await emu.close();
  }
}

/** Bench suite contract: resolves to rows `{ id, unit, alicred, peer, peerName, ratio }`. */
export async function run(ctx) {
  return [await herd(ctx)];
}
