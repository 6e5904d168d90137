// @alicred/core refresh cache vs @alicloud/credentials 2.4.7's RAM-role (AssumeRole) provider.
//
// Both sides run the same fetch work against the same in-process mock STS transport: get the source AccessKey
// from a static provider, build and HMAC-SHA1-sign the AssumeRole RPC string to sign, call the transport,
// JSON-parse the answer. The peer's transport is swapped in through its `doRequest` member (the seam its own
// tests use); alicred's goes through the fetch function handed to `refreshing`.
//
// Rows:
//   cached-get  ns/op of one credentials call on a warm cache (lower is better; goal ratio ≤ 0.5)
//   herd-1000   upstream fetches caused by 1000 concurrent calls on a cold provider (lower is better;
//               goal alicred = 1, the peer makes one per caller)
import { createHmac, randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import { createCredentials, fromStatic, refreshing } from '@alicred/core';

const require = createRequire(import.meta.url);
const RAMRoleARNCredentialsProvider = require('@alicloud/credentials/dist/src/providers/ram_role_arn.js').default;
const StaticAKCredentialsProvider = require('@alicloud/credentials/dist/src/providers/static_ak.js').default;

const PEER_NAME = '@alicloud/credentials@2.4.7';
const SOURCE = { accessKeyId: 'LTAIbenchsource0001', accessKeySecret: 'bench-source-secret-0123456789' };
const ROLE_ARN = 'acs:ram::1234567890123456:role/bench';

/** The mock STS: counts calls, optionally waits (so concurrent callers overlap), answers AssumeRole JSON. */
function mockSts(delayMs = 0) {
  const sts = {
    calls: 0,
    async assumeRole() {
      sts.calls += 1;
      if (delayMs) await new Promise((resolve) => setTimeout(resolve, delayMs));
      const expiration = new Date(Date.now() + 3_600_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
      return Buffer.from(
        JSON.stringify({
          RequestId: randomUUID(),
          AssumedRoleUser: { Arn: `${ROLE_ARN}/bench`, AssumedRoleId: '300000000000000000:bench' },
          Credentials: {
            AccessKeyId: `STS.bench${sts.calls}`,
            AccessKeySecret: 'bench-sts-secret-0123456789abcdef',
            SecurityToken: 'CAIS-bench-token-0123456789abcdefghijklmnopqrstuvwxyz',
            Expiration: expiration,
          },
        }),
      );
    },
  };
  return sts;
}

function percentEncode(value) {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** The peer: its RAM-role provider over a static source, with the mock STS as its transport. */
function peerProvider(sts) {
  const source = StaticAKCredentialsProvider.builder()
    .withAccessKeyId(SOURCE.accessKeyId)
    .withAccessKeySecret(SOURCE.accessKeySecret)
    .build();
  const provider = RAMRoleARNCredentialsProvider.builder()
    .withCredentialsProvider(source)
    .withRoleArn(ROLE_ARN)
    .withRoleSessionName('bench')
    .withStsEndpoint('sts.bench.invalid')
    .build();
  provider.doRequest = async () => ({
    statusCode: 200,
    headers: { 'content-type': 'application/json' },
    body: await sts.assumeRole(),
  });
  return () => provider.getCredentials();
}

/** alicred: `refreshing` over a fetch that does the same signing and parsing work as the peer's refresher. */
function alicredProvider(sts) {
  const source = fromStatic(SOURCE);
  const assumeRole = async () => {
    const creds = await source();
    const params = {
      Version: '2015-04-01',
      Action: 'AssumeRole',
      Format: 'JSON',
      Timestamp: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
      SignatureMethod: 'HMAC-SHA1',
      SignatureVersion: '1.0',
      SignatureNonce: randomUUID(),
      AccessKeyId: creds.accessKeyId,
      RoleArn: ROLE_ARN,
      RoleSessionName: 'bench',
      DurationSeconds: '3600',
    };
    const canonical = Object.keys(params)
      .sort()
      .map((k) => `${percentEncode(k)}=${percentEncode(params[k])}`)
      .join('&');
    const stringToSign = `POST&${percentEncode('/')}&${percentEncode(canonical)}`;
    params.Signature = createHmac('sha1', `${creds.accessKeySecret}&`).update(stringToSign).digest('base64');
    const body = await sts.assumeRole(params);
    const { Credentials: c } = JSON.parse(body.toString('utf8'));
    return createCredentials({
      accessKeyId: c.AccessKeyId,
      accessKeySecret: c.AccessKeySecret,
      securityToken: c.SecurityToken,
      expiration: new Date(c.Expiration),
      providerName: 'ram-role-arn',
    });
  };
  return refreshing(assumeRole, { providerName: 'ram-role-arn' });
}

/** ns per awaited call over `iterations` calls. */
async function timeCalls(call, iterations) {
  const start = process.hrtime.bigint();
  for (let i = 0; i < iterations; i += 1) await call();
  return Number(process.hrtime.bigint() - start) / iterations;
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function cachedGet({ quick, log }) {
  const iterations = quick ? 20_000 : 200_000;
  const rounds = quick ? 3 : 7;
  const alicred = alicredProvider(mockSts());
  const peer = peerProvider(mockSts());
  // Warm both caches and the JIT before measuring.
  await timeCalls(alicred, iterations / 10);
  await timeCalls(peer, iterations / 10);
  const a = [];
  const p = [];
  // Alternate rounds so drift on a shared machine hits both sides alike; report medians.
  for (let r = 0; r < rounds; r += 1) {
    a.push(await timeCalls(alicred, iterations));
    p.push(await timeCalls(peer, iterations));
  }
  log(`cached-get rounds alicred ${a.map((v) => v.toFixed(0)).join(' ')} ns; peer ${p.map((v) => v.toFixed(0)).join(' ')} ns`);
  const alicredNs = Math.round(median(a));
  const peerNs = Math.round(median(p));
  return { id: 'cached-get', unit: 'ns/op', alicred: alicredNs, peer: peerNs, peerName: PEER_NAME, ratio: alicredNs / peerNs };
}

async function herd({ log }) {
  const callers = 1000;
  const alicredSts = mockSts(10);
  const peerSts = mockSts(10);
  const alicred = alicredProvider(alicredSts);
  const peer = peerProvider(peerSts);
  const [a, p] = [
    await Promise.all(Array.from({ length: callers }, () => alicred())),
    await Promise.all(Array.from({ length: callers }, () => peer())),
  ];
  if (a.length !== callers || p.length !== callers || !a.every((c) => c.accessKeyId) || !p.every((c) => c.accessKeyId)) {
    throw new Error('herd-1000: a caller got no credentials');
  }
  log(`herd-1000 upstream fetches alicred ${alicredSts.calls}, peer ${peerSts.calls}`);
  return {
    id: 'herd-1000',
    unit: 'upstream fetches',
    alicred: alicredSts.calls,
    peer: peerSts.calls,
    peerName: PEER_NAME,
    ratio: alicredSts.calls / peerSts.calls,
  };
}

/** Bench suite contract: resolves to rows `{ id, unit, alicred, peer, peerName, ratio }`. */
export async function run(ctx) {
  return [await cachedGet(ctx), await herd(ctx)];
}
