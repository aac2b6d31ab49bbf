import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import type { Scenario } from './scenario';

const CLI = fileURLToPath(new URL('./cli.ts', import.meta.url));
const children: ChildProcess[] = [];

afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGTERM');
});

/** Starts the CLI (through tsx, from source) and resolves with its stdout once it printed the URL. */
function run(args: string[]): Promise<{ url: string; output: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', CLI, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  return new Promise((resolve, reject) => {
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const m = /listening on (http:\/\/\S+)/.exec(output);
      if (m?.[1] && output.includes('Control:')) resolve({ url: m[1], output });
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.on('exit', (code) => reject(new Error(`CLI exited with ${code}: ${output}`)));
  });
}

function exitOf(args: string[]): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', CLI, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let output = '';
  child.stdout?.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (output += c.toString()));
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, output })));
}

// Each test spawns node + tsx, which takes several seconds on a loaded 2-core machine.
describe('upsell-simulator CLI', { timeout: 30_000 }, () => {
  it('serves the default scenario and prints the URL and the key', async () => {
    const { url, output } = await run(['--port', '0']);
    expect(output).toContain('test_simulator_key');
    // A test site's limit unless lifted.
    expect(output).toContain('150 API calls in any 60 s');
    const response = await fetch(`${url}/api/v2/personalized_offers`, {
      method: 'POST',
      headers: {
        Authorization: `Basic ${btoa('test_simulator_key:')}`,
        'Content-Type': 'application/json',
      },
      body: JSON.stringify({ customer_id: 'c', custom: { storage_used_percent: 90 } }),
    });
    expect((await response.json()).personalized_offers[0].offer_id).toBe('storage_upsell');
  });

  it('loads --config and --api-key, and hides a custom key', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'upsell-sim-'));
    const scenario: Scenario = {
      customFields: [{ id: 'projects', type: 'number' }],
      audiences: [{ id: 'many', rule: { field: 'custom.projects', operator: '>', value: 3 } }],
      offers: [
        {
          id: 'pro',
          title: '<p>Go Pro</p>',
          description: '<p>More projects</p>',
          options: [{ id: 'buy', label: 'Buy', processingType: 'checkout' }],
        },
      ],
      plays: [{ id: 'p', audience: 'many', offer: 'pro', priority: 1 }],
    };
    const file = join(dir, 'scenario.json');
    await writeFile(file, JSON.stringify(scenario));
    const { url, output } = await run([
      '--port',
      '0',
      '--config',
      file,
      '--api-key',
      'test_secret_custom_key',
      '--api-limit',
      'off',
    ]);
    expect(output).not.toContain('test_secret_custom_key');
    expect(output).toMatch(/Limit: +off/);
    const response = await fetch(`${url}/api/v2/personalized_offers`, {
      method: 'POST',
      headers: {
        Authorization: `Basic ${btoa('test_secret_custom_key:')}`,
        'Content-Type': 'application/json',
      },
      body: JSON.stringify({ customer_id: 'c', custom: { projects: 4 } }),
    });
    expect((await response.json()).personalized_offers[0].offer_id).toBe('pro');
  });

  it('exits 1 with a message for a bad scenario or a bad port', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'upsell-sim-'));
    const file = join(dir, 'bad.json');
    await writeFile(
      file,
      JSON.stringify({
        customFields: [],
        audiences: [],
        offers: [],
        plays: [{ id: 'p', audience: 'x', offer: 'y', priority: 1 }],
      }),
    );
    const bad = await exitOf(['--port', '0', '--config', file]);
    expect(bad.code).toBe(1);
    expect(bad.output).toContain('unknown audience "x"');
    const port = await exitOf(['--port', 'abc']);
    expect(port.code).toBe(1);
    expect(port.output).toContain('--port');
  });

  it('exits 1 with a message for a bad --api-limit', async () => {
    const limit = await exitOf(['--port', '0', '--api-limit', '0']);
    expect(limit.code).toBe(1);
    expect(limit.output).toContain('--api-limit must be a whole number');
  });
});
