import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { withDeadline } from './with-deadline';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

it('settles with the promise when it settles first, and clears the timer', async () => {
  const onTimeout = vi.fn(() => 'late');
  const result = withDeadline(Promise.resolve('fast'), 1_000, onTimeout);
  await expect(result).resolves.toBe('fast');
  expect(vi.getTimerCount()).toBe(0);
  await vi.advanceTimersByTimeAsync(2_000);
  expect(onTimeout).not.toHaveBeenCalled();
});

it('passes a rejection through and clears the timer', async () => {
  const result = withDeadline(Promise.reject(new Error('boom')), 1_000, () => 'late');
  await expect(result).rejects.toThrow('boom');
  expect(vi.getTimerCount()).toBe(0);
});

it('settles with onTimeout() when the deadline passes first', async () => {
  const never = new Promise<string>(() => {});
  const result = withDeadline(never, 1_000, () => 'timed out');
  await vi.advanceTimersByTimeAsync(999);
  let settled = false;
  void result.then(() => (settled = true));
  await Promise.resolve();
  expect(settled).toBe(false);
  await vi.advanceTimersByTimeAsync(1);
  await expect(result).resolves.toBe('timed out');
});

it('rejects with what onTimeout() throws', async () => {
  const result = withDeadline(new Promise<string>(() => {}), 50, () => {
    throw new Error('deadline');
  });
  const assertion = expect(result).rejects.toThrow('deadline');
  await vi.advanceTimersByTimeAsync(50);
  await assertion;
});
