/**
 * Parses a `secretsmanager.properties` file: one `key=value` (or `key: value`) per line, split at the first
 * `=` (else the first `:`), both sides trimmed; lines starting with `#` or `!` are comments. Unlike the
 * official Python parser, a `#` inside a value is kept (passwords and paths may contain one), and unlike
 * Java, backslashes are literal so Windows paths (`C:\keys\clientKey.json`) work as written. Later keys
 * win. Lines without a separator are ignored.
 */
export function parseProperties(text: string): Record<string, string> {
  const out: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const rawLine of text.replace(/^\uFEFF/, '').split(/\r?\n|\r/)) {
    const line = rawLine.trim();
    if (line === '' || line.startsWith('#') || line.startsWith('!')) continue;
    let at = line.indexOf('=');
    if (at < 0) at = line.indexOf(':');
    if (at <= 0) continue;
    out[line.slice(0, at).trim()] = line.slice(at + 1).trim();
  }
  return out;
}
