'use client';
import { useEffect, useRef, useState } from 'react';

/** Fields that take typing: an Enter or a space there was meant for them, never for a dialog. */
function isTextField(element: Element | null): boolean {
  if (!(element instanceof HTMLElement)) return false;
  if (
    element.isContentEditable ||
    element.closest('[contenteditable]:not([contenteditable="false"])') ||
    element.tagName === 'TEXTAREA' ||
    element.tagName === 'SELECT'
  ) {
    return true;
  }
  return (
    element.tagName === 'INPUT' &&
    !/^(button|submit|reset|checkbox|radio|range|color|file|image|hidden)$/.test(
      (element as HTMLInputElement).type,
    )
  );
}

/**
 * `true` once the user is idle while `active`: no keydown and no input for `ms`, and no text field
 * has focus. Then it stays `true` (an open dialog never closes because the user types in it).
 * Keystrokes are watched from mount, so one that came just before `active` counts too.
 */
export function useIdle(active: boolean, ms: number): boolean {
  const [idle, setIdle] = useState(false);
  const lastInput = useRef(-Infinity);

  useEffect(() => {
    const note = () => {
      lastInput.current = Date.now();
    };
    document.addEventListener('keydown', note, true);
    document.addEventListener('input', note, true);
    return () => {
      document.removeEventListener('keydown', note, true);
      document.removeEventListener('input', note, true);
    };
  }, []);

  useEffect(() => {
    if (!active || idle) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const check = () => {
      clearTimeout(timer);
      // Typing in a field, or just stopped: wait (leaving the field checks again).
      if (isTextField(document.activeElement)) return;
      const wait = lastInput.current + ms - Date.now();
      if (wait > 0) timer = setTimeout(check, wait);
      else setIdle(true);
    };
    // After focusout, focus is still on the field until the event ends: look once it moved.
    const onFocusOut = () => {
      clearTimeout(timer);
      timer = setTimeout(check, 0);
    };
    check();
    document.addEventListener('focusout', onFocusOut);
    return () => {
      clearTimeout(timer);
      document.removeEventListener('focusout', onFocusOut);
    };
  }, [active, idle, ms]);

  return idle;
}
