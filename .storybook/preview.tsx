import type { Preview } from '@storybook/react-vite';
import { mswLoader } from 'msw-storybook-addon/csf3';

const preview: Preview = {
  // Starts the MSW worker once; stories register their handlers in `beforeEach({ msw })`.
  loaders: [mswLoader()],
  parameters: {
    layout: 'padded',
    controls: { expanded: true },
    // Every story is an accessibility test: any axe violation fails it in the Vitest run.
    a11y: { test: 'error' },
  },
};

export default preview;
