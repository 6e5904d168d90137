import { xmlEscape } from './errors';
import type { ObjectStore } from './store';

/** Query options of ListObjects (v1, `marker`) and ListObjectsV2 (`list-type=2`, `continuation-token`). */
export interface ListInput {
  bucket: string;
  query: URLSearchParams;
  v2: boolean;
}

/** The `ListBucketResult` XML for a listing, with CommonPrefixes when a delimiter is given. */
export function listObjectsXml(store: ObjectStore, input: ListInput): { status: number; body: string } | { error: string } {
  const q = input.query;
  const prefix = q.get('prefix') ?? '';
  const delimiter = q.get('delimiter') ?? '';
  const maxKeysText = q.get('max-keys') ?? '100';
  const maxKeys = /^\d+$/.test(maxKeysText) ? Number(maxKeysText) : NaN;
  if (!(maxKeys >= 0 && maxKeys <= 1000)) return { error: 'max-keys must be between 0 and 1000.' };
  const urlEncode = q.get('encoding-type') === 'url';
  const enc = (s: string) => xmlEscape(urlEncode ? encodeURIComponent(s) : s);

  let after = '';
  const token = q.get('continuation-token');
  if (input.v2) {
    if (token) {
      try {
        after = Buffer.from(token, 'base64url').toString('utf8');
      } catch {
        return { error: 'The continuation token provided is incorrect.' };
      }
    } else after = q.get('start-after') ?? '';
  } else after = q.get('marker') ?? '';

  const contents: string[] = [];
  const prefixes: string[] = [];
  let last = '';
  let truncated = false;
  for (const key of store.keys(input.bucket)) {
    if (!key.startsWith(prefix) || key <= after) continue;
    let entry: string | undefined;
    if (delimiter) {
      const idx = key.indexOf(delimiter, prefix.length);
      if (idx >= 0) {
        const common = key.slice(0, idx + delimiter.length);
        if (prefixes.includes(common) || common <= after) continue;
        entry = common;
      }
    }
    if (contents.length + prefixes.length >= maxKeys) {
      truncated = true;
      break;
    }
    if (entry !== undefined) {
      prefixes.push(entry);
      last = entry;
      continue;
    }
    const obj = store.get(input.bucket, key);
    if (!obj) continue;
    last = key;
    contents.push(
      `  <Contents>\n    <Key>${enc(key)}</Key>\n    <LastModified>${obj.lastModified.toISOString()}</LastModified>\n` +
        `    <ETag>${xmlEscape(obj.etag)}</ETag>\n    <Type>${obj.type}</Type>\n    <Size>${obj.body.byteLength}</Size>\n` +
        `    <StorageClass>Standard</StorageClass>\n  </Contents>\n`,
    );
  }
  const lines = [
    `  <Name>${xmlEscape(input.bucket)}</Name>`,
    `  <Prefix>${enc(prefix)}</Prefix>`,
    input.v2 ? `  <StartAfter>${enc(q.get('start-after') ?? '')}</StartAfter>` : `  <Marker>${enc(after)}</Marker>`,
    `  <MaxKeys>${maxKeys}</MaxKeys>`,
    `  <Delimiter>${enc(delimiter)}</Delimiter>`,
    `  <IsTruncated>${truncated}</IsTruncated>`,
  ];
  if (urlEncode) lines.push('  <EncodingType>url</EncodingType>');
  if (input.v2) {
    lines.push(`  <KeyCount>${contents.length + prefixes.length}</KeyCount>`);
    if (token) lines.push(`  <ContinuationToken>${xmlEscape(token)}</ContinuationToken>`);
    if (truncated) {
      lines.push(`  <NextContinuationToken>${Buffer.from(last, 'utf8').toString('base64url')}</NextContinuationToken>`);
    }
  } else if (truncated) lines.push(`  <NextMarker>${enc(last)}</NextMarker>`);
  const body =
    '<?xml version="1.0" encoding="UTF-8"?>\n<ListBucketResult>\n' +
    lines.join('\n') +
    '\n' +
    contents.join('') +
    prefixes.map((p) => `  <CommonPrefixes>\n    <Prefix>${enc(p)}</Prefix>\n  </CommonPrefixes>\n`).join('') +
    '</ListBucketResult>\n';
  return { status: 200, body };
}
