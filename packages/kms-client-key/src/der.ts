/**
 * A minimal ASN.1 BER/DER reader: just enough to walk a PKCS#12 file (RFC 7292). Inputs are a few KB, so
 * the whole tree is parsed eagerly. Indefinite lengths and constructed OCTET STRINGs (BER, as some Windows
 * and Java tools write) are accepted; anything malformed throws {@link Asn1Error}.
 */

/** One parsed element. `children` is set for constructed encodings, `content` always. */
export interface Asn1 {
  /** The identifier octet (class, constructed bit and tag number < 31), e.g. 0x30 for SEQUENCE. */
  readonly tag: number;
  /** The content octets (for an indefinite length: everything between the header and the end marker). */
  readonly content: Uint8Array;
  /** The whole encoding, header included (to hand a PrivateKeyInfo on as DER). */
  readonly raw: Uint8Array;
  readonly children?: readonly Asn1[];
}

/** The input is not the ASN.1 structure the caller expects. The message never contains the bytes. */
export class Asn1Error extends Error {}

export const TAG = Object.freeze({
  INTEGER: 0x02,
  OCTET_STRING: 0x04,
  NULL: 0x05,
  OID: 0x06,
  SEQUENCE: 0x30,
  SET: 0x31,
  /** [0] constructed: EXPLICIT wrappers (ContentInfo content, SafeBag value) and constructed IMPLICIT OCTET STRINGs. */
  CONTEXT_0: 0xa0,
  /** [0] primitive: EncryptedContentInfo.encryptedContent as IMPLICIT OCTET STRING. */
  CONTEXT_0_PRIMITIVE: 0x80,
});

const MAX_DEPTH = 24;

/** Parses exactly one element that spans all of `bytes`. */
export function parseDer(bytes: Uint8Array): Asn1 {
  const [node, end] = parseAt(bytes, 0, bytes.length, 0);
  if (end !== bytes.length) throw new Asn1Error('trailing bytes after the ASN.1 element');
  return node;
}

function parseAt(bytes: Uint8Array, offset: number, limit: number, depth: number): [Asn1, number] {
  if (depth > MAX_DEPTH) throw new Asn1Error('ASN.1 nesting too deep');
  if (offset + 2 > limit) throw new Asn1Error('truncated ASN.1 header');
  const tag = bytes[offset]!;
  if ((tag & 0x1f) === 0x1f) throw new Asn1Error('multi-byte ASN.1 tags are not used by PKCS#12');
  const constructed = (tag & 0x20) !== 0;
  let pos = offset + 1;
  const first = bytes[pos++]!;
  if (first === 0x80) {
    if (!constructed) throw new Asn1Error('indefinite length on a primitive ASN.1 element');
    const children: Asn1[] = [];
    const start = pos;
    for (;;) {
      if (pos + 2 > limit) throw new Asn1Error('missing end-of-contents marker');
      if (bytes[pos] === 0 && bytes[pos + 1] === 0) break;
      const [child, next] = parseAt(bytes, pos, limit, depth + 1);
      children.push(child);
      pos = next;
    }
    return [{ tag, content: bytes.subarray(start, pos), raw: bytes.subarray(offset, pos + 2), children }, pos + 2];
  }
  let length = first;
  if (first & 0x80) {
    const count = first & 0x7f;
    if (count > 4) throw new Asn1Error('ASN.1 length too large');
    length = 0;
    for (let i = 0; i < count; i += 1) {
      if (pos >= limit) throw new Asn1Error('truncated ASN.1 length');
      length = length * 256 + bytes[pos++]!;
    }
  }
  const end = pos + length;
  if (end > limit) throw new Asn1Error('ASN.1 length runs past the end of the data');
  const content = bytes.subarray(pos, end);
  const raw = bytes.subarray(offset, end);
  if (!constructed) return [{ tag, content, raw }, end];
  const children: Asn1[] = [];
  while (pos < end) {
    const [child, next] = parseAt(bytes, pos, end, depth + 1);
    children.push(child);
    pos = next;
  }
  return [{ tag, content, raw, children }, end];
}

/** `node` with the expected tag, else an {@link Asn1Error} naming `what`. */
export function expectTag(node: Asn1 | undefined, tag: number, what: string): Asn1 {
  if (!node || node.tag !== tag) throw new Asn1Error(`expected ${what}`);
  return node;
}

/** The children of a constructed element with the expected tag. */
export function childrenOf(node: Asn1 | undefined, tag: number, what: string): readonly Asn1[] {
  const checked = expectTag(node, tag, what);
  if (!checked.children) throw new Asn1Error(`expected a constructed ${what}`);
  return checked.children;
}

/**
 * The octets of an OCTET STRING (or IMPLICIT-tagged one), primitive or constructed (BER chunks joined).
 */
export function octets(node: Asn1 | undefined, what: string): Uint8Array {
  if (!node) throw new Asn1Error(`expected ${what}`);
  if (!node.children) return node.content;
  const parts = node.children.map((child) => octets(expectTag(child, TAG.OCTET_STRING, `${what} chunk`), what));
  const total = parts.reduce((sum, part) => sum + part.length, 0);
  const joined = new Uint8Array(total);
  let offset = 0;
  for (const part of parts) {
    joined.set(part, offset);
    offset += part.length;
  }
  return joined;
}

/** An OBJECT IDENTIFIER in dotted form, e.g. `1.2.840.113549.1.7.1`. */
export function oid(node: Asn1 | undefined, what: string): string {
  const bytes = expectTag(node, TAG.OID, what).content;
  if (bytes.length === 0) throw new Asn1Error(`empty ${what}`);
  const arcs: number[] = [];
  let value = 0;
  for (const byte of bytes) {
    value = value * 128 + (byte & 0x7f);
    if (value > Number.MAX_SAFE_INTEGER / 128) throw new Asn1Error(`${what} arc too large`);
    if ((byte & 0x80) === 0) {
      if (arcs.length === 0) {
        const first = value < 80 ? Math.floor(value / 40) : 2;
        arcs.push(first, value - first * 40);
      } else {
        arcs.push(value);
      }
      value = 0;
    }
  }
  if ((bytes[bytes.length - 1]! & 0x80) !== 0) throw new Asn1Error(`truncated ${what}`);
  return arcs.join('.');
}

/** A non-negative INTEGER that fits in a safe JS number (iteration counts, key lengths, versions). */
export function smallInteger(node: Asn1 | undefined, what: string): number {
  const bytes = expectTag(node, TAG.INTEGER, what).content;
  if (bytes.length === 0 || bytes.length > 6 || (bytes[0]! & 0x80) !== 0) throw new Asn1Error(`${what} out of range`);
  let value = 0;
  for (const byte of bytes) value = value * 256 + byte;
  return value;
}
