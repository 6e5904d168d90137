import { ExitCode, runCli } from '@alicred/cli';

// The `alicred` command as a function: the same arguments and exit codes, output to any writer.
let printed = '';
const code = await runCli(['credentials', '--source', 'env', '--format', 'json'], {
  stdout: { write: (text: string) => (printed += text) },
  stderr: process.stderr,
  env: { ALIBABA_CLOUD_ACCESS_KEY_ID: 'LTAI5tExampleKeyId', ALIBABA_CLOUD_ACCESS_KEY_SECRET: 'example-secret' },
});

export const ok = code === ExitCode.Ok;
export const document = JSON.parse(printed) as { Code: string; AccessKeyId: string; ProviderName: string };
