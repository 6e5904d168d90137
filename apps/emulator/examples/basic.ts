import { startEmulator } from '@alicred/emulator';

export async function example(): Promise<string[]> {
  const emu = await startEmulator({ now: new Date('2024-01-01T00:00:00Z') });
  try {
    // A credentials-URI server, as ALIBABA_CLOUD_CREDENTIALS_URI would point at.
    const res = await fetch(`${emu.url}${emu.seed.credentialsPath}`);
    const creds = (await res.json()) as { Code: string; Expiration: string };

    // Make the next STS AssumeRole fail with Throttling.User, once.
    emu.faults.add({ service: 'sts', action: 'AssumeRole', throttle: true, times: 1 });

    const calls = emu.requests({ service: 'uri' }).length;
    return [creds.Code, creds.Expiration, `uri calls: ${calls}`];
  } finally {
    await emu.close();
  }
}
