/** The shape every catalog shares, derived from the English one, and the catalogs by language. */
import { en } from './locales/en.js';
import { ja } from './locales/ja.js';
import type { Language } from './languages.js';

/** The English catalog's type: the source of the typed keys. */
export type Catalog = typeof en;

/** Plural suffixes i18next adds per language (Intl.PluralRules categories), except the always-present `other`. */
export type PluralSuffix = 'zero' | 'one' | 'two' | 'few' | 'many';

/** A catalog with English's keys and string values; plural forms other than `_other` are left out (Japanese has none). */
export type Translation<T = Catalog> = {
  readonly [K in keyof T as K extends `${string}_${PluralSuffix}` ? never : K]: T[K] extends string ? string : Translation<T[K]>;
};

/** Every catalog, by language. */
export const CATALOGS: Readonly<Record<Language, Translation | Catalog>> = { en, ja };

/** i18next's resources: one `translation` namespace per language. */
export const resources = { en: { translation: en }, ja: { translation: ja } } as const;

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: Catalog };
    /** A `{{name}}` in a message must be passed to t(): a forgotten variable is a compile error. */
    strictInterpolationChecks: true;
  }
}
