import { describe, expect, it } from 'vitest';
import { redisForFile } from '../test-support/redis-process';
import {
  createMemoryBudgetAdmission,
  type BudgetAdmission,
  type BudgetAdmissionRequest,
} from './budget-admission';
import { createRedisStore } from './create-redis-store';

// The budget's admission rule, with the clock passed in (a fake clock), against the memory rule
// and the Lua script on a real redis-server started for this file.

const redisServer = redisForFile();

const rules: [string, () => BudgetAdmission][] = [
  ['memory', () => createMemoryBudgetAdmission({ maxIdentities: 100 })],
  [
    'Redis',
    () =>
      createRedisStore(redisServer.client(), {
        prefix: `t${Math.random().toString(36).slice(2)}:`,
      }).budgetAdmission,
  ],
];

const T0 = 1_700_000_000_000;
type Priority = NonNullable<BudgetAdmissionRequest['priority']>;

/**
 * A budget of 100 a minute: 10 reserved for critical calls, 10 for status reads, a floor of 5
 * for dismissals (no offers floor unless a test asks for one).
 */
function budgetOf(admission: BudgetAdmission, extra: Partial<BudgetAdmissionRequest> = {}) {
  const ask = (
    priority: Priority | null,
    now: number,
    more: Partial<BudgetAdmissionRequest> = {},
  ) =>
    admission('{budget}:test', {
      priority,
      now,
      windowMs: 60_000,
      limit: 100,
      reserves: { critical: 10, status: 10, dismissed: 5, offers: 0 },
      demandWindowMs: 15_000,
      ...extra,
      ...more,
    });
  /** How many calls of `priority` are admitted in a row at `now` (at most `max`). */
  const fill = async (priority: Priority, now: number, max = 200) => {
    let admitted = 0;
    while (admitted < max && (await ask(priority, now)).allowed) admitted++;
    return admitted;
  };
  return { ask, fill };
}

describe.each(rules)('the budget rule (%s)', (_name, make) => {
  it('lets critical calls use the whole budget', async () => {
    const { ask, fill } = budgetOf(make());
    expect(await fill('critical', T0)).toBe(100);
    expect(await ask('critical', T0)).toMatchObject({ allowed: false, reason: 'budget' });
    expect((await ask(null, T0)).used).toBe(100);
  });

  it('keeps the critical reserve and the dismissal floor from offer fetches', async () => {
    const { ask, fill } = budgetOf(make());
    expect(await fill('offers', T0)).toBe(75);
    // The dismissals' floor is still theirs, then the critical reserve is.
    expect(await fill('dismissed', T0 + 1)).toBe(5);
    expect(await fill('critical', T0 + 2)).toBe(20);
    expect(await ask('critical', T0 + 3)).toMatchObject({
      allowed: false,
      reason: 'budget',
      retryAfterMs: 60_000 - 3,
    });
  });

  it('hands what a floor used to the classes below it (floors, not ceilings)', async () => {
    const { fill } = budgetOf(make());
    // Creates past their reserve use the status reads' reserve first (they rank above them).
    expect(await fill('critical', T0, 20)).toBe(20);
    expect(await fill('dismissed', T0, 5)).toBe(5);
    // Every floor is used: offer fetches may take all the rest.
    expect(await fill('offers', T0 + 1)).toBe(75);
  });

  it('keeps the creates reserve from status reads: reads never starve an accept', async () => {
    const { ask, fill } = budgetOf(make());
    // Status reads may use everything but the creates' reserve …
    expect(await fill('status', T0)).toBe(90);
    expect(await ask('status', T0 + 1)).toMatchObject({ allowed: false, reason: 'budget' });
    expect(await ask('offers', T0 + 1)).toMatchObject({ allowed: false, reason: 'budget' });
    // … which stays the creates' (and grants').
    expect(await fill('critical', T0 + 2)).toBe(10);
  });

  it('keeps the status reads reserve from offer fetches and views, not from creates', async () => {
    const { ask, fill } = budgetOf(make());
    expect(await fill('offers', T0)).toBe(75);
    expect(await ask('offers', T0 + 1)).toMatchObject({ allowed: false, reason: 'budget' });
    // Their reserve, and the dismissal floor below them; never the creates' reserve.
    expect(await fill('status', T0 + 1)).toBe(10 + 5);
    expect(await fill('critical', T0 + 3)).toBe(10);
    // Without the reads: creates may take both reserves.
    const other = budgetOf(make());
    expect(await other.fill('offers', T0)).toBe(75);
    expect(await other.fill('critical', T0 + 1)).toBe(25);
  });

  it('keeps the offers floor from views and deferred dismissals, not from offer fetches', async () => {
    const { ask, fill } = budgetOf(make(), {
      reserves: { critical: 10, status: 10, dismissed: 5, offers: 20 },
    });
    // No page load for 15 s (no projected demand): a flood of dismissals takes its floor and what
    // the offers' unused floor leaves, …
    expect(await fill('dismissed', T0)).toBe(5 + 55);
    expect(await fill('viewed', T0 + 1)).toBe(0);
    // … so that page loads arriving now still find their floor.
    expect(await fill('offers', T0 + 2)).toBe(20);
    expect(await ask('offers', T0 + 3)).toMatchObject({ allowed: false, reason: 'budget' });
  });

  it('lets dismissals past their floor only around the offer-fetch demand', async () => {
    const { fill } = budgetOf(make());
    expect(await fill('offers', T0, 10)).toBe(10);
    // Floor: 5 at once. Beyond it, 10 fetches in 15 s project 40 a minute: used + 1 + 40 ≤ 80 …
    expect(await fill('dismissed', T0 + 1)).toBe(5 + 25);
    // … and with no demand for 15 s, everything but the critical reserve.
    expect(await fill('dismissed', T0 + 15_001)).toBe(80 - 40);
  });

  it('admits views only from spare capacity: never the room page loads arriving now need', async () => {
    const { fill, ask } = budgetOf(make());
    expect(await fill('offers', T0, 10)).toBe(10);
    // 10 fetches in the last 15 s → 40 projected: views while used + 1 + 40 ≤ 75.
    expect(await fill('viewed', T0 + 1)).toBe(25);
    expect(await ask('viewed', T0 + 2)).toMatchObject({ allowed: false, reason: 'budget' });
    // The fetches still fit: the views left them their room.
    expect(await fill('offers', T0 + 3)).toBe(75 - 35);
    // After the storm (no demand for 15 s) views take what floors and fetches leave.
    expect(await fill('viewed', T0 + 15_004)).toBe(0);
    expect(await fill('viewed', T0 + 60_002)).toBe(75 - 40);
  });

  it('counts shed offer fetches as demand', async () => {
    const { fill, ask } = budgetOf(make());
    expect(await fill('offers', T0)).toBe(75);
    for (let shed = 0; shed < 30; shed++) {
      expect((await ask('offers', T0 + 50_000)).allowed).toBe(false);
    }
    // The window is empty 60 s later, but the 30 fetches shed 10 s ago project 120 a minute:
    // no view yet; 15 s after them, all the room but the floors.
    expect(await fill('viewed', T0 + 60_001)).toBe(0);
    expect(await fill('viewed', T0 + 65_001)).toBe(75);
  });

  it('slides: a call leaves the window 60 s after it was made', async () => {
    const { ask, fill } = budgetOf(make());
    expect(await fill('critical', T0, 50)).toBe(50);
    expect(await fill('critical', T0 + 30_000)).toBe(50);
    expect((await ask('critical', T0 + 59_999)).allowed).toBe(false);
    expect(await fill('critical', T0 + 60_000)).toBe(50);
  });

  it('keeps one identity within its share of a class, others unaffected', async () => {
    const { ask } = budgetOf(make(), { identityLimit: 3 });
    for (let call = 0; call < 3; call++) {
      expect((await ask('offers', T0 + call, { identity: 'attacker' })).allowed).toBe(true);
    }
    expect(await ask('offers', T0 + 3, { identity: 'attacker' })).toMatchObject({
      allowed: false,
      reason: 'fairness',
      retryAfterMs: 60_000 - 3,
    });
    expect((await ask('offers', T0 + 4, { identity: 'someone' })).allowed).toBe(true);
    // A share per class: the attacker's critical calls are counted apart.
    expect((await ask('critical', T0 + 5, { identity: 'attacker' })).allowed).toBe(true);
    expect((await ask('offers', T0 + 60_001, { identity: 'attacker' })).allowed).toBe(true);
  });
});
