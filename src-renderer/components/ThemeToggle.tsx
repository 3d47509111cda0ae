/** Theme choice (auto / light / dark) and the effect that applies it to <html>. */
import { useEffect, useId } from 'react';
import { useTranslation } from 'react-i18next';
import { useUi, useStores, type ThemeChoice } from '../store';

const CHOICES: readonly ThemeChoice[] = ['system', 'light', 'dark'];

/** Applies the theme: explicit choices set data-theme; "system" leaves it to prefers-color-scheme. */
export function useApplyTheme(): void {
  const theme = useUi((s) => s.theme);
  useEffect(() => {
    const root = document.documentElement;
    if (theme === 'system') delete root.dataset.theme;
    else root.dataset.theme = theme;
  }, [theme]);
}

/** The theme switch. */
export function ThemeToggle() {
  const stores = useStores();
  const theme = useUi((s) => s.theme);
  const { t } = useTranslation();
  const name = useId();
  return (
    <fieldset className="segmented" data-testid="theme-toggle">
      <legend>{t('theme.legend')}</legend>
      {CHOICES.map((c) => (
        <label key={c}>
          <input type="radio" name={name} value={c} checked={theme === c} onChange={() => stores.ui.getState().setTheme(c)} data-testid={`theme-${c}`} />
          {t(`theme.${c}`)}
        </label>
      ))}
    </fieldset>
  );
}
