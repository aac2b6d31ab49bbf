// The peer range is `msw ^2.15 || ^3`: this project (see `provide` in its vitest config) must
// really have loaded that major, or the other one's test run proves nothing.
import mswPackage from 'msw/package.json' with { type: 'json' };
import { expect, inject, it } from 'vitest';

declare module 'vitest' {
  export interface ProvidedContext {
    mswMajor: number;
  }
}

it('runs against the msw major its project names', () => {
  expect(Number(mswPackage.version.split('.')[0])).toBe(inject('mswMajor'));
});
