/** The English and Japanese catalogs stay in step: keys, plural forms, variables and tags (and the checker catches drift). */
import { describe, expect, it } from 'vitest';
import { CATALOGS, createI18n, LANGUAGES } from '../../../src-shared/i18n/index.js';
import { en } from '../../../src-shared/i18n/locales/en.js';
import { ja } from '../../../src-shared/i18n/locales/ja.js';
import { compareCatalogs, flatten, tags, variables, type CatalogTree } from './parity.js';

describe('catalog parity', () => {
  it('has a catalog for every language', () => {
    expect(Object.keys(CATALOGS).sort()).toEqual([...LANGUAGES].sort());
  });

  it('Japanese mirrors English: same keys, Japanese plural forms, same variables and tags', () => {
    expect(compareCatalogs(en, 'en', ja, 'ja')).toEqual([]);
  });

  it('has a real translation: most Japanese texts differ from the English ones', () => {
    const e = flatten(en);
    const j = flatten(ja);
    const same = [...e].filter(([k, v]) => j.get(k) === v).map(([k]) => k);
    // Product names, technical tokens (p50, TTFT, URLs) and language names may stay; prose may not.
    expect(same.length / e.size).toBeLessThan(0.1);
    for (const key of same) expect(e.get(key), key).not.toMatch(/[a-z]{3,} [a-z]{3,} [a-z]{3,}/);
  });

  it('resolves Japanese plurals through the _other form i18next uses for ja', () => {
    const t = createI18n('ja').t;
    expect(t('models.sub', { count: 1 })).toBe('エンドポイント全体で 1 個のモデル');
    expect(createI18n('en').t('models.sub', { count: 1 })).toBe('1 model across your endpoints');
    expect(createI18n('en').t('models.sub', { count: 2 })).toBe('2 models across your endpoints');
  });
});

/** A copy of `tree` without `key`. */
function without(tree: CatalogTree, key: string): CatalogTree {
  return Object.fromEntries(Object.entries(tree).filter(([k]) => k !== key));
}

describe('the parity checker', () => {
  const base: CatalogTree = { a: { b: 'Hello {{name}}', c_one: '{{count}} item', c_other: '{{count}} items', d: 'See <code>x</code>' } };
  const good: CatalogTree = { a: { b: 'こんにちは {{name}}', c_other: '{{count}} 件', d: '<code>x</code> を参照' } };

  it('accepts a faithful translation with Japanese plural forms', () => {
    expect(compareCatalogs(base, 'en', good, 'ja')).toEqual([]);
  });

  it('finds a key present in one catalog only, at any depth', () => {
    expect(compareCatalogs(base, 'en', { a: { ...(good.a as CatalogTree), extra: 'x' } }, 'ja')).toEqual(['en: missing a.extra (only in ja)']);
    expect(compareCatalogs(base, 'en', { a: without(good.a as CatalogTree, 'b') }, 'ja')).toEqual(['ja: missing a.b']);
    expect(compareCatalogs({ ...base, deep: { er: { key: 'x' } } }, 'en', good, 'ja')).toEqual(['ja: missing deep.er.key']);
  });

  it('finds a changed or missing interpolation variable and a changed tag', () => {
    expect(compareCatalogs(base, 'en', { a: { ...(good.a as CatalogTree), b: 'こんにちは {{user}}' } }, 'ja')).toEqual(['a.b: variables {name} in en but {user} in ja']);
    expect(compareCatalogs(base, 'en', { a: { ...(good.a as CatalogTree), c_other: '件' } }, 'ja')).toEqual(['a.c: variables {count} in en but {} in ja']);
    expect(compareCatalogs(base, 'en', { a: { ...(good.a as CatalogTree), d: '<strong>x</strong>' } }, 'ja')).toEqual(['a.d: tags <code> in en but <strong> in ja']);
  });

  it('checks plural forms against each language: English needs one and other, Japanese only other', () => {
    expect(compareCatalogs({ a: without(base.a as CatalogTree, 'c_one') }, 'en', good, 'ja')).toEqual(['en: a.c has plural forms [other] but en needs [one, other]']);
    expect(compareCatalogs(base, 'en', { a: { ...(good.a as CatalogTree), c_one: '{{count}} 件' } }, 'ja')).toEqual(['ja: a.c has plural forms [one, other] but ja needs [other]']);
    expect(compareCatalogs(base, 'en', { a: { ...without(good.a as CatalogTree, 'c_other'), c: '{{count}} 件' } }, 'ja')).toEqual(['a.c: plural in one catalog only']);
  });

  it('reads variables with formats and tags with attributes-free markup', () => {
    expect(variables('from {{min, number}} to {{ max }}')).toEqual(['min', 'max']);
    expect(tags('<strong>{{name}}</strong> and <br/>')).toEqual(['strong', 'strong', 'br']);
  });
});
