'use client';
import { useEffect, useLayoutEffect, useRef } from 'react';
import type { RefObject } from 'react';

// useLayoutEffect warns during server rendering in React 18; the effect never runs there anyway.
const useIsomorphicLayoutEffect = typeof document !== 'undefined' ? useLayoutEffect : useEffect;

/** A ref that always holds the latest value, for callbacks read from event handlers and effects. */
export function useLatest<T>(value: T): RefObject<T> {
  const ref = useRef(value);
  useIsomorphicLayoutEffect(() => {
    ref.current = value;
  });
  return ref;
}
