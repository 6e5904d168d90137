import { describe, expect, it } from 'vitest';
import { splitCommand } from './split-command';

describe('splitCommand', () => {
  it.each([
    ['helper --profile dev', ['helper', '--profile', 'dev']],
    ['  spaced\t out  ', ['spaced', 'out']],
    [`'/opt/my tools/cred' "--name=a b" plain`, ['/opt/my tools/cred', '--name=a b', 'plain']],
    [`"say \\"hi\\" \\\\ \\$HOME \\\`x\\\`"`, ['say "hi" \\ $HOME `x`']],
    [`'single \\ keeps backslash'`, ['single \\ keeps backslash']],
    ['a\\ b c', ['a b', 'c']],
    ['C:\\tools\\cred.exe --x', ['C:\\tools\\cred.exe', '--x']],
    ['cmd \\\n  --continued', ['cmd', '--continued']],
    ['cmd \\\r\n  --crlf', ['cmd', '--crlf']],
    [`a"b"'c'd`, ['abcd']],
    [`empty "" ''`, ['empty', '', '']],
    ['$(whoami) ; rm -rf / | cat', ['$(whoami)', ';', 'rm', '-rf', '/', '|', 'cat']],
    ['', []],
  ])('%j', (command, expected) => {
    expect(splitCommand(command)).toEqual(expected);
  });

  it.each([`"open`, `'open`, `a "b c`])('refuses an unterminated quote without echoing the command: %j', (command) => {
    expect(() => splitCommand(command)).toThrow(/^unterminated (single|double) quote$/);
  });
});
