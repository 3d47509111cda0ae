import { describe, expect, it } from 'vitest';
import { Writable } from 'node:stream';
import { createLogging } from '../../../src-main/logging/create.js';

function sink(): { stream: Writable; text: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, cb) {
      chunks.push(String(chunk));
      cb();
    },
  });
  return { stream, text: () => chunks.join('') };
}

describe('createLogging', () => {
  it('holds console lines back until the host opens the console, then writes JSON lines', async () => {
    const out = sink();
    const logging = await createLogging({ level: 'info', file: null, console: { stream: out.stream, format: 'json' } });
    logging.logger.child({ component: 'app' }).info({ url: 'http://127.0.0.1:1' }, 'started');
    expect(out.text()).toBe('');
    logging.openConsole();
    logging.logger.child({ component: 'health' }).warn('later');
    const lines = out.text().trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.map((l) => [l.component, l.level, l.msg])).toEqual([
      ['app', 'info', 'started'],
      ['health', 'warn', 'later'],
    ]);
    expect(typeof lines[0]!.time).toBe('string');
  });

  it('writes human-readable lines in pretty format, in-process', async () => {
    const out = sink();
    const logging = await createLogging({ level: 'info', file: null, console: { stream: out.stream, format: 'pretty' } });
    logging.openConsole();
    logging.logger.child({ component: 'gateway' }).warn({ endpointName: 'box' }, 'upstream attempt failed');
    await new Promise((r) => setTimeout(r, 20));
    const text = out.text();
    expect(text).toContain('WARN');
    expect(text).toContain('upstream attempt failed');
    expect(text).toContain('box');
    expect(() => JSON.parse(text.trim())).toThrow();
  });

  it('redacts key-like fields and Authorization headers before any destination sees them', async () => {
    const out = sink();
    const logging = await createLogging({ level: 'trace', file: null, console: { stream: out.stream, format: 'json' } });
    logging.openConsole();
    logging.logger.info(
      { apiKey: 'sk-upstream-secret-value-1', headers: { authorization: 'Bearer tok-123', 'x-api-key': 'xk-9' }, nested: { api_key: 'nk-7' } },
      'with secrets',
    );
    const text = out.text();
    for (const secret of ['sk-upstream-secret-value-1', 'tok-123', 'xk-9', 'nk-7']) expect(text).not.toContain(secret);
    expect(text).toContain('[redacted]');
    const [entry] = logging.query({ limit: 1 });
    expect(entry).toMatchObject({ api_key: '[redacted]', headers: { authorization: '[redacted]', 'x-api-key': '[redacted]' } });
  });

  it('silent writes nothing anywhere', async () => {
    const out = sink();
    const logging = await createLogging({ level: 'silent', file: null, console: { stream: out.stream, format: 'json' } });
    logging.openConsole();
    logging.logger.fatal('nope');
    expect(out.text()).toBe('');
    expect(logging.query({ limit: 10 })).toEqual([]);
  });
});
