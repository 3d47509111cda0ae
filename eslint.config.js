// Lint rules that keep the architecture honest: only the desktop shell imports electron, and the
// renderer takes nothing from src-main but types.
import js from '@eslint/js';
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
