// @vitest-environment jsdom
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

describe('sanitizeOfferHtml: the allowlist', () => {
  it("keeps Chargebee's sample content as it is", () => {
    expect(sanitizeOfferHtml('<div class="slate-p">Running out of storage?</div>')).toBe(
      '<div class="slate-p">Running out of storage?</div>',
    );
  });

  it('keeps every allowed tag and class names', () => {
    const html =
      '<div class="slate-p"><p class="a b">P <span class="s">s</span><br><b>b</b> <strong>st</strong> ' +
      '<i>i</i> <em>em</em> <u>u</u></p><ul><li>one</li></ul><ol><li>two</li></ol></div>';
    expect(sanitizeOfferHtml(html)).toBe(html);
  });

  it.each([
    ['https:', 'https://example.com/pricing?x=1'],
    ['http:', 'http://example.com/'],
    ['mailto:', 'mailto:sales@example.com'],
    ['a relative path', '/billing'],
    ['a fragment', '#plans'],
    ['a relative file', 'plans.html'],
  ])('keeps a link to %s and opens it safely', (_name, href) => {
    expect(sanitizeOfferHtml(`<a href="${href}">See plans</a>`)).toBe(
      `<a href="${href.replace('&', '&amp;')}" target="_blank" rel="noopener noreferrer">See plans</a>`,
    );
  });

  it('overrides a target or rel from the input', () => {
    expect(
      sanitizeOfferHtml('<a href="/x" target="_self" rel="opener" id="clobber" name="n">x</a>'),
    ).toBe('<a href="/x" target="_blank" rel="noopener noreferrer">x</a>');
  });

  it('does not add its hook to the global DOMPurify', async () => {
    sanitizeOfferHtml('<a href="/y">y</a>');
    const { default: global } = await vi.importActual<typeof DOMPurifyModule>('dompurify');
    expect(global.sanitize('<a href="/y">y</a>')).toBe('<a href="/y">y</a>');
  });
});

describe('sanitizeOfferHtml: what it drops', () => {
  it.each([
    ['a script', '<p>a</p><script>alert(1)</script>', '<p>a</p>'],
    ['an event handler', '<div onclick="alert(1)" class="c">x</div>', '<div class="c">x</div>'],
    ['a style element', '<style>p{color:red}</style><p>x</p>', '<p>x</p>'],
    ['a style attribute', '<p style="position:fixed">x</p>', '<p>x</p>'],
    ['a javascript: URL', '<a href="javascript:alert(1)">x</a>', 'x'],
    ['an obfuscated javascript: URL', '<a href="jav&#x09;ascript:alert(1)">x</a>', 'x'],
    ['a data: URL', '<a href="data:text/html,<script>alert(1)</script>">x</a>', 'x'],
    ['a vbscript: URL', '<a href="vbscript:msgbox(1)">x</a>', 'x'],
    ['another scheme', '<a href="tel:+4930123">x</a>', 'x'],
    [
      'a form and its controls',
      '<form action="/steal"><input name="q"><button>Go</button></form>',
      'Go',
    ],
    [
      "a form's labels, legends and options, with their text",
      '<form><fieldset><legend>Pay</legend><label for="c">Card number</label><input id="c"><select><option>Visa</option></select><textarea>t</textarea></fieldset></form>ok',
      'ok',
    ],
    [
      'the link of a refused URL, keeping its text and markup',
      '<p>Read <a href="javascript:alert(1)"><b>the terms</b> here</a>.</p>',
      '<p>Read <b>the terms</b> here.</p>',
    ],
    ['an iframe', '<iframe src="https://evil.example"></iframe>ok', 'ok'],
    ['an object and an embed', '<object data="x.swf"></object><embed src="x.swf">ok', 'ok'],
    ['SVG', '<svg onload="alert(1)"><circle r="1"></circle></svg>ok', 'ok'],
    ['MathML', '<math><mi>x</mi></math>ok', 'ok'],
    [
      'base, meta and link',
      '<base href="https://evil.example/"><meta http-equiv="refresh" content="0;url=https://evil.example"><link rel="stylesheet" href="x.css">ok',
      'ok',
    ],
    ['a template', '<template><img src=x onerror=alert(1)></template>ok', 'ok'],
    ['an image', '<img src="https://tracker.example/p.gif">ok', 'ok'],
    [
      'id, name and data attributes',
      '<p id="x" name="y" data-x="z" aria-hidden="true">ok</p>',
      '<p>ok</p>',
    ],
  ])('drops %s', (_name, html, expected) => {
    expect(sanitizeOfferHtml(html)).toBe(expected);
  });

  it('returns an empty string for empty input', () => {
    expect(sanitizeOfferHtml('')).toBe('');
  });
});

describe('sanitizeOfferHtml: newTabLabel', () => {
  it('tells screen readers that a link opens a new tab, as text, never as markup', () => {
    expect(
      sanitizeOfferHtml('<a href="/plans">Plans</a>', { newTabLabel: '(opens <b>a new tab</b>)' }),
    ).toBe(
      '<a href="/plans" target="_blank" rel="noopener noreferrer">Plans<span class="upsell-sr-only"> (opens &lt;b&gt;a new tab&lt;/b&gt;)</span></a>',
    );
    // Memoized per label: the same input without one stays as it was.
    expect(sanitizeOfferHtml('<a href="/plans">Plans</a>')).toBe(
      '<a href="/plans" target="_blank" rel="noopener noreferrer">Plans</a>',
    );
  });

  it('adds nothing to a link whose URL was refused (it is text now)', () => {
    expect(sanitizeOfferHtml('<a href="javascript:x()">x</a>', { newTabLabel: 'new tab' })).toBe(
      'x',
    );
  });
});

describe('sanitizeOfferHtml: memoization', () => {
  it('sanitizes a string once and returns the same result after', () => {
    const html = '<p class="memo">Memo <b>once</b></p>';
    sanitizeOfferHtml('<p>warm up: creates the instance</p>');
    const spy = purify.sanitize!;
    spy.mockClear();

    const first = sanitizeOfferHtml(html);
    const second = sanitizeOfferHtml(html);

    expect(second).toBe(first);
    expect(first).toBe(html);
    expect(spy).toHaveBeenCalledTimes(1);
  });

  it('keeps at most 100 entries, dropping the least recently used', () => {
    sanitizeOfferHtml('<p>warm up</p>');
    const spy = purify.sanitize!;
    const kept = '<p>used often</p>';
    const dropped = '<p>used once</p>';
    sanitizeOfferHtml(dropped);
    sanitizeOfferHtml(kept);
    for (let i = 0; i < 99; i++) {
      sanitizeOfferHtml(`<p>filler ${i}</p>`);
      sanitizeOfferHtml(kept); // keeps `kept` recently used
    }
    spy.mockClear();

    sanitizeOfferHtml(kept);
    expect(spy).not.toHaveBeenCalled();
    sanitizeOfferHtml(dropped);
    expect(spy).toHaveBeenCalledTimes(1);
  });
});

describe('sanitizeOfferHtml: XSS corpus in jsdom', () => {
  it('the harness catches script that runs and markup that should not be there', async () => {
    const probe = instrument();
    try {
      const { container } = mountAll(canaries, (html) => html);
      container.insertAdjacentHTML('beforeend', '<div onmouseover="alert(1)">x</div>');
      provoke(container);
      await settle();
      expect(probe.fired()).toContain('alert(1)');
      expect(probe.fired()).toContain('window.__upsellXssFired set');
      expect(findDangerous(container)).toEqual(
        expect.arrayContaining(['<script> survived', '<div onmouseover> event handler survived']),
      );
    } finally {
      probe.restore();
    }
  });

  it(`runs none of the ${corpus.length} vectors and our canaries, and leaves nothing dangerous`, async () => {
    expect(corpus).toHaveLength(2211);
    const probe = instrument();
    try {
      const { container, items } = mountAll([...corpus, ...canaries], sanitizeOfferHtml);
      provoke(container);
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
    // 2,211 vectors through jsdom take a few seconds on a busy 2-core machine.
  }, 60_000);
});
