// ESLint (typescript-eslint, type-aware) with the rules this code base follows; formatting is Prettier's.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'src/runtime/generated/**', 'src/export/make/generated/**', '**/*.d.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      globals: globals.node,
      parserOptions: { project: './tsconfig.lint.json', tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // An async function may return a promise without awaiting (stubs, interfaces that allow either).
      '@typescript-eslint/require-await': 'off',
      // Abort reasons are whatever the caller gave (signal.reason); they are passed on as they are.
      '@typescript-eslint/prefer-promise-reject-errors': 'off',
      // node:http and express take async handlers; each catches its own failures.
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false } }],
      // Unknown input is turned into text on purpose with String(…) (a value Meta or a user sent).
      '@typescript-eslint/no-base-to-string': 'off',
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true, allowBoolean: true, allowNullish: true }],
      // A `let` assigned later may be read first by a closure made before it (a handler that kills a child).
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
      // `_`-prefixed names are deliberately unused (destructuring a key away, an ignored parameter).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },
  {
    // The playground's page runs in the browser and has its own project (DOM types).
    files: ['playground/**/*.ts'],
    languageOptions: {
      globals: globals.browser,
      parserOptions: { project: './playground/tsconfig.json', tsconfigRootDir: import.meta.dirname },
    },
  },
  {
    // Scripts and benchmarks are plain JavaScript: checked without type information.
    files: ['**/*.mjs', '**/*.js', '**/*.cjs'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    // Tests read answers and payloads as loosely typed JSON on purpose.
    files: ['test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
  prettier,
);
