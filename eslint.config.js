import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'web/dist/', '.data/', 'migrations/', 'test/artifacts/', 'build/', '.build-*/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-console': 'off',
    },
  },
  {
    // The contract is shared by the server and the storefront: it may import zod and itself, nothing of either side.
    files: ['contracts/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                '**/server/**',
                '**/web/**',
                '**/workers/**',
                '**/scripts/**',
                '**/test/**',
                'drizzle-orm',
                'drizzle-orm/*',
                'node:*',
              ],
              message: 'contracts/ may import only zod and other files in contracts/',
            },
          ],
        },
      ],
    },
  },
  {
    // The storefront reaches the API contract through @contracts/, never into the server.
    files: ['web/src/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['**/server/**', '**/workers/**'], message: 'import the API contract from @contracts/ instead' }] },
      ],
    },
  },
  {
    // The unit tier runs with no database, queue or global setup (vitest.config.ts): a test that needs one
    // belongs in test/db.
    files: ['test/unit/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                '**/helpers/context.ts',
                '**/helpers/server.ts',
                '**/helpers/jobs.ts',
                '**/helpers/procurement.ts',
                '**/db/client.ts',
                '**/db/tx.ts',
                'pg',
                'ioredis',
                'bullmq',
              ],
              message: 'test/unit is pure: a test that needs the app, a database or a queue goes in test/db',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['web/src/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: { ...reactHooks.configs.recommended.rules },
  },
);
