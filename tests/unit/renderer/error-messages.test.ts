/**
 * Every error code the UI can receive has its own message in every catalog: the core's AppError codes (/v0 and
 * IPC), the preload bridge's own, and the client's transport codes. The lists come from their modules, not a copy.
 */
import { describe, expect, it } from 'vitest';
import { CLIENT_ERROR_CODES } from '../../../src-renderer/api/client.js';
import { errorText } from '../../../src-renderer/i18n/message.js';
import { BRIDGE_ERROR_CODES } from '../../../src-main/preload/bridge.js';
import { ERROR_CODES } from '../../../src-main/util/errors.js';
import { CATALOGS, createI18n, LANGUAGES } from '../../../src-shared/i18n/index.js';

const ALL_CODES = [...ERROR_CODES, ...BRIDGE_ERROR_CODES, ...CLIENT_ERROR_CODES];

describe('error messages', () => {
  it.each(LANGUAGES)('%s has a message for every code the UI can receive, and a fallback', (lang) => {
    const errors = (CATALOGS[lang] as { errors: Record<string, string> }).errors;
    const missing = ALL_CODES.filter((code) => typeof errors[code] !== 'string' || !errors[code].trim());
    expect(missing).toEqual([]);
    expect(errors.unknown).toBeTruthy();
  });

  it('covers the admin codes the spec lists', () => {
    for (const code of ['invalid_request', 'unauthorized', 'forbidden', 'not_found', 'conflict', 'payload_too_large', 'not_supported', 'endpoint_unreachable', 'internal_error']) {
      expect(ALL_CODES).toContain(code);
    }
  });

  it('words a code in the UI language and keeps the server detail when it adds something', () => {
    const en = createI18n('en').t;
    const ja = createI18n('ja').t;
    const conflict = { code: 'conflict', message: 'an endpoint named "a" already exists' };
    expect(errorText(en, conflict)).toBe('Conflicts with an existing one: an endpoint named "a" already exists');
    expect(errorText(ja, conflict)).toBe('既存のものと重複しています（an endpoint named "a" already exists）');
    expect(errorText(ja, { code: 'endpoint_unreachable', message: '' })).toBe('エンドポイントに接続できません');
  });

  it('drops generic client-made details and falls back for unknown codes', () => {
    const ja = createI18n('ja').t;
    expect(errorText(ja, { code: 'internal_error', message: 'Internal error' })).toBe('llmlb の内部でエラーが発生しました');
    expect(errorText(ja, { code: 'network_error', message: 'Cannot reach llmlb: Failed to fetch' })).toBe('llmlb に接続できません');
    expect(errorText(ja, { code: 'teapot', message: 'I am a teapot' })).toBe('エラーが発生しました（I am a teapot）');
    expect(errorText(createI18n('en').t, { code: 'teapot', message: '' })).toBe('Something went wrong');
  });
});
