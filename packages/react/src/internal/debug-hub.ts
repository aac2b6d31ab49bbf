'use client';
import type { PromptFacts } from '@upsell-kit/core';

/** One prompt as the debug panel lists it (development builds only). */
export interface DebugPromptReport {
  /** React's id of the prompt (stable while it is mounted). */
  key: string;
  placementId: string | undefined;
  /** How it is shown: `banner`, `modal` or `inline`. */
  placement: string;
  /** The offer's plain title, when there is one. */
  title: string | undefined;
  facts: PromptFacts;
}

/** The prompts of one provider, for `UpsellDebugPanel`. */
export interface DebugHub {
  set(report: DebugPromptReport): void;
  delete(key: string): void;
  /** The same array until something changes (a `useSyncExternalStore` snapshot). */
  reports(): readonly DebugPromptReport[];
  subscribe(listener: () => void): () => void;
}

const hubs = new WeakMap<object, DebugHub>();

/**
 * The debug hub of the provider whose registry is `registry`, created on first use. Only
 * development builds reach it: every caller sits behind `process.env.NODE_ENV !== 'production'`,
 * so a production bundle carries none of it.
 */
export function debugHubOf(registry: object): DebugHub {
  let hub = hubs.get(registry);
  if (hub) return hub;
  const byKey = new Map<string, DebugPromptReport>();
  const listeners = new Set<() => void>();
  let snapshot: readonly DebugPromptReport[] = [];
  const changed = () => {
    snapshot = [...byKey.values()];
    for (const listener of [...listeners]) listener();
  };
  hub = {
    set(report) {
      byKey.set(report.key, report);
      changed();
    },
    delete(key) {
      if (byKey.delete(key)) changed();
    },
    reports: () => snapshot,
    subscribe(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
  };
  hubs.set(registry, hub);
  return hub;
}

/** What a component adds to its hook's report: its open state and its turn (development only). */
export const promptExtras = new WeakMap<object, { open: boolean; waiting: boolean }>();
