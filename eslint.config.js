import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

// The direction of imports: core ← contract ← server | web, and cli → server.
const layer = (from, forbidden) => ({
  files: [`src/${from}/**/*.{ts,tsx}`],
  rules: {
    'no-restricted-imports': [
      'error',
      {
        patterns: forbidden.map((dir) => ({
          group: [`**/${dir}/**`, `../${dir}/*`, `../../${dir}/*`],
          message: `src/${from} may not import from src/${dir}: dependencies point inward (core ← contract ← server | web, cli → server).`,
        })),
      },
    ],
  },
});

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', '.corridor/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  layer('contract', ['server', 'web', 'cli']),
  layer('server', ['web', 'cli']),
  layer('web', ['server', 'cli']),
  {
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['node:*'], message: 'src/core runs in the browser too: no node:* modules.' },
            { group: ['**/contract/**', '**/server/**', '**/web/**', '**/cli/**'], message: 'src/core imports nothing of the app.' },
          ],
        },
      ],
      'no-restricted-syntax': [
        'error',
        { selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']", message: 'src/core has no clock: pass the time in.' },
        { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'src/core has no clock: pass the time in.' },
      ],
    },
  },
  {
    files: ['src/**/*.{ts,tsx}'],
    // Tests beside the code may hand their environment to a child process they start.
    ignores: ['src/server/config.ts', 'src/**/*.test.ts'],
    rules: {
      'no-restricted-properties': ['error', { object: 'process', property: 'env', message: 'Read configuration in src/server/config.ts only.' }],
    },
  },
  { files: ['src/web/**/*.{ts,tsx}'], languageOptions: { globals: { ...globals.browser } } },
);
