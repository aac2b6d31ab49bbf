import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createUpsellHandler } from './handler/create-upsell-handler';
import { toNextHandler } from './next';

// The README, the repository's README and the Next example export every route handler that
// toNextHandler returns: a method left out gets Next's own 405, without the contract's envelope.

const read = (path: string) => readFileSync(fileURLToPath(new URL(path, import.meta.url)), 'utf8');

const methods = Object.keys(
  toNextHandler(
    createUpsellHandler({
      chargebee: { site: 'acme-test', apiKey: 'key' },
      identify: () => null,
      secret: 'next-exports-test-secret-0123456789abcdef',
    }),
  ),
).sort();

/** The names in every `export const { … } = toNextHandler(…)` of a Markdown text. */
function readmeExports(markdown: string): string[][] {
  return [...markdown.matchAll(/export const \{([^}]+)\} = toNextHandler\(/g)].map((match) =>
    match[1]!
      .split(',')
      .map((name) => name.trim())
      .filter(Boolean)
      .sort(),
  );
}

describe('Next.js route exports', () => {
  it('toNextHandler returns the six methods', () => {
    expect(methods).toEqual(['DELETE', 'GET', 'OPTIONS', 'PATCH', 'POST', 'PUT']);
  });

  it.each([
    ['packages/server/README.md', '../README.md'],
    ['README.md', '../../../README.md'],
  ])('%s exports all of them', (_name, path) => {
    const found = readmeExports(read(path));
    expect(found.length).toBeGreaterThan(0);
    for (const names of found) expect(names).toEqual(methods);
  });

  it('the Next example route exports all of them', () => {
    const route = read('../../../apps/next-example/app/api/upsell/[...path]/route.ts');
    const exported = [...route.matchAll(/export (?:async function|const) ([A-Z]+)\b/g)]
      .map((match) => match[1]!)
      .sort();
    expect(exported).toEqual(methods);
  });
});
