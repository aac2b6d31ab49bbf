import { act, renderHook } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { useIdle } from './use-idle';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
  document.body.replaceChildren();
});

const key = () =>
  act(() => void document.body.dispatchEvent(new KeyboardEvent('keydown', { bubbles: true })));

describe('useIdle', () => {
  it('is idle at once when nobody typed and no text field has focus', () => {
    const { result } = renderHook(() => useIdle(true, 1500));
    expect(result.current).toBe(true);
  });

  it('waits 1.5 s after the last keystroke, restarting with each', () => {
    const { result, rerender } = renderHook(({ active }) => useIdle(active, 1500), {
      initialProps: { active: false },
    });
    key();
    rerender({ active: true });
    expect(result.current).toBe(false);
    act(() => void vi.advanceTimersByTime(1000));
    key();
    act(() => void vi.advanceTimersByTime(1499));
    expect(result.current).toBe(false);
    act(() => void vi.advanceTimersByTime(1));
    expect(result.current).toBe(true);
    // Latched: typing later does not take it back.
    key();
    expect(result.current).toBe(true);
  });

  it('waits while a text field has focus, however long, and not for buttons', () => {
    const input = document.createElement('input');
    const button = document.createElement('button');
    document.body.append(input, button);
    input.focus();
    const { result } = renderHook(() => useIdle(true, 1500));
    act(() => void vi.advanceTimersByTime(60_000));
    expect(result.current).toBe(false);
    act(() => button.focus());
    act(() => void vi.advanceTimersByTime(0));
    expect(result.current).toBe(true);
  });

  it('counts contenteditable, textarea and select as text fields', () => {
    for (const html of [
      '<div contenteditable="true" tabindex="0"></div>',
      '<textarea></textarea>',
      '<select></select>',
    ]) {
      document.body.innerHTML = html;
      (document.body.firstElementChild as HTMLElement).focus();
      const { result, unmount } = renderHook(() => useIdle(true, 1500));
      act(() => void vi.advanceTimersByTime(5000));
      expect(result.current).toBe(false);
      unmount();
    }
  });
});
