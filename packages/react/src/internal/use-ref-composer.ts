'use client';
import { useRef } from 'react';
import type { Ref, RefCallback } from 'react';
import { composeRefs } from './compose-refs';

/**
 * Radix's `useComposedRefs` for prop getters, where the caller's ref is known only when the getter
 * is called: returns `compose(theirs)`, the same ref callback for `own` and `theirs` as long as
 * `theirs` is the same ref. A new ref callback on every render would make React detach and
 * attach the ref on every commit (`own(null)`, then `own(node)`), and, `own` being a state
 * setter, render the prompt twice per parent render. `own` must be stable (a state setter).
 *
 * @example
 * const composeRoot = useRefComposer(setRoot);
 * const getRootProps = (props) => ({ ...props, ref: composeRoot(props.ref) });
 */
export function useRefComposer<T>(
  own: RefCallback<T>,
): (theirs: Ref<T> | undefined) => RefCallback<T> {
  // The last composition: a memo, written during render like useMemo's own cache; the same
  // input always gives an equivalent output, so a discarded render leaves nothing wrong behind.
  const memo = useRef<[Ref<T> | undefined, RefCallback<T>]>([undefined, own]);
  return (theirs) => {
    if (memo.current[0] !== theirs)
      memo.current = [theirs, theirs ? composeRefs(own, theirs) : own];
    return memo.current[1];
  };
}
