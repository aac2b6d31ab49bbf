import type { SimulatorClock } from '../simulator';

/** A clock that is real time plus an adjustable offset, so real delays and `advance()` both count. */
export function createClock(): SimulatorClock & { resetOffset(): void } {
  let offset = 0;
  return {
    now: () => Date.now() + offset,
    advance(ms: number) {
      if (!Number.isFinite(ms) || ms < 0)
        throw new RangeError('clock.advance(ms) needs a finite ms >= 0');
      offset += ms;
    },
    set(epochMs: number) {
      if (!Number.isFinite(epochMs))
        throw new RangeError('clock.set(epochMs) needs a finite number');
      offset = epochMs - Date.now();
    },
    resetOffset() {
      offset = 0;
    },
  };
}
