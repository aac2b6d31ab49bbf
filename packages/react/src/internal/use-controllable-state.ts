'use client';
import { useCallback, useState } from 'react';
import { useLatest } from './use-latest';

/**
 * Controlled when `prop` is defined, uncontrolled otherwise (Radix `useControllableState`).
 * `onChange` fires for every change either way.
 */
export function useControllableState<T>(options: {
  prop: T | undefined;
  defaultProp: T;
  onChange?: ((value: T) => void) | undefined;
}): [T, (next: T) => void] {
  const { prop, defaultProp, onChange } = options;
  const [uncontrolled, setUncontrolled] = useState(defaultProp);
  const controlled = prop !== undefined;
  const value = controlled ? prop : uncontrolled;
  const onChangeRef = useLatest(onChange);
  const setValue = useCallback(
    (next: T) => {
      if (Object.is(next, value)) return;
      if (!controlled) setUncontrolled(next);
      onChangeRef.current?.(next);
    },
    [controlled, value, onChangeRef],
  );
  return [value, setValue];
}
