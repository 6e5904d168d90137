import { describe, expect, it } from 'vitest';
import { isCredentialsError } from '@alicred/core';
import { parseCliConfig } from './cli-config';
import { IniSyntaxError, parseIni } from './parse-ini';
import { splitCommand } from './split-command';

/** A small seeded generator (mulberry32), so a failure reproduces with the same seed. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const INI_PIECES = ['[', ']', '=', '#', ';', ' ', '\t', '\n', '\r\n', '"', "'", 'default', '__proto__', 'constructor', 'type', 'access_key', 'ключ', '\uFEFF', '\\', 'a.b', '\u0000'];
const JSON_PIECES = ['{', '}', '[', ']', ',', ':', '"name"', '"profiles"', '"current"', '"__proto__"', '"mode"', '"AK"', '1', 'null', 'true', '"x"', ' '];

function randomText(next: () => number, pieces: string[], length: number): string {
  let text = '';
  for (let i = 0; i < length; i++) text += pieces[Math.floor(next() * pieces.length)];
  return text;
}

describe('parsers on random input (seeded)', () => {
  it('parseIni either parses or throws IniSyntaxError, and never touches Object.prototype', () => {
    const next = rng(20261122);
    for (let i = 0; i < 3000; i++) {
      const text = randomText(next, INI_PIECES, Math.floor(next() * 60));
      try {
        const doc = parseIni(text);
        for (const [name, section] of doc) expect(section.name).toBe(name);
      } catch (error) {
        expect(error, `seed case ${i}`).toBeInstanceOf(IniSyntaxError);
      }
    }
    expect(Object.keys(Object.prototype)).toEqual([]);
  });

  it('parseCliConfig either parses or throws a CredentialsError', () => {
    const next = rng(7);
    for (let i = 0; i < 3000; i++) {
      const text = randomText(next, JSON_PIECES, Math.floor(next() * 30));
      try {
        parseCliConfig(text, '/f', 'cli-profile');
      } catch (error) {
        expect(isCredentialsError(error), `case ${i}`).toBe(true);
      }
    }
    // A profile entry with an own __proto__ key stays data.
    expect(() => parseCliConfig('{"profiles":[{"name":"x","__proto__":{"polluted":1}}]}', '/f', 'p')).not.toThrow();
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('splitCommand either splits or throws a plain reason', () => {
    const next = rng(99);
    for (let i = 0; i < 3000; i++) {
      const text = randomText(next, ['a', ' ', '"', "'", '\\', '\n', '$', ';', 'b c'], Math.floor(next() * 20));
      try {
        expect(Array.isArray(splitCommand(text))).toBe(true);
      } catch (error) {
        expect((error as Error).message).toMatch(/^unterminated (single|double) quote$/);
      }
    }
  });
});
