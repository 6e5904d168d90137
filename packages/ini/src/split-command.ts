/**
 * Splits a `process_command` into arguments the way a POSIX shell would, without running one (reference
 * §4.9): whitespace separates; '…' is literal; "…" keeps spaces and honours \" \\ \$ \` escapes;
 * backslash-newline continues the line; elsewhere a backslash escapes only whitespace, quotes and itself, so
 * Windows paths such as C:\tools\cred.exe keep their backslashes.
 * Throws `Error` with a reason (never the command, which may hold a secret) on an unterminated quote.
 */
export function splitCommand(command: string): string[] {
  const args: string[] = [];
  let current = '';
  let inArg = false;
  let i = 0;
  const n = command.length;
  while (i < n) {
    const c = command[i] as string;
    if (c === '\\' && (command[i + 1] === '\n' || (command[i + 1] === '\r' && command[i + 2] === '\n'))) {
      i += command[i + 1] === '\n' ? 2 : 3;
      continue;
    }
    if (/\s/.test(c)) {
      if (inArg) {
        args.push(current);
        current = '';
        inArg = false;
      }
      i++;
      continue;
    }
    inArg = true;
    if (c === "'") {
      const end = command.indexOf("'", i + 1);
      if (end < 0) throw new Error('unterminated single quote');
      current += command.slice(i + 1, end);
      i = end + 1;
      continue;
    }
    if (c === '"') {
      i++;
      let closed = false;
      while (i < n) {
        const d = command[i] as string;
        if (d === '"') {
          closed = true;
          i++;
          break;
        }
        if (d === '\\' && i + 1 < n && '"\\$`\n'.includes(command[i + 1] as string)) {
          if (command[i + 1] !== '\n') current += command[i + 1];
          i += 2;
          continue;
        }
        current += d;
        i++;
      }
      if (!closed) throw new Error('unterminated double quote');
      continue;
    }
    if (c === '\\' && i + 1 < n && /[\s'"\\]/.test(command[i + 1] as string)) {
      current += command[i + 1];
      i += 2;
      continue;
    }
    current += c;
    i++;
  }
  if (inArg) args.push(current);
  return args;
}
