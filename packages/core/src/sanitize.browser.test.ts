import type * as DOMPurifyModule from 'dompurify';
import type { MockInstance } from 'vitest';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  canaries,
  corpus,
  findDangerous,
  instrument,
  mountAll,
  provoke,
  settle,
} from './__fixtures__/xss-harness';
import { sanitizeOfferHtml } from './sanitize';

// Wrap DOMPurify's factory so that the instance the sanitizer creates has a spied `sanitize`.
const purify = vi.hoisted(() => ({ sanitize: undefined as MockInstance | undefined }));
vi.mock('dompurify', async (importOriginal) => {
  const actual = await importOriginal<typeof DOMPurifyModule>();
  const factory = actual.default;
  const wrapped = Object.assign((root: Parameters<typeof factory>[0]) => {
    const instance = factory(root);
    purify.sanitize = vi.spyOn(instance, 'sanitize');
    return instance;
  }, factory);
  return { ...actual, default: wrapped };
});

afterEach(() => {
  document.body.replaceChildren();
});

describe('sanitizeOfferHtml in a real engine', () => {
  it("keeps Chargebee's formatting and makes links safe", () => {
    expect(sanitizeOfferHtml('<div class="slate-p">Running out of storage?</div>')).toBe(
      '<div class="slate-p">Running out of storage?</div>',
    );
    const html =
      '<div class="slate-p"><p>P <span class="s">s</span><br><b>b</b> <strong>st</strong> ' +
      '<i>i</i> <em>em</em> <u>u</u></p><ul><li>one</li></ul><ol><li>two</li></ol></div>';
    expect(sanitizeOfferHtml(html)).toBe(html);
    expect(sanitizeOfferHtml('<a href="https://example.com/plans" target="_self">Plans</a>')).toBe(
      '<a href="https://example.com/plans" target="_blank" rel="noopener noreferrer">Plans</a>',
    );
  });

  it('sanitizes a string once and returns the same result after', () => {
    const html = '<p class="memo">Memo <a href="/x">once</a></p>';
    sanitizeOfferHtml('<p>warm up: creates the instance</p>');
    const spy = purify.sanitize!;
    spy.mockClear();

    const first = sanitizeOfferHtml(html);
    expect(sanitizeOfferHtml(html)).toBe(first);
    expect(spy).toHaveBeenCalledTimes(1);
  });

  it(`runs none of the ${corpus.length} vectors and our canaries, and leaves nothing dangerous`, async () => {
    expect(corpus).toHaveLength(2211);
    const probe = instrument();
    try {
      const { container, items } = mountAll([...corpus, ...canaries], sanitizeOfferHtml);
      provoke(container);
      // Two frames and a timeout: load / error / animation events and timers get their chance.
      await new Promise(requestAnimationFrame);
      await new Promise(requestAnimationFrame);
      await settle();

      expect(probe.fired()).toEqual([]);
      const problems = items.flatMap(({ vector, element }) =>
        findDangerous(element).map((problem) => ({ vector, problem })),
      );
      expect(problems).toEqual([]);
      expect(items).toHaveLength(corpus.length + canaries.length);
    } finally {
      probe.restore();
    }
    // Generous for a busy 2-core machine; a normal run takes well under a second.
  }, 60_000);
  // Last in this file on purpose: it mounts unsanitized markup in the live page, whose late events
  // must not reach the corpus test's probe.
  it('the harness catches script that runs and markup that should not be there', async () => {
    const probe = instrument();
    try {
      const { container } = mountAll(canaries, (html) => html);
      container.insertAdjacentHTML('beforeend', '<img src="/missing.png" onerror="alert(1)">');
      provoke(container);
      // The image's error event waits for a 404 from the test server: on a busy machine that can
      // take longer than one settle, so wait for it to fire (up to 10 s) rather than for a time.
      await vi.waitFor(
        () => {
          expect(probe.fired()).toContain('alert(1)');
          expect(probe.fired()).toContain('window.__upsellXssFired set');
        },
        { timeout: 10_000, interval: 50 },
      );
      expect(findDangerous(container)).toEqual(
        expect.arrayContaining(['<script> survived', '<img onerror> event handler survived']),
      );
    } finally {
      // Unsanitized markup can still fire late (frames, media errors): take it out of the page
      // and let it settle before the dialogs are restored, so nothing leaks into another test.
      document.body.replaceChildren();
      await settle();
      probe.restore();
    }
  });
});
