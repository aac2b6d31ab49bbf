import type { Decorator, Preview } from '@storybook/react-vite';
import type { UpsellProviderProps } from '@upsell-kit/react';
import { mswLoader } from 'msw-storybook-addon/csf3';
import { configure } from 'storybook/test';
import '@upsell-kit/react/styles.css';
import './story.css';
import { StoryShell } from './story-shell';
import {
  backendOf,
  installStoryBackend,
  storySimulatorsHandler,
  type UpsellStoryParameter,
} from './upsell-msw';

declare module 'storybook/internal/types' {
  interface Parameters {
    /** The story's backend (scenario, outcomes, faults), or `false` to build its own. */
    upsell?: UpsellStoryParameter;
    /** Extra `UpsellProvider` props (messages, locale, callbacks). */
    upsellProvider?: Partial<UpsellProviderProps>;
  }
}

// Every story waits on real network round trips (browser → server handler → simulator) and on
// polling; on a busy 2-core CI machine a second is not always enough. No story waits on a timer.
configure({ asyncUtilTimeout: 10_000 });

type ThemeName = 'light' | 'dark' | 'brand';

/**
 * The toolbar's theme (light / dark / brand) on `<html>`, where the portalled modal sees it too.
 * Light is the kit's default and sets nothing, so the Theme* stories' own themes still apply.
 */
const withTheme: Decorator = (Story, context) => {
  const theme = (context.globals.theme ?? 'light') as ThemeName;
  const html = document.documentElement;
  if (theme === 'light') {
    delete html.dataset.theme;
    delete html.dataset.brand;
  } else {
    html.dataset.theme = theme === 'dark' ? 'dark' : 'light';
    if (theme === 'brand') html.dataset.brand = 'acme';
    else delete html.dataset.brand;
  }
  return (
    <div className={theme === 'light' ? undefined : 'story-theme-surface'}>
      <Story />
    </div>
  );
};

/** Wraps every story in an `UpsellProvider` talking to the story's own backend. */
const withUpsellBackend: Decorator = (Story, context) => {
  if (context.parameters.upsell === false) return <Story />;
  const backend = backendOf(context);
  return (
    // A fresh provider (and so a fresh query cache) per backend: no offer leaks between stories.
    <StoryShell
      key={backend.upstreamOrigin}
      backend={backend}
      provider={context.parameters.upsellProvider}
    >
      <Story />
    </StoryShell>
  );
};

const preview: Preview = {
  // Starts the MSW worker once. Story handlers are reset before every story; the simulators'
  // handler is an initial one and stays.
  loaders: [
    mswLoader(async () => {
      const { setupWorker } = await import('msw/browser');
      const worker = setupWorker(storySimulatorsHandler);
      await worker.start({
        quiet: true,
        // Only the kit's API matters; Storybook's own assets and modules pass through.
        onUnhandledFrame: ({ frame, defaults }) => {
          if (frame.protocol !== 'http') return;
          const { request } = frame.data as { request: Request };
          if (new URL(request.url).pathname.startsWith('/api/')) defaults.warn();
        },
      });
      return worker;
    }),
  ],
  // A fresh backend per story: real server handler + simulator, configured by parameters.upsell.
  beforeEach(context) {
    installStoryBackend(context);
  },
  decorators: [withUpsellBackend, withTheme],
  globalTypes: {
    theme: {
      description: 'Theme of the prompts (styles.css)',
      toolbar: {
        title: 'Theme',
        icon: 'paintbrush',
        items: [
          { value: 'light', title: 'Light (default)' },
          { value: 'dark', title: 'Dark (data-theme="dark")' },
          { value: 'brand', title: 'Brand (--upsell-* overrides)' },
        ],
        dynamicTitle: true,
      },
    },
  },
  initialGlobals: { theme: 'light' },
  parameters: {
    layout: 'padded',
    controls: { expanded: true },
    upsell: {},
    // Every story is an accessibility test: any axe violation fails it in the Vitest run.
    a11y: { test: 'error' },
  },
};

export default preview;
