import fc from 'fast-check';
import { describe, expect, test, vi } from 'vitest';
import { createPromptArbiter } from './prompt-arbiter';
import type { PromptArbiter } from './prompt-arbiter';

/** Releases take effect at the next microtask. */
const tick = () => Promise.resolve();

const showing = (arbiter: PromptArbiter) =>
  arbiter
    .entries()
    .filter((e) => e.slot === 'showing')
    .map((e) => e.key);

describe('createPromptArbiter', () => {
  test('a modal, a banner and a callout: one at a time, in priority order as each closes', async () => {
    const arbiter = createPromptArbiter();
    arbiter.request('banner', { priority: 20, interrupting: false });
    arbiter.request('callout', { priority: 10, interrupting: false });
    arbiter.request('modal', { priority: 30, interrupting: true });
    // The banner asked first and nothing was on screen: it shows; the callout waits (one
    // non-modal at a time); the modal outranks the banner, so it interrupts.
    expect(showing(arbiter)).toEqual(['modal', 'banner']);
    expect(arbiter.slotOf('callout')).toBe('waiting');

    arbiter.release('banner');
    await tick();
    // The modal is open: the callout waits until it closes.
    expect(showing(arbiter)).toEqual(['modal']);
    arbiter.release('modal');
    await tick();
    expect(showing(arbiter)).toEqual(['callout']);
  });

  test('asked together, they show in priority order, the modal first', async () => {
    const arbiter = createPromptArbiter();
    arbiter.request('modal', { priority: 30, interrupting: true });
    arbiter.request('banner', { priority: 20, interrupting: false });
    arbiter.request('callout', { priority: 10, interrupting: false });
    expect(showing(arbiter)).toEqual(['modal']);
    arbiter.release('modal');
    await tick();
    expect(showing(arbiter)).toEqual(['banner']);
    arbiter.release('banner');
    await tick();
    expect(showing(arbiter)).toEqual(['callout']);
    arbiter.release('callout');
    await tick();
    expect(arbiter.entries()).toEqual([]);
  });

  test('a modal of the same priority waits for a prompt that took its turn first (fast-check counterexample)', async () => {
    const arbiter = createPromptArbiter();
    arbiter.request('first-modal', { interrupting: true });
    arbiter.request('banner', { interrupting: false });
    arbiter.request('second-modal', { interrupting: true });
    arbiter.release('first-modal');
    await tick();
    // The banner asked before the second modal: it shows, and the modal does not open over it.
    expect(showing(arbiter)).toEqual(['banner']);
    expect(arbiter.slotOf('second-modal')).toBe('waiting');
    arbiter.release('banner');
    await tick();
    expect(showing(arbiter)).toEqual(['second-modal']);
  });

  test('a modal waits while a prompt of higher priority is on screen', async () => {
    const arbiter = createPromptArbiter();
    arbiter.request('banner', { priority: 50, interrupting: false });
    arbiter.request('modal', { priority: 10, interrupting: true });
    expect(arbiter.slotOf('modal')).toBe('waiting');
    arbiter.release('banner');
    await tick();
    expect(arbiter.slotOf('modal')).toBe('showing');
  });

  test('at most one modal; a second one waits for the first', async () => {
    const arbiter = createPromptArbiter();
    arbiter.request('a', { interrupting: true });
    arbiter.request('b', { priority: 99, interrupting: true });
    expect(showing(arbiter)).toEqual(['a']);
    arbiter.release('a');
    await tick();
    expect(showing(arbiter)).toEqual(['b']);
  });

  test('maxVisible non-modal prompts at once; equal priorities in the order they asked', () => {
    const arbiter = createPromptArbiter({ maxVisible: 2 });
    for (const key of ['a', 'b', 'c']) arbiter.request(key, { interrupting: false });
    expect(showing(arbiter)).toEqual(['a', 'b']);
    expect(arbiter.slotOf('c')).toBe('waiting');
  });

  test('a prompt on screen is never replaced by a later one of higher priority', () => {
    const arbiter = createPromptArbiter();
    arbiter.request('low', { priority: 1, interrupting: false });
    arbiter.request('high', { priority: 9, interrupting: false });
    expect(showing(arbiter)).toEqual(['low']);
  });

  test('release then request in one tick (StrictMode) keeps the slot; the waiting one never shows', async () => {
    const arbiter = createPromptArbiter();
    const listener = vi.fn();
    arbiter.request('a', { interrupting: false });
    arbiter.request('b', { interrupting: false });
    arbiter.subscribe(listener);
    arbiter.release('a');
    arbiter.request('a', { interrupting: false });
    await tick();
    expect(showing(arbiter)).toEqual(['a']);
    expect(arbiter.slotOf('b')).toBe('waiting');
    expect(listener).not.toHaveBeenCalled();
  });

  test('a released prompt reads as none at once, and its listeners hear of the next one', async () => {
    const arbiter = createPromptArbiter();
    arbiter.request('a', { interrupting: false });
    arbiter.request('b', { interrupting: false });
    const listener = vi.fn();
    const off = arbiter.subscribe(listener);
    arbiter.release('a');
    expect(arbiter.slotOf('a')).toBe('none');
    await tick();
    expect(arbiter.slotOf('b')).toBe('showing');
    expect(listener).toHaveBeenCalledTimes(1);
    off();
    arbiter.release('b');
    await tick();
    expect(listener).toHaveBeenCalledTimes(1);
  });

  test('asking again with a new priority re-ranks a waiting prompt', () => {
    const arbiter = createPromptArbiter();
    arbiter.request('shown', { interrupting: false });
    arbiter.request('x', { priority: 1, interrupting: false });
    arbiter.request('y', { priority: 2, interrupting: false });
    arbiter.request('x', { priority: 3, interrupting: false });
    expect(arbiter.entries().map((e) => e.key)).toEqual(['x', 'y', 'shown']);
    expect(arbiter.entries()[0]).toMatchObject({ key: 'x', priority: 3, slot: 'waiting' });
  });
});

// Issue 23: 1,000 random sequences of mounts, unmounts, dismissals and StrictMode remounts over
// five prompts of random kind and priority. After every step the slots obey the rules and are a
// fixpoint (no waiting prompt the rules would let show: nothing stuck); at the end, with every
// prompt gone, no slot is held.
describe('property: no slot held, no prompt stuck', () => {
  const prompt = fc.record({
    priority: fc.integer({ min: 0, max: 3 }),
    interrupting: fc.boolean(),
  });
  const step = fc.oneof(
    fc.record({ op: fc.constant('mount' as const), at: fc.nat(4) }),
    fc.record({ op: fc.constant('unmount' as const), at: fc.nat(4) }),
    fc.record({ op: fc.constant('dismiss' as const), at: fc.nat(4) }),
    fc.record({ op: fc.constant('strict' as const), at: fc.nat(4) }),
    fc.record({ op: fc.constant('flush' as const), at: fc.nat(4) }),
  );

  test('1,000 random mount / unmount / dismiss sequences', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(prompt, { minLength: 5, maxLength: 5 }),
        fc.array(step, { maxLength: 40 }),
        fc.integer({ min: 1, max: 3 }),
        async (prompts, steps, maxVisible) => {
          const arbiter = createPromptArbiter({ maxVisible });
          const mounted = new Set<number>();
          const check = (before: ReadonlyMap<string, string>) => {
            const entries = arbiter.entries();
            const open = entries.filter((e) => e.slot === 'showing');
            const modals = open.filter((e) => e.interrupting);
            expect(modals.length).toBeLessThanOrEqual(1);
            expect(open.filter((e) => !e.interrupting).length).toBeLessThanOrEqual(maxVisible);
            // Only mounted prompts hold anything.
            for (const entry of entries) expect(mounted.has(Number(entry.key))).toBe(true);
            const modalOpen = modals.length > 0;
            for (const entry of open) {
              // Newly shown while a modal is open: only that modal itself.
              if (before.get(entry.key) !== 'showing' && !entry.interrupting) {
                expect(modalOpen).toBe(false);
              }
            }
            // A fixpoint: no waiting prompt that the rules would let show.
            for (const entry of entries.filter((e) => e.slot === 'waiting')) {
              const couldShow = entry.interrupting
                ? !modalOpen && !open.some((e) => e.priority >= entry.priority)
                : !modalOpen && open.filter((e) => !e.interrupting).length < maxVisible;
              expect(couldShow).toBe(false);
            }
          };
          const snapshot = () => new Map(arbiter.entries().map((e) => [e.key, e.slot]));
          for (const { op, at } of steps) {
            const key = String(at);
            const before = snapshot();
            const claim = prompts[at] ?? { interrupting: false };
            if (op === 'mount') {
              mounted.add(at);
              arbiter.request(key, claim);
            } else if (op === 'strict' && mounted.has(at)) {
              arbiter.release(key);
              arbiter.request(key, claim);
            } else if (op === 'unmount' || op === 'dismiss') {
              mounted.delete(at);
              arbiter.release(key);
            }
            await tick();
            check(before);
          }
          for (const at of [...mounted]) {
            mounted.delete(at);
            arbiter.release(String(at));
          }
          await tick();
          expect(arbiter.entries()).toEqual([]);
          for (let at = 0; at < 5; at++) expect(arbiter.slotOf(String(at))).toBe('none');
        },
      ),
      { numRuns: 1000 },
    );
  });
});
