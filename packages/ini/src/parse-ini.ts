/**
 * A small INI parser for `~/.alibabacloud/credentials`. Written here instead of using the `ini` package
 * because this file holds secrets and decides where a chain stops, so the parser must
 * - report a malformed line (by number, never by content: a line may hold a secret) instead of skipping it;
 * - refuse `__proto__` / `constructor` / `prototype` sections by name instead of dropping them silently;
 * - keep `[a.b]` a section called `a.b` (the `ini` package nests dotted sections) and values as strings
 *   (`ini` turns `true` into a boolean);
 * - strip an inline `# comment` only when whitespace precedes it, so a secret containing `#` survives.
 */

/** One `[section]`: its keys (lower-cased) and values (trimmed, unquoted, inline comments removed). */
export interface IniSection {
  readonly name: string;
  /** 1-based line of the first `[name]` header (duplicate headers merge into the first). */
  readonly line: number;
  readonly values: ReadonlyMap<string, string>;
}

/** Sections by exact (case-sensitive) name. A `Map`, so no section name can reach `Object.prototype`. */
export type IniDocument = ReadonlyMap<string, IniSection>;

/** Why a file could not be parsed; `line` is 1-based. The reason never quotes the line. */
export class IniSyntaxError extends Error {
  readonly line: number;
  readonly reason: string;
  constructor(line: number, reason: string) {
    super(`line ${line}: ${reason}`);
    this.name = 'IniSyntaxError';
    this.line = line;
    this.reason = reason;
  }
}

/** Section names that would collide with `Object.prototype` members in naive consumers; always refused. */
export const UNSAFE_PROFILE_NAMES: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/** True for a name in {@link UNSAFE_PROFILE_NAMES}. */
export function isUnsafeProfileName(name: string): boolean {
  return UNSAFE_PROFILE_NAMES.has(name);
}

/** Thrown by {@link parseIni} for a section named `__proto__`, `constructor` or `prototype`. */
export class UnsafeSectionError extends IniSyntaxError {
  readonly section: string;
  constructor(line: number, section: string) {
    super(line, `the section name [${section}] is not allowed (it collides with JavaScript object internals)`);
    this.name = 'UnsafeSectionError';
    this.section = section;
  }
}

const SECTION = /^\[([^\]]*)\]\s*(?:[#;].*)?$/;

/**
 * Parses INI text. Rules (chosen to read every file the Node, Go and Python libraries read):
 * - `[name]` starts a section; the name is trimmed and case-sensitive; a comment may follow the `]`.
 * - `key = value`: the key is trimmed and lower-cased (Python's configparser lower-cases keys too); the value is
 *   trimmed. A `#` or `;` that starts the value or follows whitespace starts a comment. A value wrapped in
 *   matching `"` or `'` quotes loses them (and keeps any `#` inside).
 * - Blank lines and lines starting with `#` or `;` are ignored. A UTF-8 BOM and CRLF line ends are accepted.
 * - A repeated section merges into the first; a repeated key keeps the last value (as the `ini` package does).
 * - Anything else — a line without `=`, a key before the first section, an empty key or section name, an
 *   unsafe section name — throws {@link IniSyntaxError} with the line number.
 */
export function parseIni(text: string): IniDocument {
  const sections = new Map<string, { name: string; line: number; values: Map<string, string> }>();
  let current: Map<string, string> | undefined;
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  for (let index = 0; index < lines.length; index++) {
    const lineNo = index + 1;
    const line = (lines[index] ?? '').trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
    if (line.startsWith('[')) {
      const match = SECTION.exec(line);
      if (!match) throw new IniSyntaxError(lineNo, 'a section header must look like [name]');
      const name = (match[1] ?? '').trim();
      if (name === '') throw new IniSyntaxError(lineNo, 'the section name is empty');
      if (isUnsafeProfileName(name)) throw new UnsafeSectionError(lineNo, name);
      let section = sections.get(name);
      if (!section) {
        section = { name, line: lineNo, values: new Map() };
        sections.set(name, section);
      }
      current = section.values;
      continue;
    }
    const eq = line.indexOf('=');
    if (eq < 0) throw new IniSyntaxError(lineNo, 'expected "key = value", a [section] header or a # comment');
    const key = line.slice(0, eq).trim().toLowerCase();
    if (key === '') throw new IniSyntaxError(lineNo, 'the key before "=" is empty');
    if (!current) throw new IniSyntaxError(lineNo, `the key "${printableKey(key)}" comes before any [section] header`);
    current.set(key, parseValue(line.slice(eq + 1)));
  }
  return sections;
}

function parseValue(raw: string): string {
  const value = raw.trim();
  const quote = value[0];
  if (quote === '"' || quote === "'") {
    const close = value.lastIndexOf(quote);
    if (close > 0) {
      const rest = value.slice(close + 1).trim();
      if (rest === '' || rest.startsWith('#') || rest.startsWith(';')) return value.slice(1, close);
    }
  }
  return stripComment(value);
}

function stripComment(value: string): string {
  for (let i = 0; i < value.length; i++) {
    const c = value[i];
    if ((c === '#' || c === ';') && (i === 0 || /\s/.test(value[i - 1] ?? ''))) return value.slice(0, i).trimEnd();
  }
  return value;
}

/** Keys are not secret, but a line without its `=` might be a pasted secret: show only a short, safe key. */
function printableKey(key: string): string {
  return key.length > 40 || /[^\w.-]/.test(key) ? `${key.slice(0, 12).replace(/[^\w.-]/g, '?')}…` : key;
}
