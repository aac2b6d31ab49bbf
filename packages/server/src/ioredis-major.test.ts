// The peer range is `ioredis ^5 || ^6`: this project (see `provide` in its vitest config) must
// really have loaded that major, or the other one's Redis run proves nothing.
import ioredisPackage from 'ioredis/package.json' with { type: 'json' };
import { expect, inject, it } from 'vitest';

declare module 'vitest' {
  export interface ProvidedContext {
    ioredisMajor: number;
  }
}

it('runs against the ioredis major its project names', () => {
  expect(Number(ioredisPackage.version.split('.')[0])).toBe(inject('ioredisMajor'));
});
