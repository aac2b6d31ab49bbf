import { readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

// The core handler (everything `@upsell-kit/server` imports) must run on edge runtimes and in a
// browser under MSW: Web APIs only. Node-only code lives in the node / express / redis entries.

const here = dirname(fileURLToPath(import.meta.url));

function graph(entry: string, seen = new Map<string, string>()): Map<string, string> {
  if (seen.has(entry)) return seen;
  const source = readFileSync(join(here, entry), 'utf8');
  seen.set(entry, source);
  for (const [, specifier] of source.matchAll(/from '(\.\.?\/[^']+)'/g)) {
    graph(normalize(join(dirname(entry), `${specifier!}.ts`)), seen);
  }
  return seen;
}

it('the main entry uses no Node-only module or global', () => {
  const files = graph('index.ts');
  expect([...files.keys()]).toContain('handler/create-upsell-handler.ts');
  for (const [file, source] of files) {
    const code = source.replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
    expect(code, file).not.toMatch(/from 'node:|require\(|from '(crypto|buffer|http|stream|fs)'/);
    expect(code, file).not.toMatch(/\bBuffer\b/);
    expect(code, file).not.toMatch(/(^|[^.\w])process\./m);
  }
});

it('the Node adapters are separate entries', () => {
  for (const entry of ['node.ts', 'express.ts']) {
    expect([...graph(entry).keys()]).toContain('adapters/node-bridge.ts');
  }
  expect([...graph('index.ts').keys()]).not.toContain('adapters/node-bridge.ts');
});
