'use client';
import { useCallback, useRef } from 'react';
import type { Ref, RefCallback } from 'react';
import { composeRefs } from './compose-refs';

/**
 * Radix's `useComposedRefs` for prop getters, where the caller's ref is known only when the getter
 * is called: returns `compose(theirs)`, the same ref callback for `own` and `theirs` as long as
 * `theirs` is the same ref. A new ref callback on every render would make React detach and
 * attach the ref on every commit (`own(null)`, then `own(node)`), and, `own` being a state
 * setter, render the prompt twice per parent render.
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
  const memo = useRef<{ own: RefCallback<T>; theirs: Ref<T> | undefined; ref: RefCallback<T> }>(
    null,
  );
  return useCallback(
    (theirs) => {
      if (!theirs) return own;
      const last = memo.current;
      if (last && last.own === own && last.theirs === theirs) return last.ref;
      const ref = composeRefs(own, theirs);
      memo.current = { own, theirs, ref };
      return ref;
    },
    [own],
  );
}
