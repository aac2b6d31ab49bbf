import { afterEach, describe, expect, it } from 'vitest';
import { sanitizeOfferHtml } from './sanitize';

afterEach(() => {
  delete (globalThis as { window?: unknown }).window;
});

// The `core` project's Node environment: no window, no document, as in server rendering.
describe('sanitizeOfferHtml without a DOM', () => {
  it('returns an empty string instead of throwing or passing the HTML through', () => {
    expect(typeof window).toBe('undefined');
    expect(sanitizeOfferHtml('<div class="slate-p">Running out of storage?</div>')).toBe('');
    expect(sanitizeOfferHtml('<img src=x onerror=alert(1)>')).toBe('');
  });

  it('does not remember the empty server result once a DOM exists', async () => {
    const html = '<p class="later" onclick="alert(1)">later</p>';
    expect(sanitizeOfferHtml(html)).toBe('');

    // @ts-expect-error jsdom ships no types here; only its window is needed.
    const { JSDOM } = (await import('jsdom')) as {
      JSDOM: new (html: string) => { window: Window & typeof globalThis };
    };
    globalThis.window = new JSDOM('<!DOCTYPE html>').window;

    expect(sanitizeOfferHtml(html)).toBe('<p class="later">later</p>');
    // The wait is on a real state (jsdom loaded, about 30 MB of modules), not a race: on a busy
    // 2-core machine that load alone took longer than the 5 s default.
  }, 60_000);
});
