import '@testing-library/jest-dom/vitest';
import { cleanup, configure } from '@testing-library/react';
import { afterEach } from 'vitest';
import { settleRequests, trackRequests } from './in-flight-requests';

// Every `findBy` / `waitFor` here waits on a real state (an MSW answer, then a render), never on
// time passing. On a busy 2-core machine (CI runs the unit projects in parallel) that took longer
// than Testing Library's 1 s default, and hydration.test.tsx failed once: a longer bound for a
// real state, not a race. A test that never reaches the state still fails.
configure({ asyncUtilTimeout: 10_000 });

trackRequests();

afterEach(async () => {
  cleanup();
  await settleRequests();
});
