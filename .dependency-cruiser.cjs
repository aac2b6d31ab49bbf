/**
 * Import cycles across `packages/*\/src`, type-only imports included: eslint-plugin-import-x's
 * no-cycle skips `import type`, and a cycle through types still couples the files (issue #20).
 * `tsPreCompilationDeps: true` makes dependency-cruiser read the TypeScript source before the
 * compiler drops type-only imports. Run by `pnpm lint` (`pnpm lint:cycles`).
 * @type {import('dependency-cruiser').IConfiguration}
 */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment:
        'An import cycle (type-only imports count): split the shared part into its own file.',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.base.json' },
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(node_modules|dist)/' },
    enhancedResolveOptions: {
      extensions: ['.ts', '.tsx', '.js', '.mjs', '.cjs', '.d.ts'],
    },
  },
};
