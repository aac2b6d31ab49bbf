import type { Ref, RefCallback } from 'react';

/** Sets one ref (callback or object); returns a callback ref's React 19 cleanup, if any. */
function setRef<T>(ref: Ref<T> | undefined, node: T | null): void | (() => void) {
  if (typeof ref === 'function') return ref(node);
  if (ref) ref.current = node;
}

/**
 * One ref callback that feeds every given ref (callback or object), as Radix's `composeRefs`.
 * When a callback ref returns a cleanup (React 19), the composed ref returns one too, which runs
 * those cleanups and clears the other refs; React 18 calls the ref with `null` instead.
 */
export function composeRefs<T>(...refs: (Ref<T> | undefined)[]): RefCallback<T> {
  return (node) => {
    let hasCleanup = false;
    const cleanups = refs.map((ref) => {
      const cleanup = setRef(ref, node);
      if (typeof cleanup === 'function') hasCleanup = true;
      return cleanup;
    });
    if (!hasCleanup) return;
    return () => {
      cleanups.forEach((cleanup, i) => {
        if (typeof cleanup === 'function') cleanup();
        else setRef(refs[i], null);
      });
    };
  };
}
