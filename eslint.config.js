import js from '@eslint/js';
import jsxA11y from 'eslint-plugin-jsx-a11y';
import reactHooks from 'eslint-plugin-react-hooks';
import importX from 'eslint-plugin-import-x';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      '**/dist/**',
      '**/node_modules/**',
      '**/.next/**',
      '**/storybook-static/**',
      '**/coverage/**',
      '**/test-results/**',
      '**/playwright-report/**',
      '**/public/mockServiceWorker.js',
      '**/next-env.d.ts',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      ecmaVersion: 2023,
      sourceType: 'module',
      globals: { ...globals.browser, ...globals.node },
    },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
    },
  },
  {
    // Promise misuse is a correctness bug (a lost rejection, an accept that never settles), so
    // these two rules need types: typescript-eslint's project service finds each file's tsconfig.
    files: ['**/*.{ts,tsx,mts,cts}'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
    },
  },
  {
    // Config and e2e files outside every tsconfig: no type information, so no type-aware rules.
    files: [
      '*.ts',
      'scripts/tsup.shared.ts',
      'scripts/engines/*.ts',
      'apps/next-example/e2e/**/*.ts',
    ],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    // Import cycles of value imports: eslint-plugin-import-x (the maintained fork of
    // eslint-plugin-import, on typescript-eslint's parser). It skips `import type`, so cycles
    // through types are caught by dependency-cruiser instead (`pnpm lint:cycles`,
    // .dependency-cruiser.cjs), which `pnpm lint` runs too.
    files: ['packages/*/src/**/*.{ts,tsx}'],
    plugins: { 'import-x': importX },
    settings: {
      'import-x/resolver-next': [
        importX.createNodeResolver({ extensions: ['.ts', '.tsx', '.js'] }),
      ],
    },
    rules: {
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
    },
  },
  // Layering (ARCHITECTURE.md): dependencies run one way, and each layer only needs its own.
  {
    files: ['packages/core/src/**/*.ts'],
    ignores: ['packages/core/src/**/*.test.ts', 'packages/core/src/__fixtures__/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['react', 'react/*', 'react-dom', 'react-dom/*', '@tanstack/react-query'],
              message: 'core is framework-free: React belongs in @upsell-kit/react.',
            },
            {
              regex: '^node:',
              message: 'core runs in browsers: no node:* imports (tests may use them).',
            },
            {
              group: ['@upsell-kit/react', '@upsell-kit/server', '@upsell-kit/chargebee-simulator'],
              message: 'Dependencies run one way: nothing in core imports the other packages.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['packages/server/src/**/*.ts'],
    ignores: ['packages/server/src/**/*.test.ts', 'packages/server/src/**/*.test-d.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['react', 'react/*', 'react-dom', 'react-dom/*', '@upsell-kit/react'],
              message: 'The server imports no React.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['packages/react/src/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/core/src', '**/core/src/**', '@upsell-kit/core/*'],
              message: 'Import core only through `@upsell-kit/core` (its public entry).',
            },
          ],
        },
      ],
    },
  },
  {
    // internal/ is what the public files are built from; it never reaches back into them (that is
    // how the type-import cycle between the hook and its helpers started).
    files: ['packages/react/src/internal/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/core/src', '**/core/src/**', '@upsell-kit/core/*'],
              message: 'Import core only through `@upsell-kit/core` (its public entry).',
            },
            {
              group: [
                '../index',
                '../use-upsell-offer',
                '../upsell-provider',
                '../banner/*',
                '../modal/*',
                '../inline-callout/*',
              ],
              message:
                'internal/ never imports a public entry file: move the shared type or helper into its own file.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.tsx', '**/*.jsx'],
    plugins: { 'react-hooks': reactHooks, 'jsx-a11y': jsxA11y },
    rules: {
      ...reactHooks.configs.recommended.rules,
      ...jsxA11y.flatConfigs.strict.rules,
    },
  },
  {
    files: ['**/*.ts'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
    },
  },
);
