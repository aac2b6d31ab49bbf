import { QueryClient } from '@tanstack/react-query';
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { createUpsellClient } from '@upsell-kit/core';
import type { OffersResponse } from '@upsell-kit/core';
import fc from 'fast-check';
import { StrictMode, useState } from 'react';
import { describe, expect, it } from 'vitest';
import { createPromptArbiter } from './arbitration';
import type { UpsellPromptArbiter } from './arbitration';
import { UpsellBanner } from './banner/upsell-banner';
import { UpsellInlineCallout } from './inline-callout/upsell-inline-callout';
import { UpsellModal } from './modal/upsell-modal';
import { makeOffer } from './test/contract';
import { UpsellProvider } from './upsell-provider';

// Issue 23, through React (StrictMode, real components, the provider's binding): random sequences
// of mounts, unmounts, remounts and dismissals never leave a slot held by a prompt that is gone,
// never leave a prompt stuck waiting while the rules would let it show, and never show two
// modals or more banners / callouts than `maxVisible`. The arbiter's own rules are checked over
// 1,000 sequences in core (prompt-arbiter.test.ts); this checks the binding over 100.

const PROMPTS = [
  { title: 'Modal offer', kind: 'modal', priority: 30 },
  { title: 'Banner offer', kind: 'banner', priority: 20 },
  { title: 'Second banner offer', kind: 'banner', priority: 10 },
  { title: 'Callout offer', kind: 'callout', priority: 5 },
] as const;

/** Answers at once, one base offer per prompt (by its usage field), without a network. */
const client = createUpsellClient({
  fetch: async (_input, init) => {
    if (!init?.body || !String(init.body).includes('"custom"')) {
      return new Response(null, { status: 204 });
    }
    const { custom } = JSON.parse(String(init.body)) as { custom: { prompt: number } };
    const prompt = PROMPTS[custom.prompt]!;
    const body: OffersResponse = {
      offers: [
        makeOffer({
          id: `p${custom.prompt}`,
          offer_id: `offer_${custom.prompt}`,
          token: `tok_${custom.prompt}`,
          content: { title: prompt.title, description: '' },
        }),
      ],
      expires_at: Math.floor(Date.now() / 1000) + 3600,
      brand: null,
    };
    return new Response(JSON.stringify(body), { headers: { 'content-type': 'application/json' } });
  },
});

function Prompt({ index }: { index: number }) {
  const { kind, priority } = PROMPTS[index]!;
  const [open, setOpen] = useState(true);
  const props = { custom: { prompt: index }, priority };
  if (kind === 'modal') return <UpsellModal {...props} open={open} onOpenChange={setOpen} />;
  if (kind === 'callout') return <UpsellInlineCallout {...props} />;
  return <UpsellBanner {...props} />;
}

function Page({
  mounted,
  keys,
  arbiter,
  queryClient,
}: {
  mounted: boolean[];
  keys: number[];
  arbiter: UpsellPromptArbiter;
  queryClient: QueryClient;
}) {
  return (
    <StrictMode>
      <UpsellProvider client={client} arbiter={arbiter} queryClient={queryClient}>
        {PROMPTS.map((_, i) => (mounted[i] ? <Prompt key={`${i}:${keys[i]}`} index={i} /> : null))}
      </UpsellProvider>
    </StrictMode>
  );
}

const settle = () =>
  act(async () => {
    for (let i = 0; i < 4; i++) await new Promise((resolve) => setTimeout(resolve, 0));
  });

const shown = (index: number) =>
  screen.queryByRole(PROMPTS[index]!.kind === 'modal' ? 'dialog' : 'region', {
    name: PROMPTS[index]!.title,
  }) !== null;

describe('property (React): no slot held, no prompt stuck', () => {
  it('100 random mount / unmount / remount / dismiss sequences', async () => {
    const step = fc.record({
      op: fc.constantFrom('mount', 'unmount', 'remount', 'dismiss'),
      at: fc.nat(PROMPTS.length - 1),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 12 }), async (steps) => {
        const arbiter = createPromptArbiter({ maxVisible: 1 });
        const queryClient = new QueryClient();
        const mounted = PROMPTS.map(() => false);
        const keys = PROMPTS.map(() => 0);
        const dismissed = new Set<number>();
        const view = render(
          <Page mounted={mounted} keys={keys} arbiter={arbiter} queryClient={queryClient} />,
        );
        try {
          for (const { op, at } of steps) {
            if (op === 'mount') mounted[at] = true;
            if (op === 'unmount') mounted[at] = false;
            if (op === 'remount') keys[at] = (keys[at] ?? 0) + 1;
            if (op === 'dismiss' && shown(at)) {
              const name = PROMPTS[at]!.kind === 'modal' ? 'Not now' : 'Dismiss';
              const root = screen.getByRole(PROMPTS[at]!.kind === 'modal' ? 'dialog' : 'region', {
                name: PROMPTS[at]!.title,
              });
              fireEvent.click(
                [...root.querySelectorAll('button')].find(
                  (b) => b.textContent === name || b.getAttribute('aria-label') === name,
                )!,
              );
              dismissed.add(at);
            }
            view.rerender(
              <Page
                mounted={[...mounted]}
                keys={[...keys]}
                arbiter={arbiter}
                queryClient={queryClient}
              />,
            );
            await settle();

            const visible = PROMPTS.map((_, i) => shown(i));
            const modalOpen = visible[0]!;
            const others = visible.slice(1).filter(Boolean).length;
            expect(others).toBeLessThanOrEqual(1);
            // Only mounted prompts hold a slot.
            const holders = arbiter.entries().map((e) => e.key);
            expect(holders.length).toBeLessThanOrEqual(mounted.filter(Boolean).length);
            // Nothing stuck: a mounted, undismissed prompt the rules let show is shown.
            PROMPTS.forEach((prompt, i) => {
              if (!mounted[i] || dismissed.has(i) || visible[i]) return;
              const allowed =
                prompt.kind === 'modal'
                  ? !PROMPTS.some((p, j) => visible[j] && p.priority > prompt.priority)
                  : !modalOpen && others < 1;
              expect(allowed, `${prompt.title} stuck after ${JSON.stringify(steps)}`).toBe(false);
            });
          }
          view.rerender(
            <Page
              mounted={PROMPTS.map(() => false)}
              keys={keys}
              arbiter={arbiter}
              queryClient={queryClient}
            />,
          );
          await settle();
          expect(arbiter.entries()).toEqual([]);
        } finally {
          view.unmount();
          cleanup();
          queryClient.clear();
        }
      }),
      { numRuns: 100 },
    );
  }, 120_000);
});
