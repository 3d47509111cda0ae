// Lint rules that keep the architecture honest: only the desktop shell imports electron, and the
// renderer takes nothing from src-main but types.
import js from '@eslint/js';
import i18next from 'eslint-plugin-i18next';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/** Where `electron` may be imported (SPEC §1, STYLE layout). */
const ELECTRON_ALLOWED = [
  'src-main/main.ts',
  'src-main/ipc/**',
  'src-main/preload/**',
  'src-main/tray/**',
  'src-main/windows/**',
];

const noElectron = {
  name: 'electron',
  message: 'Only src-main/main.ts, ipc/, preload/, tray/ and windows/ may import electron; the core must run under plain Node.',
};
const noElectronSubpaths = { group: ['electron/*'], message: noElectron.message };

/**
 * Every string a person reads in the UI comes from the catalogs (src-shared/i18n/locales): text in JSX and
 * string values of JSX attributes are errors, except attributes that never reach a reader and strings with no
 * letters (punctuation, numbers) or the product's name. tests/unit/renderer/literal-strings.test.ts runs this
 * rule over the renderer and over a planted literal.
 */
export const NO_LITERAL_STRING = [
  'error',
  {
    mode: 'jsx-only',
    'should-validate-template': true,
    words: { exclude: [/^[^\p{L}]*$/u, '(llmlb|lb)'] },
    'jsx-attributes': {
      exclude: [
        // Markup, wiring and state, never read as text.
        'className', 'style', 'type', 'key', 'id', 'width', 'height', 'name', 'value', 'defaultValue', 'htmlFor', 'href', 'src', 'list',
        'role', 'lang', 'rel', 'target', 'inputMode', 'autoComplete', 'spellCheck', 'tabIndex', 'min', 'max', 'step', 'rows',
        'data-.+', 'testId', 'i18nKey', 'status', 'level',
        'aria-(describedby|labelledby|controls|live|relevant|hidden|current|invalid|checked|expanded|value(min|max|now))',
        // Chart geometry (recharts).
        'dataKey', 'scale', 'domain', 'stroke', 'fill', 'shape', 'strokeDasharray', 'dot', 'margin',
      ],
    },
  },
];

export default tseslint.config(
  { ignores: ['dist/', 'release/', 'node_modules/', 'coverage/', 'test-results/', 'tests/artifacts/', 'bench/results/'] },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: 'module', globals: { ...globals.node } },
    rules: {
      // The core deliberately rejects control characters in untrusted strings (names, headers).
      'no-control-regex': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
  },
  {
    files: ['src-renderer/**'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    // Type information lets the rule accept strings whose type is a literal union (catalog keys, field names, routes).
    files: ['src-renderer/**/*.tsx'],
    languageOptions: { parserOptions: { project: './tsconfig.renderer.json', tsconfigRootDir: import.meta.dirname } },
    plugins: { i18next },
    rules: { 'i18next/no-literal-string': NO_LITERAL_STRING },
  },
  {
    // The core, scripts, benchmarks: no electron at all, not even types.
    files: ['**/*.{ts,tsx,js,mjs,cjs}'],
    ignores: [...ELECTRON_ALLOWED, 'tests/**', 'src-renderer/**'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', { paths: [noElectron], patterns: [noElectronSubpaths] }],
    },
  },
  {
    // Tests may name electron's types (e.g. menu templates) but can never load it under Node.
    files: ['tests/**'],
    rules: {
      // Tests poke at untyped JSON bodies; `any` there is a reading aid, not a design choice.
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-restricted-imports': [
        'error',
        { paths: [{ ...noElectron, allowTypeImports: true }], patterns: [{ ...noElectronSubpaths, allowTypeImports: true }] },
      ],
    },
  },
  {
    // The renderer talks to main only through window.llmlb or /v0; from src-main it takes types alone.
    files: ['src-renderer/**'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [noElectron],
          patterns: [
            noElectronSubpaths,
            {
              regex: '(^|/)src-main(/|$)',
              allowTypeImports: true,
              message: 'The renderer may import only types from src-main (use `import type`).',
            },
          ],
        },
      ],
    },
  },
);
