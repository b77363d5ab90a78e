// ESLint for the project's JavaScript: the recommended rules (undefined and
// unused names, unreachable code, duplicate keys, ...), a few more that catch
// real mistakes, and the size limits of functions and files. Formatting is
// prettier's business, not ESLint's.
import js from '@eslint/js';
import globals from 'globals';

const rules = {
  ...js.configs.recommended.rules,
  'no-unused-vars': ['error', { args: 'none', varsIgnorePattern: '^_' }],
  eqeqeq: ['error', 'smart'],
  'no-var': 'error',
  'no-shadow-restricted-names': 'error',
  'no-implicit-globals': 'error',
  'no-throw-literal': 'error',
  'no-self-compare': 'error',
  'no-template-curly-in-string': 'error',
  'no-unmodified-loop-condition': 'error',
  'array-callback-return': 'error',
  // Small functions and files, as the project's style asks.
  'max-lines-per-function': ['error', { max: 80, skipBlankLines: true, skipComments: true }],
  'max-lines': ['error', { max: 1000, skipBlankLines: true, skipComments: true }],
};

export default [
  { ignores: ['build/', 'run/', '**/node_modules/', 'tests/.tmp/'] },
  {
    // The browser clients: plain ES modules, no build step.
    files: ['web/**/*.js'],
    languageOptions: { ecmaVersion: 2022, sourceType: 'module', globals: globals.browser },
    rules,
  },
  {
    // Tests, benchmarks and tools run under node.
    files: ['**/*.mjs', 'eslint.config.js', 'bench/peers/socketio/*.js'],
    languageOptions: { ecmaVersion: 2022, sourceType: 'module', globals: globals.node },
    rules,
  },
  {
    // Browser tests also hold functions that run in the page (waitForFunction, evaluate).
    files: ['tests/browser/**', 'tests/lib/browser.mjs'],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
  },
];
