import { afterEach, describe, expect, it, vi } from 'vitest';
import { getEnv, readBoolEnv, readEnv } from './env';
import { isCredentialsError } from './errors';
import { consoleLogger, isDebugEnabled, resolveLogger, setDebug, silentLogger } from './logger';
import { detectRuntime } from './runtime';

afterEach(() => {
  setDebug(undefined);
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

describe('env', () => {
  it('reads from an injected object, trims, and treats empty as unset', () => {
    const env = { A: '  value ', EMPTY: '', BLANK: '   ' };
    expect(readEnv('A', env)).toBe('value');
    expect(readEnv('EMPTY', env)).toBeUndefined();
    expect(readEnv('BLANK', env)).toBeUndefined();
    expect(readEnv('MISSING', env)).toBeUndefined();
  });

  it('defaults to process.env', () => {
    process.env.ALICRED_CORE_TEST_VAR = 'from-process';
    try {
      expect(readEnv('ALICRED_CORE_TEST_VAR')).toBe('from-process');
      expect(getEnv()).toBe(process.env);
    } finally {
      delete process.env.ALICRED_CORE_TEST_VAR;
    }
  });

  it('never throws where process is missing or env access throws', () => {
    vi.stubGlobal('process', undefined);
    expect(getEnv()).toEqual({});
    expect(readEnv('HOME')).toBeUndefined();
    vi.unstubAllGlobals();
    const hostile = new Proxy({}, { get: () => { throw new Error('NotCapable'); } });
    expect(readEnv('X', hostile)).toBeUndefined();
  });

  it('parses booleans and rejects anything else', () => {
    const env = { T1: 'true', T2: '1', T3: 'YES', F1: 'false', F2: '0', F3: 'No', BAD: 'ture' };
    expect([readBoolEnv('T1', env), readBoolEnv('T2', env), readBoolEnv('T3', env)]).toEqual([true, true, true]);
    expect([readBoolEnv('F1', env), readBoolEnv('F2', env), readBoolEnv('F3', env)]).toEqual([false, false, false]);
    expect(readBoolEnv('NONE', env)).toBeUndefined();
    let caught: unknown;
    try {
      readBoolEnv('BAD', env);
    } catch (error) {
      caught = error;
    }
    expect(isCredentialsError(caught)).toBe(true);
    expect((caught as Error).message).toContain('BAD');
  });
});

describe('logger and debug switch', () => {
  it('is silent by default, console when debug is on, and a given logger always wins', () => {
    expect(resolveLogger(undefined, {})).toBe(silentLogger);
    expect(resolveLogger(undefined, { ALICRED_DEBUG: '1' })).toBe(consoleLogger);
    setDebug(true);
    expect(isDebugEnabled({})).toBe(true);
    expect(resolveLogger(undefined, {})).toBe(consoleLogger);
    setDebug(false);
    expect(isDebugEnabled({ ALICRED_DEBUG: 'true' })).toBe(false);
    const mine = { ...silentLogger };
    expect(resolveLogger(mine, { ALICRED_DEBUG: '1' })).toBe(mine);
  });

  it('consoleLogger writes through console with a prefix', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    consoleLogger.warn('hello', 1);
    expect(warn).toHaveBeenCalledWith('[alicred] hello', 1);
  });
});

describe('detectRuntime', () => {
  it('is node here', () => {
    expect(detectRuntime()).toBe('node');
  });

  it('recognises workerd, deno, bun and edge-light from their globals', () => {
    vi.stubGlobal('navigator', { userAgent: 'Cloudflare-Workers' });
    expect(detectRuntime()).toBe('workerd');
    vi.unstubAllGlobals();
    vi.stubGlobal('Deno', { version: {} });
    expect(detectRuntime()).toBe('deno');
    vi.unstubAllGlobals();
    vi.stubGlobal('Bun', {});
    expect(detectRuntime()).toBe('bun');
    vi.unstubAllGlobals();
    vi.stubGlobal('EdgeRuntime', 'edge-runtime');
    expect(detectRuntime()).toBe('edge-light');
  });
});
