// `@upsell-kit/react/debug`: the development-only "why no offer?" panel. An entry of its own: an
// app that does not import it ships none of it, and production builds of the prompts carry none
// of its reporting.
export { UpsellDebugPanel } from './debug/upsell-debug-panel';
export type { UpsellDebugPanelProps } from './debug/upsell-debug-panel';
export { explainPrompt } from '@upsell-kit/core';
export type { PromptExplanation, PromptFacts, PromptReason } from '@upsell-kit/core';
