/** Builds a ready i18next instance over the bundled catalogs (no backend, no detector): one per host, never a singleton. */
import { createInstance, type i18n, type Module } from 'i18next';
import { resources } from './catalog.js';
import { FALLBACK_LANGUAGE, LANGUAGES, type Language } from './languages.js';

/** A synchronously initialised instance showing `language`; `plugins` (e.g. react-i18next) are used before init. */
export function createI18n(language: Language, plugins: readonly Module[] = []): i18n {
  const instance = createInstance();
  for (const p of plugins) instance.use(p);
  void instance.init({
    resources,
    lng: language,
    fallbackLng: FALLBACK_LANGUAGE,
    supportedLngs: [...LANGUAGES],
    defaultNS: 'translation',
    // Catalogs are bundled: initialise synchronously so the first render and the first tray menu are translated.
    initAsync: false,
    // React and Electron menus escape for themselves; escaping here would show "&#x2F;" in names.
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  return instance;
}
