import type { Ref, RefCallback } from 'react';

/** Sets one ref (callback or object); returns a callback ref's React 19 cleanup, if any. */
function setRef<T>(ref: Ref<T> | undefined, node: T | null): void | (() => void) {
  if (typeof ref === 'function') return ref(node);
  if (ref) ref.current = node;
}

/**
 * One ref callback that feeds every given ref (callback or object), as Radix's `composeRefs`.
 * It returns a React 19 cleanup, which runs the refs' own cleanups and clears the other refs;
 * React 18 ignores it and calls the ref with `null` instead.
 */
export function composeRefs<T>(...refs: (Ref<T> | undefined)[]): RefCallback<T> {
  return (node) => {
    const cleanups = refs.map((ref) => setRef(ref, node));
    return () => cleanups.forEach((cleanup, i) => (cleanup ? cleanup() : setRef(refs[i], null)));
  };
}
