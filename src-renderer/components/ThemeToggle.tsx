/** Theme choice (auto / light / dark) and the effect that applies it to <html>. */
import { useEffect, useId } from 'react';
import { useUi, useStores, type ThemeChoice } from '../store';

const CHOICES: readonly { value: ThemeChoice; label: string }[] = [
  { value: 'system', label: 'Auto' },
  { value: 'light', label: 'Light' },
  { value: 'dark', label: 'Dark' },
];

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
  const name = useId();
  return (
    <fieldset className="segmented" data-testid="theme-toggle">
      <legend>Theme</legend>
      {CHOICES.map((c) => (
        <label key={c.value}>
          <input type="radio" name={name} value={c.value} checked={theme === c.value} onChange={() => stores.ui.getState().setTheme(c.value)} data-testid={`theme-${c.value}`} />
          {c.label}
        </label>
      ))}
    </fieldset>
  );
}
