import { afterEach, describe, expect, it, vi } from 'vitest';
import { relativeTime, startSpinner, styleFor, table } from './terminal';

function stream(isTTY: boolean) {
  return { text: '', isTTY, write(chunk: string) { this.text += chunk; return true; } };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('styleFor', () => {
  it('colours a terminal unless NO_COLOR is set; FORCE_COLOR colours anything; TERM=dumb never', () => {
    expect(styleFor(stream(true), {}).red('x')).toBe('\u001b[31mx\u001b[39m');
    expect(styleFor(stream(false), {}).red('x')).toBe('x');
    expect(styleFor(stream(true), { NO_COLOR: '1' }).red('x')).toBe('x');
    expect(styleFor(stream(true), { NO_COLOR: '1', FORCE_COLOR: '1' }).red('x')).toBe('x');
    expect(styleFor(stream(false), { FORCE_COLOR: '1' }).red('x')).toBe('\u001b[31mx\u001b[39m');
    expect(styleFor(stream(true), { TERM: 'dumb' }).red('x')).toBe('x');
  });
});

describe('startSpinner', () => {
  it('draws only on a terminal, outside CI, and erases itself', () => {
    vi.useFakeTimers();
    const tty = stream(true);
    const spinner = startSpinner(tty, 'working', {});
    vi.advanceTimersByTime(250);
    expect(tty.text).toContain('working');
    spinner.stop();
    expect(tty.text.endsWith('\r\u001b[2K')).toBe(true);

    for (const [s, env] of [[stream(false), {}], [stream(true), { CI: 'true' }]] as const) {
      const quiet = startSpinner(s, 'working', env);
      vi.advanceTimersByTime(250);
      quiet.stop();
      expect(s.text).toBe('');
    }
  });

  it('a fast operation leaves no trace', () => {
    vi.useFakeTimers();
    const tty = stream(true);
    startSpinner(tty, 'working', {}).stop();
    expect(tty.text).toBe('');
  });
});

describe('table and relativeTime', () => {
  it('aligns columns ignoring colour codes', () => {
    expect(table([['a', '\u001b[31mred\u001b[39m', 'x'], ['long', 'b', 'y']])).toBe('a     \u001b[31mred\u001b[39m  x\nlong  b    y');
  });
  it('says how long until (or since) an instant', () => {
    expect(relativeTime(new Date(3_600_000 + 5 * 60_000), 0)).toBe('in 1h 5m');
    expect(relativeTime(new Date(0), 4 * 60_000)).toBe('expired 4m ago');
  });
});
