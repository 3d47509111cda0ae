/** The language choice (system / English / Japanese) and the effect that applies it to i18next and <html lang>. */
import { useEffect, useId } from 'react';
import { useTranslation } from 'react-i18next';
import { LANGUAGE_PREFERENCES, pickLanguage, type LanguagePreference } from '../../src-shared/i18n/index.js';
import { useLanguage, useSession, useStores } from '../store';

/** Switches i18next and the document to the chosen language whenever it changes (no reload). */
export function useApplyLanguage(): void {
  const language = useLanguage((s) => s.language);
  const { i18n } = useTranslation();
  useEffect(() => {
    document.documentElement.lang = language;
    if (i18n.language !== language) void i18n.changeLanguage(language);
  }, [i18n, language]);
}

/** The Settings field that picks the language; each language is named in itself. */
export function LanguageSelect() {
  const stores = useStores();
  const { t } = useTranslation();
  const preference = useLanguage((s) => s.preference);
  const system = useLanguage((s) => s.system);
  const saving = useLanguage((s) => s.saving);
  const desktop = useSession((s) => s.transport) === 'ipc';
  const id = useId();
  const systemName = t(`languageName.${pickLanguage(system)}`);
  const label = (p: LanguagePreference): string => (p === 'system' ? t('settings.language.system', { language: systemName }) : t(`languageName.${p}`));
  return (
    <div className="field" style={{ maxWidth: 360 }}>
      <label htmlFor={id}>{t('settings.language.label')}</label>
      <select
        id={id}
        className="select input"
        value={preference}
        disabled={saving}
        aria-describedby={`${id}-help`}
        onChange={(e) => void stores.language.getState().setPreference(e.target.value as LanguagePreference)}
        data-testid="language-select"
      >
        {LANGUAGE_PREFERENCES.map((p) => (
          <option key={p} value={p} lang={p === 'system' ? undefined : p}>
            {label(p)}
          </option>
        ))}
      </select>
      <span className="help" id={`${id}-help`}>
        {desktop ? t('settings.language.helpDesktop') : t('settings.language.helpWeb')}
      </span>
    </div>
  );
}
