import { defineConfig } from 'tsup';
import { packageBuild } from '../../scripts/tsup.shared';

// `contract` and `schemas` are entries of their own (and subpath exports) so that the contract's
// constants land in a chunk without valibot: the browser client imports them, and a shared chunk
// with the schemas' top-level valibot calls would not tree-shake out of an app's bundle.
export default defineConfig(
  packageBuild({ index: 'src/index.ts', contract: 'src/contract.ts', schemas: 'src/schemas.ts' }),
);
