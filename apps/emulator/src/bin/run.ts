import { parseArgs } from 'node:util';
import { loadConfigFile } from '../config';
import { startEmulator, type EmulatorOptions } from '../emulator';

const USAGE = `Usage: alicred-emulator [--port N] [--config FILE] [--now ISO] [--tls] [--tls-port N] [--host ADDR]

A local Alibaba Cloud emulator (STS, ECS metadata, credentials URI, KMS, OSS) for tests and demos.
  --port N       http port (default 0: a free port; the URL is printed)
  --config FILE  JSON config merged over the default seed (accounts, roles, OIDC providers, KMS, OSS)
  --now ISO      pin the emulator clock, e.g. 2024-01-01T00:00:00Z
  --tls          also listen with https (test-only certificate; the CA is printed with --print-ca)
  --tls-port N   https port (default 0)
  --print-ca     print the test CA certificate and exit
  --host ADDR    bind address (default 127.0.0.1; anything else prints a warning)`;

/** Parses argv into emulator options; throws a usage error the caller prints. */
export function parseCli(argv: string[]): EmulatorOptions | 'help' | 'print-ca' {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string' },
      config: { type: 'string' },
      now: { type: 'string' },
      tls: { type: 'boolean' },
      'tls-port': { type: 'string' },
      'print-ca': { type: 'boolean' },
      host: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) return 'help';
  if (values['print-ca']) return 'print-ca';
  const port = (name: string, v: string | undefined) => {
    if (v === undefined) return undefined;
    const n = Number(v);
    if (!/^\d+$/.test(v) || n > 65535) throw new Error(`--${name} must be a port number (0-65535), got "${v}"`);
    return n;
  };
  const options: EmulatorOptions = {};
  const p = port('port', values.port);
  if (p !== undefined) options.port = p;
  const tp = port('tls-port', values['tls-port']);
  if (tp !== undefined) options.tlsPort = tp;
  if (values.tls) options.tls = true;
  if (values.host) options.host = values.host;
  if (values.now !== undefined) {
    const d = new Date(values.now);
    if (Number.isNaN(d.getTime())) throw new Error(`--now must be an ISO date such as 2024-01-01T00:00:00Z, got "${values.now}"`);
    options.now = d;
  }
  if (values.config) options.config = loadConfigFile(values.config);
  return options;
}

/** Runs the CLI with `process.argv`; resolves once the emulator listens (it keeps running until SIGINT/SIGTERM). */
export async function main(): Promise<void> {
  let parsed: ReturnType<typeof parseCli>;
  try {
    parsed = parseCli(process.argv.slice(2));
  } catch (e) {
    process.stderr.write(`alicred-emulator: ${(e as Error).message}\n\n${USAGE}\n`);
    process.exitCode = 2;
    return;
  }
  if (parsed === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  if (parsed === 'print-ca') {
    const { TEST_CA_PEM } = await import('../tls');
    process.stdout.write(TEST_CA_PEM);
    return;
  }
  const emu = await startEmulator({ ...parsed, warn: (m) => process.stderr.write(`${m}\n`) });
  // Machine-readable first line (scripts read it), then a human summary. No secrets beyond the fixed test seed.
  process.stdout.write(`${JSON.stringify({ url: emu.url, ...(emu.tlsUrl ? { tlsUrl: emu.tlsUrl } : {}) })}\n`);
  process.stdout.write(
    [
      `alicred-emulator listening on ${emu.url}${emu.tlsUrl ? ` and ${emu.tlsUrl}` : ''}`,
      `  STS:             ${emu.url}/?Action=AssumeRole (or Host: sts.<region>.aliyuncs.com)`,
      `  ECS metadata:    ${emu.url}/latest/meta-data/ram/security-credentials/`,
      `  credentials URI: ${emu.url}${emu.seed.credentialsPath}`,
      `  seed AccessKey:  ${emu.seed.accessKeyId} (its fixed test secret: emulator.seed.accessKeySecret, src/config.ts)`,
      `  role:            ${emu.seed.roleArn}`,
      `  bucket:          ${emu.seed.bucket ?? '(none)'}`,
      '',
    ].join('\n'),
  );
  const stop = () => {
    void emu.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

