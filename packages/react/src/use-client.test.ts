import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { expect, it } from 'vitest';

const root = import.meta.dirname;

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'test' ? [] : sources(path);
    return /\.tsx?$/.test(entry.name) && !/\.(test|test-d|stories)\.tsx?$/.test(entry.name)
      ? [path]
      : [];
  });
}

it("starts every module that uses hooks, context or JSX with 'use client'", () => {
  const missing = sources(root).filter((file) => {
    const code = readFileSync(file, 'utf8');
    const reactive = file.endsWith('.tsx') || /\buse[A-Z]\w*\(|createContext\(/.test(code);
    return reactive && !/^'use client';\n/.test(code);
  });
  expect(missing.map((file) => relative(root, file))).toEqual([]);
});
