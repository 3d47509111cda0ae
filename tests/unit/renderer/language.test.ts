/** Choosing the UI language (web: per browser; desktop: the core setting), and formatting per locale. */
import { describe, expect, it } from 'vitest';
import { systemLanguages } from '../../../src-renderer/i18n/setup.js';
import { createFormat } from '../../../src-renderer/lib/format.js';
import { createStores } from '../../../src-renderer/store/index.js';
import { pickLanguage, resolveLanguage } from '../../../src-shared/i18n/index.js';
import { fakeClient, settings } from './fake-client.js';

function memory(initial: string | null = null) {
  const m = { value: initial, get: () => m.value, set: (v: string) => void (m.value = v) };
  return m;
}

describe('language resolution', () => {
  it('picks the first supported system language by its primary subtag, else English', () => {
    expect(pickLanguage(['fr-FR', 'ja-JP', 'en-US'])).toBe('ja');
    expect(pickLanguage(['en_GB'])).toBe('en');
    expect(pickLanguage(['de', 'fr'])).toBe('en');
    expect(pickLanguage([])).toBe('en');
    expect(resolveLanguage('en', ['ja-JP'])).toBe('en');
    expect(resolveLanguage('system', ['ja-JP'])).toBe('ja');
  });

  it('reads the desktop OS locale from the URL before the browser languages', () => {
    expect(systemLanguages({ search: '?locale=ja-JP' }, { languages: ['en-US'], language: 'en-US' })).toEqual(['ja-JP', 'en-US']);
    expect(systemLanguages({ search: '' }, { languages: [], language: 'ja' })).toEqual(['ja']);
  });
});

describe('language store, web', () => {
  it('follows the system by default, keeps a choice in this browser, and goes back to the system', async () => {
    const storage = memory();
    const stores = createStores(fakeClient().client, { transport: 'http', systemLanguages: ['ja-JP', 'en'], languageStorage: storage });
    const lang = () => stores.language.getState();
    expect(lang()).toMatchObject({ preference: 'system', language: 'ja' });
    await lang().setPreference('en');
    expect(lang()).toMatchObject({ preference: 'en', language: 'en' });
    expect(storage.value).toBe('en');
    await lang().setPreference('system');
    expect(lang().language).toBe('ja');
  });

  it('starts from the stored choice and ignores a value it does not know', () => {
    const client = fakeClient().client;
    expect(createStores(client, { systemLanguages: ['en-US'], languageStorage: memory('ja') }).language.getState().language).toBe('ja');
    expect(createStores(client, { systemLanguages: ['en-US'], languageStorage: memory('klingon') }).language.getState().preference).toBe('system');
  });
});

describe('language store, desktop', () => {
  it('adopts the core setting when settings load and saves a new choice there', async () => {
    const fake = fakeClient({ getSettings: async () => ({ ...settings(), language: 'ja' }) });
    const stores = createStores(fake.client, { transport: 'ipc', systemLanguages: ['en-US'] });
    expect(stores.language.getState().language).toBe('en');
    await stores.settings.getState().load();
    expect(stores.language.getState()).toMatchObject({ preference: 'ja', language: 'ja' });
    await stores.language.getState().setPreference('en');
    expect(fake.client.updateSettings).toHaveBeenLastCalledWith({ language: 'en' });
    expect(stores.language.getState()).toMatchObject({ preference: 'en', language: 'en', saving: false });
  });

  it('goes back to the previous language when the core refuses the change', async () => {
    const fake = fakeClient({
      updateSettings: async () => {
        throw new Error('refused');
      },
    });
    const stores = createStores(fake.client, { transport: 'ipc', systemLanguages: ['ja'] });
    await stores.language.getState().setPreference('en');
    expect(stores.language.getState()).toMatchObject({ preference: 'system', language: 'ja', saving: false });
    expect(stores.ui.getState().notices.at(-1)?.kind).toBe('error');
  });
});

describe('formatting per locale', () => {
  const en = createFormat('en');
  const ja = createFormat('ja');
  const now = Date.parse('2026-03-01T12:00:00Z');

  it('formats numbers, percentages, durations and speeds with Intl', () => {
    expect([en.int(10000), en.percent(42.9), en.ms(123), en.speed(3.21), en.bytes(3_400_000)]).toEqual(['10,000', '42%', '123 ms', '3.2 MB/s', '3.4 MB']);
    expect(en.duration(185)).toBe('3 min, 5 sec');
    expect(ja.duration(185)).toBe('3 分 5 秒');
    expect(ja.duration(3725)).toBe('1 時間 2 分');
    expect(ja.seconds(30)).toBe('30 秒');
    expect(ja.ms(1234)).toBe('1.23 秒');
    expect(en.percent(250)).toBe('100%');
  });

  it('says how long ago in each language, and shows the date for older times', () => {
    expect(en.ago('2026-03-01T11:59:58Z', now)).toBe('now');
    expect(en.ago('2026-03-01T11:55:00Z', now)).toBe('5 minutes ago');
    expect(ja.ago('2026-03-01T11:55:00Z', now)).toBe('5 分前');
    expect(ja.ago('2026-03-01T09:00:00Z', now)).toBe('3 時間前');
    expect(ja.ago('2026-01-15T09:00:00Z', now)).toMatch(/^2026\/01\/15$/);
  });

  it('shows an em dash for missing values', () => {
    for (const f of [en.ms, en.int, en.percent, en.speed, en.bytes, en.duration, en.seconds]) expect(f(null)).toBe('—');
    expect(en.ago(null)).toBe('—');
    expect(en.dateTime('not a date')).toBe('—');
  });
});
