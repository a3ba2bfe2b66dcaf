// @ts-check
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/** ESLint (`npm run lint`, with Prettier's check): JavaScript's and typescript-eslint's recommended rules; formatting is Prettier's. */
export default tseslint.config(
  {
    ignores: ['**/node_modules/**', '**/dist/**', 'build/**', '.strapi/**', 'types/generated/**', 'tests/.artifacts/**', 'bench-results/**', 'public/uploads/**'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, strapi: 'readonly' } },
    rules: {
      // `_name` for what a signature needs but the body does not use.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },
  {
    // Scripts, migrations, Strapi's entry files and the configs of the tools: CommonJS, where
    // `crypto` and `performance` are required although Node also has them as globals.
    files: ['**/*.js'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off', 'no-redeclare': ['error', { builtinGlobals: false }] },
  },
  {
    // The reference site runs in browsers.
    files: ['public/**/*.js'],
    languageOptions: { sourceType: 'module', globals: { ...globals.browser } },
  },
  {
    // The admin's extensions: React in the browser.
    files: ['src/admin/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    languageOptions: { globals: { ...globals.browser } },
    rules: reactHooks.configs.recommended.rules,
  },
  {
    // Tests read JSON answers of any shape.
    files: ['tests/**/*.ts', 'plugins/*/tests/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  prettier
);
