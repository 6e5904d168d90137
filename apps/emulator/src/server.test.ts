import { connect } from 'node:net';
import { request as httpsRequest } from 'node:https';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from './index';
import { rawRequest } from '../test/helpers';

/** Sends raw bytes and returns the raw answer, for requests no HTTP client would produce. */
function rawSocket(port: number, data: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const s = connect(port, '127.0.0.1', () => s.end(data));
    let out = '';
    s.on('data', (c: Buffer) => (out += c.toString()));
    s.on('end', () => resolve(out));
    s.on('close', () => resolve(out));
    s.on('error', reject);
  });
}

describe('server', () => {
  let emu: Emulator;
  beforeAll(async () => {
    emu = await startEmulator({ tls: true });
  });
  afterAll(() => emu.close());

  it('serves https with a certificate the test CA validates', async () => {
    expect(emu.tlsUrl).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const status = await new Promise<number>((resolve, reject) => {
      const req = httpsRequest(`${emu.tlsUrl}${emu.seed.credentialsPath}`, { ca: emu.caPem }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end();
    });
    expect(status).toBe(200);
    // Without the CA the certificate is not trusted: proof that clients really verify it.
    const untrusted = await new Promise<string>((resolve) => {
      const req = httpsRequest(`${emu.tlsUrl}/`, (res) => resolve(String(res.statusCode)));
      req.on('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? 'error'));
      req.end();
    });
    expect(untrusted).toMatch(/SELF_SIGNED|UNABLE_TO|CERT/);
  });

  it('survives odd requests and keeps answering', async () => {
    const answers = await Promise.all([
      rawSocket(emu.port, 'GET //%zz/../?Action=%ZZ HTTP/1.1\r\nHost: [::1\r\n\r\n'),
      rawSocket(emu.port, 'POST /?Action=AssumeRole HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 5\r\n\r\n%%%%%'),
      rawSocket(emu.port, 'garbage\r\n\r\n'),
      rawRequest(`${emu.url}/?Action=GetCallerIdentity&Version=2015-04-01&Timestamp=never`),
      rawRequest(`${emu.url}/latest/meta-data/ram/security-credentials/%E0%A4%A`),
    ]);
    expect(answers[0]).toMatch(/^HTTP\/1\.1 \d{3}/);
    expect(answers[1]).toMatch(/^HTTP\/1\.1 400/);
    expect(answers[3]).toMatchObject({ status: 400 });
    expect(JSON.parse((answers[3] as { text: string }).text)).toMatchObject({ Code: 'MissingAccessKeyId' });
    expect((answers[4] as { status: number }).status).toBe(404);
    expect((await rawRequest(`${emu.url}${emu.seed.credentialsPath}`)).status).toBe(200);
  });

  it('reset() clears the log, faults and issued keys', async () => {
    await rawRequest(`${emu.url}${emu.seed.credentialsPath}`);
    emu.faults.add({ service: 'oss', throttle: true });
    emu.reset();
    expect(emu.requests()).toHaveLength(0);
    expect(emu.faults.list()).toHaveLength(0);
  });
});
