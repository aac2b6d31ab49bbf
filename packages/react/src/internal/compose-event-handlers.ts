/**
 * Runs the caller's handler first, then ours unless the caller called `preventDefault()`
 * (Radix `composeEventHandlers`): the app always has the last word over the kit's behaviour.
 */
export function composeEventHandlers<E extends { defaultPrevented: boolean }>(
  theirs: ((event: E) => void) | undefined,
  ours: (event: E) => void,
): (event: E) => void {
  return (event) => {
    theirs?.(event);
    if (!event.defaultPrevented) ours(event);
  };
}
