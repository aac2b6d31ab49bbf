'use client';
import { useEffect, useId } from 'react';
import { debugHubOf } from './debug-hub';
import type { DebugPromptReport } from './debug-hub';

/**
 * Development builds only (callers sit behind `process.env.NODE_ENV !== 'production'`): reports
 * this prompt's facts to the provider's debug hub after every render, and removes them on
 * unmount, for `UpsellDebugPanel`.
 */
export function useDebugReport(
  registry: object,
  report: () => Omit<DebugPromptReport, 'key'>,
): void {
  const key = useId();
  const hub = debugHubOf(registry);
  useEffect(() => hub.set({ key, ...report() }));
  useEffect(() => () => hub.delete(key), [hub, key]);
}
