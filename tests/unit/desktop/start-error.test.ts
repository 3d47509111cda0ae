/** The start-up error box in English and Japanese. */
import { describe, expect, it } from 'vitest';
import { createI18n } from '../../../src-shared/i18n/index.js';
import { describeStartError } from '../../../src-main/desktop/start-error.js';

const busy = Object.assign(new Error('listen EADDRINUSE'), { code: 'EADDRINUSE' });
const denied = Object.assign(new Error('listen EACCES'), { code: 'EACCES' });

describe('describeStartError', () => {
  it('explains a busy port and a refused port in the chosen language', () => {
    const en = createI18n('en').t;
    const ja = createI18n('ja').t;
    expect(describeStartError(busy, 32768, en)).toBe('Port 32768 is already in use. Is another llmlb (or `llmlb serve`) running?');
    expect(describeStartError(busy, 32768, ja)).toBe('ポート 32768 はすでに使われています。別の llmlb（または `llmlb serve`）が動いていませんか？');
    expect(describeStartError(denied, 80, ja)).toBe('ポート 80 で待ち受ける権限がありません。');
    expect(createI18n('ja').t('dialogs.startFailed.title')).toBe('llmlb を起動できませんでした');
  });

  it('passes other errors through unchanged', () => {
    expect(describeStartError(new Error('SQLITE_CORRUPT'), 1, createI18n('ja').t)).toBe('SQLITE_CORRUPT');
    expect(describeStartError('boom', undefined, createI18n('en').t)).toBe('boom');
  });
});
