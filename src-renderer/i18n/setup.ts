/** The renderer's i18next instance and where the system's languages come from (browser, or the desktop's OS locale). */
import type { i18n } from 'i18next';
import { createI18n, LOCALE_QUERY_PARAM, type Language } from '../../src-shared/i18n/index.js';

/**
 * The system's languages, most preferred first: in the desktop window, the OS locale main passed in the URL
 * (Electron's app.getLocale()); then the browser's navigator.languages.
 */
export function systemLanguages(location: Pick<Location, 'search'> = window.location, nav: Pick<Navigator, 'languages' | 'language'> = navigator): string[] {
  const fromOs = new URLSearchParams(location.search).get(LOCALE_QUERY_PARAM);
  const browser = nav.languages?.length ? nav.languages : [nav.language];
  return [...(fromOs ? [fromOs] : []), ...browser].filter(Boolean);
}

/** A ready instance for the app, showing `language` from the first render on. */
export function createRendererI18n(language: Language): i18n {
  return createI18n(language);
}
