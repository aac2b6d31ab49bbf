import '@testing-library/jest-dom/vitest';
import { cleanup, configure } from '@testing-library/react';
import { afterEach } from 'vitest';

// The waits are on real states (the handler, the simulator, a render), never on time passing; a
// busy 2-core machine takes longer than Testing Library's 1 s default to reach them.
configure({ asyncUtilTimeout: 10_000 });

afterEach(() => {
  cleanup();
});
