// Conformance suite for @alicred/kms-client-key. The Node build (node20, node24, bun) reads a legacy
// (3DES, SHA-1 MAC) PKCS#12 ClientKey; the edge build (deno, workerd) takes a PKCS#8 key or a CryptoKey and
// refuses the PKCS#12 with a clear Unsupported error. KMS is played by an injected `fetch` that checks the
// SHA256withRSA signature with WebCrypto (the runner's emulator has no ClientKey registered), so nothing
// leaves the process.
import { isCredentialsError } from '@alicred/core';
import { fromKmsClientKey, readClientKey, reportInvalidAccessKey } from '@alicred/kms-client-key';
import { assert, suite } from '../harness.mjs';

const { test } = suite('kms-client-key');

const EDGE = new Set(['deno', 'workerd']);
const SECRET = 'acs/ram/user/app';

// A test-only ClientKey (made by the emulator's generateClientKey, legacy-3des). Never used anywhere real.
const FIXTURE = {
  keyId: 'KAAP.00000000-0000-4000-8000-00000000c0de',
  password: 'conformance-test-password',
  privateKeyData:
    'MIIKVQIBAzCCChsGCSqGSIb3DQEHAaCCCgwEggoIMIIKBDCCBFcGCSqGSIb3DQEHBqCCBEgwggREAgEAMIIEPQYJKoZIhvcNAQcB' +
    'MBwGCiqGSIb3DQEMAQMwDgQI9J+8VHxi4T4CAggAgIIEEG54ZrVaJd749fXr65BvPFabJbxN5IjH3EA1ylnmtQ7MJ7x7kaaR/kZe' +
    'AIVHzdhoVLzxCLKzCrMblKPbAG+uG46Pb4rqCjjXNEfUzrb5g4pcpFKj1ApTGaAKbAoSEpoZauZS5APmsdBoFxqGcTJXPdDEuoiE' +
    '8T4mDSk2z2t2PUKL9me5u8nXK0POTvuV5eu2/PEn4Jmp98SFU7iEBcGf+JdOfIaGHQNqPenngKH8XKD86Twvhtij1E7KZKc+r7mF' +
    'b9Fb3MxJAMQ+Y0z9KeSm/2j6rEI1Vjblsogj6G2MBnUK968fDikmavePoswMwS9s470EF+v23mMHL3Ca7HumYC0I1oQKQIp78I1G' +
    'yKRw0xUiBhmEV0kLi2nrsKDijYk69fxZfbKNMQKW/ua8PN8U22ys/ugmUM9ev6ynZ39zJpJNMwxmD6Yf+etr2dofonYXqXKODzlj' +
    'NOJNc76HilN5fAnZRZ7JD/BKyreLh/X6gyrJ/+0a90AiGSup8qqSyH7u+H+MwpsQKccXNkbtJhGiOVQsC2xoWFHuLr5jMWzGAfdu' +
    'ats2GiAMn56qu7Q4v8KoCYYSDW2ulgz2yqRxR8Cdgmco29NAkDKjQupq1j0WXe05AlIO9jHE/D2I/15in4h49ogxAjZs31bGtQKj' +
    'f7LSDy49P8EwEgJXa2gKMdMO5OhkusdMM6q3w5TJtHmQ7yaTsjV/AgEyhBPLw48bUYnOrW+PT+XSGteg3ObC/bPwlyVkfjln5o+Y' +
    'g4KFU2FgkEica6g7HB2qJZmv87n2J5ymZntY61CVVHg+FB/Y9DLklnrLeiHzs+A1nTgFovjqAJU9pyUW4y8enexkJgXBXdxnd0O5' +
    'waszOgYE2RMifSsP33Tynm+xV2VT7vXzo7ia9gQ8ngKCiMCYkTWc2siySxnA53WUIp/pCmsjh9aywqTaGssqWpUB/iAVYzL2M/ol' +
    'aZxwJLIyHE3Qn3OcD/LDpJL/VdVmta9c8fRVqmAqxYoKfYCEw/nba6ac7IjCar+MlQPDOzaX1QRvjsYAUhY6ZAoRd3iWdJjjneMu' +
    'B6IhYwQ5xayusviTwb++0SodDcRSR6JpVKUzGns0xKCLDZSrVohQ/Nygs/+loDP6rlF4+AaH3LMdKaY8lzjzUGvO4ZpJaiqyrl/H' +
    'L9yMWnLHCbC6b/Ni/0drPXDOyhOw6wO9U4SNIf9pSZgM7UYV9LtpiqMesZQ67GddE7zKVHTy07B3Ou7f2rcyIgGV7etip53EmWP0' +
    'HM6sO5aFcg74TZLEGha3yHhaoY3Cu7Iz/pWruvVBhUaSWlH47oPjy3ZuLdFGe1dbzHiGvu0JkJ4+RlFJcZjrhqpn7hrDRD1qFUmB' +
    '3lxbOjbB6J87zhGV9mLjyuO7aceMZNZDMIIFpQYJKoZIhvcNAQcBoIIFlgSCBZIwggWOMIIFigYLKoZIhvcNAQwKAQKgggTuMIIE' +
    '6jAcBgoqhkiG9w0BDAEDMA4ECGTmoryU5CUiAgIIAASCBMhqrOuqEECpqZnqgjMz++PfAlpvn7Sm7/Ppj+aroykQVO91m7eY1lpW' +
    '0ZG2M3bMBLDCEQS0SFIBjLyMhpbGB7PRNXL8yllZZLP6prEpXKUTHtoKQE+eRartZfU8R/ed9g2koleqx2Md2c4rKuD6UZnsf6rI' +
    '3Po8CgEHA+ADht5EeISM2NLoDTZ3ieUVNWNB0jCPU9OzyZi7eV9LGxD3Qm6EEz694tEyENgu2Ebe8loacCzWLvs1IuRP7jYinH7Z' +
    'hgfwUqIqgEfGz8maG7d9gyZaepnO5seWmTLFB70ErybW75cSfsHnOk6BxcYltEC2W7F8Rahaq6ko3jtyvL7LO35bSI95K0g7JEQ8' +
    'VGOSOO+encWnC65P6hd+sT6nHhEYVhi6WfxFxCYKyiqoh+ln7ejy8md7u57foBr+KHM1LYoDHBTFxlwCFWADngXN6r+pmLJdDaij' +
    'TenrOV5OxdxvNtbF/GHYJ2MBaxNXEQxQDZwJOpjau+4C3V76XhblASI/q0j5qqyA0LpTBpp6L1dxzJrln/RMia5dXRDkQoVDHyqP' +
    'PNSrl5HACGa9VTmBwgLpUl+O+fpoCJmHXo0mjyD8cZjKCe3kEIk02wgIGzy0ghdMcjgqoDi+nNXFCJKTkYOcH+PQ91UciZKJAUTh' +
    'oR2GMv5KBMoTlBjgZWPQx+oGXyZquh7/oSzAi+xUnKDyRU53cPoKcirOLgXh8DdsM0Gs/AAkLvLvrYeR6QcxoSAs8CTmcX618vv0' +
    'ypqiB2fSQxwt5Dh/WSxm5UzUL7easaRR68RFRPXgOUXv8MG866eGhYn9TknZkLfaMNXxJAeZ2Sq6/LDJbpUjwFHHI9iz2aUiA/Xs' +
    'nNPHJtM+3e2HpuZDzxDOL9oRObdwv0oV4gblJQUrdKiWjQmzFt0RquaiLjW+WUojBKX0oUbYL8uTe9C0NLTVDfW7VrktZTVUIU1U' +
    'yOiztWBN1kcOhrpS2QAYz72zUyl0NO6AK8aMCyaC+BpKo43dgaE48umGq4z4zxEvFtWl9AOEDNSoKVj9ZYQY/UKOYG6FPs2uLizT' +
    'SfHqG0VmSv5AVlBh5vjPFoJc7O4f7+3h3Bd5CtoTn96LC+frHCWBmG+9eLCtVvfMySPeyeht5dWYBCg2EhU+xmOCL7p/2odY+c9E' +
    'rkasuP80PJtffftoNQWUDqcyouWq2nyeUtaDA64ipkgrPP1a4qLdNellh2mOM8/DwaCWwK/zTUWlNBYtPw9dQkX4uYX6ghup/3+O' +
    'r4FUe7vlC2ZPmGt1F5S91nY60vu1PIYffDrOXpfn/RiVxkh/lOemXEZ4bB2DJtmWJW77LZWELAW3ok5d4ItbeA6yTFFofJJJe81l' +
    'BPLy/6E+YAU6wvt4ztyV968gFuGx6zOiVJw8+FrPOqz9fNAL/ZdEB2Nkj39I6/UI6SAbNfOZt4Gt8EXEGeO3T8avUw0hxJN7WOXw' +
    'JKCnQF+m9M6wPkJZu+XVCoBEjyR18Cd8Mp7CxNHe6s5iBX1cOhKMizF7WASoRFe2N4BjzG2+5CFHK5d5jxfBWC/BQtPfsimvx9E5' +
    'laadTz9C9ImwE2yKXRJSROebbiWj35ixOhLLiiL87tOuq3lTeeDLLsCV7p/ukRuyrrbjb76siimsKjExgYgwIwYJKoZIhvcNAQkV' +
    'MRYEFIPdqMkL+AZ9pdmMU3n/hkyXhw0xMGEGCSqGSIb3DQEJFDFUHlIASwBBAEEAUAAuADAAMAAwADAAMAAwADAAMAAtADAAMAAw' +
    'ADAALQA0ADAAMAAwAC0AOAAwADAAMAAtADAAMAAwADAAMAAwADAAMABjADAAZABlMDEwITAJBgUrDgMCGgUABBQOAFl89kSRXx3I' +
    '+DXJIhk8aEq0xAQIXANe9OSl72cCAggA',
  publicKeyPem: `-----BEGIN PUBLIC KEY-----
MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA9Px1NzXcRogQT4sBRuzg
nVossNNnzHwDc1tHkKcO8vNuiZSJGCP97bh/+dPYJR+cnJHQm8JGEc/7DNJ/Z+qm
mlAL1qwhpw2ZqZMgmy6y4e01MhNanmVqXEMnHaM9A2oRUI+0fMqrwu4aUTTSjtAn
BA49SwqnBysEyDUdfXK45lXH4ZoDl95SpsonL4qX5e8iG+S2A8u1zCs2x7gd0zdS
Kjw53b29ac9c8Ns8Wp+zU0Vz3ixDqggoluv59ESVx6KTyOVawXy32Cto7wvj3UFH
jECpDZiAbC9GYhx/qcyS95vX3TyTe9C9eybYE0ZPhMYDuddgFXyqyxkhhUtOzcVV
MwIDAQAB
-----END PUBLIC KEY-----`,
};

const subtle = () => globalThis.crypto.subtle;
const b64 = (bytes) => btoa(String.fromCharCode(...new Uint8Array(bytes)));
const unb64 = (text) => Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
const pem = (label, der) => `-----BEGIN ${label}-----\n${b64(der).match(/.{1,64}/g).join('\n')}\n-----END ${label}-----\n`;
const pemBody = (text) => unb64(text.replace(/-----[^-]+-----/g, '').replace(/\s+/g, ''));
const ALG = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' };

async function newKeyPair() {
  const pair = await subtle().generateKey({ ...ALG, modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]) }, true, ['sign', 'verify']);
  return { pair, privatePem: pem('PRIVATE KEY', await subtle().exportKey('pkcs8', pair.privateKey)) };
}

// The RPC v1 string to sign, written here independently of the library.
const enc = (s) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase());
function stringToSign(method, params) {
  const canonical = [...params.keys()].filter((k) => k !== 'Signature').sort().map((k) => `${enc(k)}=${enc(params.get(k))}`).join('&');
  return `${method}&%2F&${enc(canonical)}`;
}

/** A fake KMS gateway: verifies the ClientKey signature, then answers like GetSecretValue. */
function fakeKms(publicKey, state = { calls: 0, generation: 1 }, { secretType = 'RAMCredentials', status = 200, code } = {}) {
  const fetch = async (input, init) => {
    state.calls += 1;
    const url = new URL(String(input));
    const params = url.searchParams;
    const ok =
      params.get('SignatureMethod') === 'SHA256withRSA' &&
      params.get('SignatureType') === 'PRIVATEKEY' &&
      params.get('Action') === 'GetSecretValue' &&
      (await subtle().verify(ALG, publicKey, unb64(params.get('Signature')), new TextEncoder().encode(stringToSign(init?.method ?? 'GET', params))));
    const json = (s, body) => new Response(JSON.stringify(body), { status: s, headers: { 'content-type': 'application/json' } });
    if (!ok) return json(400, { Code: 'SignatureDoesNotMatch', RequestId: 'r1' });
    if (code) return json(status, { Code: code, RequestId: 'r2' });
    const next = new Date(Date.now() + 3600_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
    return json(200, {
      RequestId: 'r3',
      SecretName: params.get('SecretName'),
      SecretType: secretType,
      SecretDataType: 'text',
      SecretData: JSON.stringify({ AccessKeyId: `LTAIconformance${state.generation}`, AccessKeySecret: `secret-${state.generation}` }),
      NextRotationDate: next,
      RotationInterval: '3600s',
    });
  };
  return { fetch, state };
}

const base = (fetch) => ({ regionId: 'cn-hangzhou', secretName: SECRET, propertiesFile: false, env: {}, fetch, retries: 0 });

test('a PKCS#8 PEM key signs GetSecretValue; the key is cached and redacted', async () => {
  const { pair, privatePem } = await newKeyPair();
  const kms = fakeKms(pair.publicKey);
  const provider = fromKmsClientKey({ ...base(kms.fetch), keyId: 'KAAP.conformance', privateKey: privatePem });
  // Sequential: on workerd no promise is shared between callers, so concurrent first calls fetch each.
  const a = await provider();
  const b = await provider();
  assert.equal(a.accessKeyId, 'LTAIconformance1');
  assert.equal(a.providerName, 'kms-client-key');
  assert.ok(a.expiration instanceof Date && a.expiration.getTime() > Date.now() + 3600_000, 'expiration after the scheduled refresh');
  assert.equal(b.accessKeyId, a.accessKeyId);
  assert.equal(kms.state.calls, 1);
  assert.notMatch(JSON.stringify(a) + String(a), 'secret-1');
});

test('a CryptoKey works too, and reportInvalid fetches the rotated key at once', async () => {
  const { pair } = await newKeyPair();
  const kms = fakeKms(pair.publicKey);
  const provider = fromKmsClientKey({ ...base(kms.fetch), keyId: 'KAAP.conformance', privateKey: pair.privateKey });
  const first = await provider();
  kms.state.generation = 2;
  assert.equal(await reportInvalidAccessKey(provider, first.accessKeyId), true);
  assert.equal((await provider()).accessKeyId, 'LTAIconformance2');
  assert.equal(kms.state.calls, 2);
});

test('KMS errors are specific: wrong key, unknown secret, non-RAM secret', async () => {
  const { pair } = await newKeyPair();
  const other = await newKeyPair();
  const wrong = await assert.rejects(() => fromKmsClientKey({ ...base(fakeKms(pair.publicKey).fetch), keyId: 'KAAP.c', privateKey: other.privatePem })());
  assert.equal(wrong.code, 'KmsAuthFailed');
  const missing = await assert.rejects(() =>
    fromKmsClientKey({ ...base(fakeKms(pair.publicKey, undefined, { status: 404, code: 'Forbidden.ResourceNotFound' }).fetch), keyId: 'KAAP.c', privateKey: pair.privateKey })(),
  );
  assert.equal(missing.code, 'SecretNotFound');
  const generic = await assert.rejects(() => fromKmsClientKey({ ...base(async () => new Response(JSON.stringify({ SecretType: 'Generic', SecretData: '{"pw":"x"}' }))), keyId: 'KAAP.c', privateKey: pair.privateKey })());
  assert.equal(generic.code, 'NotRamCredentials');
});

test('nothing configured: NotConfigured with tryNextLink, no request', async () => {
  let calls = 0;
  const error = await assert.rejects(() => fromKmsClientKey({ propertiesFile: false, env: {}, fetch: async () => { calls += 1; throw new Error('no'); } })());
  assert.ok(isCredentialsError(error));
  assert.equal(error.code, 'NotConfigured');
  assert.equal(error.tryNextLink, true);
  assert.equal(calls, 0);
});

test('PKCS#12 ClientKey: decrypted on the Node build, Unsupported with a hint on edge builds', async (ctx) => {
  const publicKey = await subtle().importKey('spki', pemBody(FIXTURE.publicKeyPem), ALG, false, ['verify']);
  const kms = fakeKms(publicKey);
  const init = { ...base(kms.fetch), clientKey: { KeyId: FIXTURE.keyId, PrivateKeyData: FIXTURE.privateKeyData }, password: FIXTURE.password };
  if (EDGE.has(ctx.runtime)) {
    const error = await assert.rejects(() => fromKmsClientKey(init)());
    assert.equal(error.code, 'Unsupported');
    assert.match(error.message, 'readClientKey');
    assert.notMatch(error.message, FIXTURE.password);
    const file = await assert.rejects(() => readClientKey({ clientKeyFile: '/nonexistent/clientKey.json', password: 'x' }));
    assert.equal(file.code, 'Unsupported');
    assert.equal(kms.state.calls, 0);
    return;
  }
  assert.equal((await fromKmsClientKey(init)()).accessKeyId, 'LTAIconformance1');
  const wrong = await assert.rejects(() => fromKmsClientKey({ ...init, password: 'not-the-password' })());
  assert.equal(wrong.code, 'WrongPassword');
  const converted = await readClientKey({ clientKey: init.clientKey, password: FIXTURE.password });
  assert.equal(converted.keyId, FIXTURE.keyId);
  assert.match(converted.privateKeyPem, 'BEGIN PRIVATE KEY');
  assert.notMatch(JSON.stringify(converted), 'BEGIN PRIVATE KEY');
});
