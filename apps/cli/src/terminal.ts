import type { CliStream } from './io';

/** ANSI styling that turns itself off where it does not belong. */
export interface Style {
  bold(text: string): string;
  dim(text: string): string;
  green(text: string): string;
  yellow(text: string): string;
  red(text: string): string;
}

const plain: Style = { bold: (t) => t, dim: (t) => t, green: (t) => t, yellow: (t) => t, red: (t) => t };

function sgr(open: number, close: number) {
  return (text: string) => `\u001b[${open}m${text}\u001b[${close}m`;
}

/**
 * Colours only on a terminal, never when `NO_COLOR` is set to anything (https://no-color.org) or
 * `TERM=dumb`; `FORCE_COLOR` (non-empty, not `0`) turns them on anywhere.
 */
export function styleFor(stream: CliStream, env: Record<string, string | undefined>): Style {
  const forced = env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '' && env.FORCE_COLOR !== '0';
  const colour = env.NO_COLOR === undefined || env.NO_COLOR === '' ? forced || (stream.isTTY === true && env.TERM !== 'dumb') : false;
  if (!colour) return plain;
  return { bold: sgr(1, 22), dim: sgr(2, 22), green: sgr(32, 39), yellow: sgr(33, 39), red: sgr(31, 39) };
}

/** A progress indicator; `stop()` erases it. */
export interface Spinner {
  stop(): void;
}

const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

/**
 * A spinner on `stream` while slow work runs, only when it is a terminal (never in pipes, logs or CI
 * captures). The timer is unref'd, so it never keeps the process alive.
 */
export function startSpinner(stream: CliStream, text: string, env: Record<string, string | undefined>): Spinner {
  if (stream.isTTY !== true || env.CI) return { stop() {} };
  let frame = 0;
  const draw = () => stream.write(`\r${FRAMES[frame++ % FRAMES.length]} ${text}`);
  // Only after a short delay: fast answers should not flash a spinner.
  const timer = setInterval(draw, 80);
  timer.unref?.();
  return {
    stop() {
      clearInterval(timer);
      if (frame > 0) stream.write(`\r\u001b[2K`);
    },
  };
}

/** Left-aligned columns separated by two spaces; ANSI codes do not count toward the width. */
export function table(rows: string[][]): string {
  // eslint-disable-next-line no-control-regex
  const visible = (s: string) => s.replace(/\u001b\[[0-9;]*m/g, '').length;
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, visible(cell))));
  return rows
    .map((row) =>
      row
        .map((cell, i) => (i === row.length - 1 ? cell : cell + ' '.repeat((widths[i] ?? 0) - visible(cell))))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

/** "in 59m", "in 2h 3m", "expired 4m ago" — for humans; machines read the ISO date next to it. */
export function relativeTime(target: Date, now: number): string {
  const ms = target.getTime() - now;
  const minutes = Math.round(Math.abs(ms) / 60_000);
  const span = minutes >= 60 ? `${Math.floor(minutes / 60)}h ${minutes % 60}m` : `${minutes}m`;
  return ms >= 0 ? `in ${span}` : `expired ${span} ago`;
}
