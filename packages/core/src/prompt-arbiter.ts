/** What a prompt tells the arbiter when it asks for room on screen. */
export interface PromptClaim {
  /**
   * Higher goes first among waiting prompts; equal priorities go in the order they asked.
   * @default 0
   * @example arbiter.request(id, { priority: 30, interrupting: true })
   */
  priority?: number | undefined;
  /**
   * An interrupting prompt (a modal dialog): at most one is open at a time, no other prompt
   * appears while it is open, and it waits while a prompt of the same or higher priority is on
   * screen.
   * @example arbiter.request(id, { interrupting: true })
   */
  interrupting: boolean;
  /**
   * The prompt's placement, for the debug panel and frequency caps.
   * @default undefined
   * @example arbiter.request(id, { interrupting: false, placementId: 'dashboard-storage' })
   */
  placementId?: string | undefined;
}

/**
 * Where a prompt stands: `showing` (it may render), `waiting` (behind another prompt: it renders
 * nothing, sends no `viewed` and takes no focus), `none` (it asked for nothing).
 */
export type PromptSlot = 'showing' | 'waiting' | 'none';

/** One prompt the arbiter knows, as {@link PromptArbiter.entries} lists it. */
export interface PromptArbiterEntry {
  key: string;
  priority: number;
  interrupting: boolean;
  placementId: string | undefined;
  slot: Exclude<PromptSlot, 'none'>;
}

/**
 * Decides which of the prompts that have something to show may show it now: one voice for the
 * page (`createPromptArbiter`). A binding asks for a slot when its prompt would render
 * (`request`) and gives it back when the prompt closes, loses its offer or unmounts (`release`);
 * a waiting prompt appears as soon as the rules let it, in priority order.
 */
export interface PromptArbiter {
  /**
   * `key` has something to show. Granted at once when the rules allow, else queued. Asking again
   * updates the claim; a prompt on screen keeps its slot.
   */
  request(key: string, claim: PromptClaim): void;
  /** `key` shows nothing any more (closed, no offer, unmounted): its slot or place is freed. */
  release(key: string): void;
  /** Where `key` stands now. */
  slotOf(key: string): PromptSlot;
  /** Every prompt that asked and did not release, by priority. */
  entries(): readonly PromptArbiterEntry[];
  /** Listen for changes of any slot; returns the unsubscribe function. */
  subscribe(listener: () => void): () => void;
}

/** Options of {@link createPromptArbiter}. */
export interface PromptArbiterOptions {
  /**
   * How many non-interrupting prompts (banners, inline callouts) may show at once.
   * @default 1
   * @example createPromptArbiter({ maxVisible: 2 })
   */
  maxVisible?: number;
}

interface Entry extends PromptArbiterEntry {
  seq: number;
  /** Released in this tick: removed at the next microtask, unless asked for again before. */
  leaving: boolean;
}

/**
 * Creates the arbiter of one page: give it to `UpsellProvider` (`arbiter` prop) to have its
 * prompts take turns. The rules:
 *
 * 1. A prompt on screen keeps its slot until it shows nothing any more (never replaced by a later
 *    one: the user may be reading it).
 * 2. At most one interrupting prompt (modal) is open at a time, and it waits while a prompt of
 *    the same or higher priority is on screen (a tie goes to what is already there, or came first:
 *    a modal never opens over a banner that appeared in the same instant).
 * 3. No other prompt appears while a modal is open (it would sit behind the modal's inert page).
 * 4. At most `maxVisible` non-interrupting prompts show at once.
 * 5. Waiting prompts get their turn in priority order (then in the order they asked).
 *
 * Framework-free. A release takes effect at the next microtask, so that a release and a request
 * of the same prompt in one tick (StrictMode's double effects, a re-render that moves it) keep
 * its slot and its place rather than handing them to the next prompt for a moment.
 *
 * @example
 * const arbiter = createPromptArbiter({ maxVisible: 1 });
 * arbiter.request('export-modal', { priority: 30, interrupting: true }); // showing
 * arbiter.request('storage-banner', { priority: 20, interrupting: false }); // waiting
 * arbiter.release('export-modal'); // storage-banner: showing
 */
export function createPromptArbiter(options: PromptArbiterOptions = {}): PromptArbiter {
  const maxVisible = Math.max(1, options.maxVisible ?? 1);
  const prompts = new Map<string, Entry>();
  const listeners = new Set<() => void>();
  let seq = 0;
  let flushing = false;

  const ordered = () =>
    [...prompts.values()].sort((a, b) => b.priority - a.priority || a.seq - b.seq);

  /** Grants every slot the rules allow; notifies when any changed. */
  const settle = (changed: boolean) => {
    const order = ordered();
    let modalOpen = order.some((e) => e.slot === 'showing' && e.interrupting);
    let shown = order.filter((e) => e.slot === 'showing' && !e.interrupting).length;
    for (const entry of order) {
      if (entry.slot === 'showing') continue;
      const allowed = entry.interrupting
        ? !modalOpen && !order.some((e) => e.slot === 'showing' && e.priority >= entry.priority)
        : !modalOpen && shown < maxVisible;
      if (!allowed) continue;
      entry.slot = 'showing';
      changed = true;
      if (entry.interrupting) modalOpen = true;
      else shown++;
    }
    if (changed) for (const listener of [...listeners]) listener();
  };

  const flush = () => {
    flushing = false;
    let changed = false;
    for (const [key, entry] of prompts) {
      if (entry.leaving) changed = prompts.delete(key);
    }
    if (changed) settle(true);
  };

  return {
    request(key, { priority = 0, interrupting, placementId }) {
      const entry = prompts.get(key);
      if (entry) {
        const same =
          entry.priority === priority &&
          entry.interrupting === interrupting &&
          entry.placementId === placementId;
        entry.leaving = false;
        if (same) return;
        Object.assign(entry, { priority, interrupting, placementId });
        // A prompt that changed its claim while waiting is re-ranked; on screen it stays.
        settle(true);
        return;
      }
      prompts.set(key, {
        key,
        priority,
        interrupting,
        placementId,
        slot: 'waiting',
        seq: ++seq,
        leaving: false,
      });
      settle(true);
    },
    release(key) {
      const entry = prompts.get(key);
      if (!entry || entry.leaving) return;
      entry.leaving = true;
      if (!flushing) {
        flushing = true;
        queueMicrotask(flush);
      }
    },
    slotOf: (key) => {
      const entry = prompts.get(key);
      return entry && !entry.leaving ? entry.slot : 'none';
    },
    entries: () =>
      ordered()
        .filter((entry) => !entry.leaving)
        .map(({ key, priority, interrupting, placementId, slot }) => ({
          key,
          priority,
          interrupting,
          placementId,
          slot,
        })),
    subscribe(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
  };
}
