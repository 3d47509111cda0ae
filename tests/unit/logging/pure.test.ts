import { describe, expect, it } from 'vitest';
import { chooseConsoleFormat } from '../../../src-main/logging/format.js';
import { isLogComponent, levelName, parseLogLevelSetting } from '../../../src-main/logging/levels.js';
import { promptPreview, scrubSecrets } from '../../../src-main/logging/secrets.js';
import { requestIdOf } from '../../../src-main/gateway/request-id.js';
import { errorFields } from '../../../src-main/logging/logger.js';

describe('console format', () => {
  it('is pretty on a terminal and JSON otherwise', () => {
    expect(chooseConsoleFormat(true)).toBe('pretty');
    expect(chooseConsoleFormat(false)).toBe('json');
    expect(chooseConsoleFormat(undefined)).toBe('json');
  });
  it('LLMLB_LOG_FORMAT overrides either way; other values are ignored', () => {
    expect(chooseConsoleFormat(true, 'json')).toBe('json');
    expect(chooseConsoleFormat(false, ' Pretty ')).toBe('pretty');
    expect(chooseConsoleFormat(false, 'xml')).toBe('json');
    expect(chooseConsoleFormat(true, '')).toBe('pretty');
  });
});

describe('levels', () => {
  it('parses level settings case-insensitively, silent included', () => {
    for (const l of ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']) expect(parseLogLevelSetting(l)).toBe(l);
    expect(parseLogLevelSetting(' DEBUG ')).toBe('debug');
    for (const bad of ['', 'verbose', 'warning', '30', undefined, null]) expect(parseLogLevelSetting(bad)).toBeNull();
  });
  it('names pino numeric levels and knows the components', () => {
    expect([10, 20, 30, 40, 50, 60, 35].map(levelName)).toEqual(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'info']);
    expect(isLogComponent('gateway')).toBe(true);
    expect(isLogComponent('tray')).toBe(false);
  });
});

describe('secrets', () => {
  it('scrubs bearer tokens, llmlb keys and sk- keys wherever they appear in a line', () => {
    const line = '{"msg":"x","reason":"sent Authorization: Bearer abc.DEF-123 to llmlb_AbCdEf123456 with sk-proj-0123456789abcdef"}';
    const out = scrubSecrets(line);
    expect(out).not.toContain('abc.DEF-123');
    expect(out).not.toContain('llmlb_AbCdEf123456');
    expect(out).not.toContain('sk-proj-0123456789abcdef');
    expect(out).toContain('Bearer [redacted]');
    expect(JSON.parse(out)).toBeTruthy();
    expect(scrubSecrets('{"msg":"plain line"}')).toBe('{"msg":"plain line"}');
  });
  it('cuts prompts to 200 characters', () => {
    expect(promptPreview('short')).toBe('short');
    const long = 'a'.repeat(1000);
    expect(promptPreview(long).startsWith('a'.repeat(200))).toBe(true);
    expect(promptPreview(long)).toContain('(1000 chars)');
    expect(promptPreview(long).length).toBeLessThan(230);
  });
  it('error fields carry the stable code and a short reason, never a stack', () => {
    const e = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' });
    expect(errorFields(e)).toEqual({ code: 'ECONNREFUSED', reason: 'connect ECONNREFUSED 127.0.0.1:9' });
    expect(errorFields('boom')).toEqual({ reason: 'boom' });
  });
});

describe('x-request-id', () => {
  it("keeps the client's id when it is 1–128 printable ASCII characters without spaces", () => {
    for (const ok of ['abc', 'req-123_ABC.xyz:9', 'x'.repeat(128), '!~']) expect(requestIdOf(ok)).toBe(ok);
  });
  it('generates a random UUID otherwise', () => {
    const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
    for (const bad of [undefined, '', 'has space', 'x'.repeat(129), 'tab\there', 'émoji', ['a', 'b']]) expect(requestIdOf(bad)).toMatch(uuid);
    expect(requestIdOf(undefined)).not.toBe(requestIdOf(undefined));
  });
});
