/**
 * No UI component renders a literal string outside the catalogs: ESLint's i18next/no-literal-string (configured in
 * eslint.config.js) finds nothing in src-renderer, and the same rule does catch text, attributes, props and
 * template strings planted in a fixture while letting markup, test ids, punctuation and t() calls through.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ESLint, type Linter } from 'eslint';
import i18next from 'eslint-plugin-i18next';
import tseslint from 'typescript-eslint';
import { beforeAll, describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const RULE = 'i18next/no-literal-string';

let ruleOptions: Linter.RuleEntry;

beforeAll(async () => {
  const config = (await import(pathToFileURL(join(ROOT, 'eslint.config.js')).href)) as { NO_LITERAL_STRING: Linter.RuleEntry };
  ruleOptions = config.NO_LITERAL_STRING;
});

/** Lints one TSX source with only the literal-string rule, configured as the repository configures it. */
async function literalsIn(source: string): Promise<string[]> {
  const eslint = new ESLint({
    cwd: ROOT,
    overrideConfigFile: true,
    overrideConfig: [
      {
        files: ['**/*.tsx'],
        languageOptions: { parser: tseslint.parser, parserOptions: { ecmaFeatures: { jsx: true } } },
        plugins: { i18next },
        rules: { [RULE]: ruleOptions },
      },
    ],
  });
  const [result] = await eslint.lintText(source, { filePath: join(ROOT, 'fixture.tsx') });
  return (result?.messages ?? []).filter((m) => m.ruleId === RULE).map((m) => source.split('\n')[m.line - 1]!.trim());
}

describe('no literal strings in the UI', () => {
  it('the renderer has none, with the rule switched on for every component', async () => {
    const eslint = new ESLint({ cwd: ROOT });
    const config = (await eslint.calculateConfigForFile(join(ROOT, 'src-renderer/App.tsx'))) as Linter.Config;
    expect(config.rules?.[RULE]?.[0 as never]).toBe(2);
    const results = await eslint.lintFiles(['src-renderer/**/*.tsx']);
    expect(results.length).toBeGreaterThan(20);
    const found = results.flatMap((r) => r.messages.filter((m) => m.ruleId === RULE).map((m) => `${r.filePath.slice(ROOT.length + 1)}:${m.line} ${m.message}`));
    expect(found).toEqual([]);
  }, 60_000);

  it('catches a planted literal in text, attributes, component props, ternaries and templates', async () => {
    const planted = [
      'export function Planted({ name, ok }: { name: string; ok: boolean }) {',
      '  return (',
      '    <section title="Planted title">',
      '      <h2>Planted heading</h2>',
      '      <input placeholder="Planted placeholder" />',
      '      <button aria-label={`Planted ${name}`} />',
      '      <img alt="Planted picture" />',
      '      <Empty label="Planted prop" />',
      '      <p>{ok ? \'Planted yes\' : name}</p>',
      '      <p>日本語の直書き</p>',
      '    </section>',
      '  );',
      '}',
    ].join('\n');
    const found = await literalsIn(planted);
    for (const line of ['title="Planted title"', 'Planted heading', 'placeholder="Planted placeholder"', '`Planted ${name}`', 'alt="Planted picture"', 'label="Planted prop"', "'Planted yes'", '日本語の直書き']) {
      expect(found.some((l) => l.includes(line)), line).toBe(true);
    }
  });

  it('lets through catalog lookups, markup attributes, test ids, punctuation and the product name', async () => {
    const clean = [
      "export function Clean({ t, id }: { t: (k: string) => string; id: string }) {",
      '  return (',
      '    <div className="card" data-testid="clean" aria-describedby={`${id}-help`} style={{ gap: 4 }} role="status">',
      "      <h2>{t('nav.models')}</h2>",
      '      <span aria-hidden="true">— · ✕ 42% (1/4)</span>',
      "      <a href=\"#/endpoints\" key=\"k\" title={t('nav.endpoints')}>{t('nav.endpoints')}</a>",
      '      <input type="number" id="x" name="n" value="3" inputMode="numeric" autoComplete="off" />',
      '      llmlb',
      '    </div>',
      '  );',
      '}',
    ].join('\n');
    expect(await literalsIn(clean)).toEqual([]);
  });
});
