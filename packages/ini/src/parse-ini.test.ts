import { describe, expect, it } from 'vitest';
import { IniSyntaxError, UnsafeSectionError, parseIni } from './parse-ini';

// The credentials file as the official Go/Node READMEs document it, inline comments and all (the full-width
// comma is in the original).
const README_DOC = `[default]                          # default setting
enable = true                      # Enable，Enabled by default if this option is not present
type = access_key                  # Certification type: access_key
access_key_id = foo                # Key
access_key_secret = bar            # Secret

[client1]                          # configuration that is named as \`client1\`
type = ecs_ram_role                # Certification type: ecs_ram_role
role_name = EcsRamRoleTest         # Role Name

[client2]                          # configuration that is named as \`client2\`
enable = false                     # Disable
type = ram_role_arn                # Certification type: ram_role_arn
region_id = cn-test
policy = test                      # optional Specify permissions
access_key_id = foo
access_key_secret = bar
role_arn = role_arn
role_session_name = session_name   # optional

[client3]                          # configuration that is named as \`client3\`
enable = false                     # Disable
type = oidc_role_arn               # Certification type: oidc_role_arn
region_id = cn-test
policy = test                      # optional Specify permissions
access_key_id = foo                # optional
access_key_secret = bar            # optional
role_arn = role_arn
oidc_provider_arn = oidc_provider_arn
oidc_token_file_path = /xxx/xxx    # can replace the env ALIBABA_CLOUD_OIDC_TOKEN_FILE
role_session_name = session_name   # optional
`;

const values = (doc: ReturnType<typeof parseIni>, name: string) => Object.fromEntries(doc.get(name)?.values ?? []);

describe('parseIni', () => {
  it('reads the README example with inline comments after values and headers', () => {
    const doc = parseIni(README_DOC);
    expect([...doc.keys()]).toEqual(['default', 'client1', 'client2', 'client3']);
    expect(values(doc, 'default')).toEqual({ enable: 'true', type: 'access_key', access_key_id: 'foo', access_key_secret: 'bar' });
    expect(values(doc, 'client1')).toEqual({ type: 'ecs_ram_role', role_name: 'EcsRamRoleTest' });
    expect(values(doc, 'client2')).toMatchObject({ enable: 'false', policy: 'test', role_session_name: 'session_name', region_id: 'cn-test' });
    expect(values(doc, 'client3')).toMatchObject({ oidc_token_file_path: '/xxx/xxx', oidc_provider_arn: 'oidc_provider_arn' });
    expect(doc.get('client2')?.line).toBe(11);
  });

  it('keeps # and ; inside a value unless whitespace precedes them', () => {
    const doc = parseIni('[p]\nsecret = ab#cd;ef   ; a comment\nother = x #c\nempty = # only a comment\nsemi=;x\n');
    expect(values(doc, 'p')).toEqual({ secret: 'ab#cd;ef', other: 'x', empty: '', semi: '' });
  });

  it('unquotes quoted values and keeps comment characters inside the quotes', () => {
    const doc = parseIni(`[p]\na = "x # y"  # comment\nb = 'single'\nc = "unbalanced\nd = ""\n`);
    expect(values(doc, 'p')).toEqual({ a: 'x # y', b: 'single', c: '"unbalanced', d: '' });
  });

  it('accepts CRLF, a BOM, indentation, comment lines and blank lines; lower-cases keys, keeps section case', () => {
    const doc = parseIni('\uFEFF; top comment\r\n\r\n  [Dev]  \r\n  Access_Key_ID = id  \r\n# c\r\n\tTYPE=access_key\r\n');
    expect([...doc.keys()]).toEqual(['Dev']);
    expect(values(doc, 'Dev')).toEqual({ access_key_id: 'id', type: 'access_key' });
  });

  it('merges a repeated section and keeps the last value of a repeated key', () => {
    const doc = parseIni('[a]\nx = 1\n[b]\ny = 2\n[a]\nx = 3\nz = 4\n');
    expect(values(doc, 'a')).toEqual({ x: '3', z: '4' });
    expect(doc.get('a')?.line).toBe(1);
  });

  it('treats dotted section names and boolean-looking values as plain strings', () => {
    const doc = parseIni('[profile.dev]\nenable = true\n');
    expect(values(doc, 'profile.dev')).toEqual({ enable: 'true' });
  });

  it.each([
    ['[p]\nthis line has no equals sign\n', 2, /expected "key = value"/],
    ['key = before any section\n', 1, /before any \[section\]/],
    ['[p]\n = value\n', 2, /key before "=" is empty/],
    ['[]\n', 1, /section name is empty/],
    ['[p\n', 1, /must look like \[name\]/],
    ['[p] trailing\n', 1, /must look like \[name\]/],
  ])('reports a malformed line by number: %j', (text, line, reason) => {
    let error: unknown;
    try {
      parseIni(text);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(IniSyntaxError);
    expect((error as IniSyntaxError).line).toBe(line);
    expect((error as IniSyntaxError).reason).toMatch(reason);
  });

  it('never quotes a malformed line (it may be a pasted secret)', () => {
    const secret = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
    try {
      parseIni(`[p]\n${secret}\n`);
      expect.unreachable();
    } catch (error) {
      expect(String(error)).not.toContain(secret);
    }
  });

  it.each(['__proto__', 'constructor', 'prototype'])('refuses a [%s] section', (name) => {
    let error: unknown;
    try {
      parseIni(`[ok]\na = 1\n[${name}]\npolluted = yes\n`);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(UnsafeSectionError);
    expect((error as UnsafeSectionError).line).toBe(3);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('keeps a key called __proto__ as data without touching prototypes', () => {
    const doc = parseIni('[p]\n__proto__ = x\nconstructor = y\n');
    expect(doc.get('p')?.values.get('__proto__')).toBe('x');
    expect(Object.getPrototypeOf({})).toBe(Object.prototype);
  });
});
