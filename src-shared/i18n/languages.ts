/** The UI languages and how one is chosen: a stored preference, else the first supported system language. Pure. */

/** Languages with a catalog, in the order the language menu lists them. */
export const LANGUAGES = ['en', 'ja'] as const;

/** A language with a catalog. */
export type Language = (typeof LANGUAGES)[number];

/** What the user picked: follow the system, or one language. */
export type LanguagePreference = 'system' | Language;

/** Every preference, in the order the Settings menu lists them. */
export const LANGUAGE_PREFERENCES = ['system', ...LANGUAGES] as const satisfies readonly LanguagePreference[];

/** The query parameter that carries the desktop's OS locale (Electron's app.getLocale()) to the window. */
export const LOCALE_QUERY_PARAM = 'locale';

/** The language of last resort (the one the API and logs speak). */
export const FALLBACK_LANGUAGE: Language = 'en';

/** True when `v` is a supported language code. */
export function isLanguage(v: unknown): v is Language {
  return typeof v === 'string' && (LANGUAGES as readonly string[]).includes(v);
}

/** True when `v` is a valid preference. */
export function isLanguagePreference(v: unknown): v is LanguagePreference {
  return v === 'system' || isLanguage(v);
}

/** The supported language of one BCP 47 tag ("ja-JP" → ja, "en_GB" → en), or null. */
export function languageOf(tag: string): Language | null {
  const primary = tag.trim().toLowerCase().split(/[-_]/)[0] ?? '';
  return isLanguage(primary) ? primary : null;
}

/** The first supported language among `tags` (navigator.languages, app.getLocale()), else English. */
export function pickLanguage(tags: readonly (string | null | undefined)[]): Language {
  for (const tag of tags) {
    const lang = tag ? languageOf(tag) : null;
    if (lang) return lang;
  }
  return FALLBACK_LANGUAGE;
}

/** The language to show for a preference, given the system's languages in order of preference. */
export function resolveLanguage(preference: LanguagePreference | null | undefined, system: readonly (string | null | undefined)[]): Language {
  return preference && preference !== 'system' ? preference : pickLanguage(system);
}
