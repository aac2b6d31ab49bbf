// `@upsell-kit/react/arbitration`: prompts that take turns. An entry of its own so that an app
// without an arbiter ships none of its rules nor their React binding.
export { createPromptArbiter } from './arbiter/create-prompt-arbiter';
export type { UpsellPromptArbiter } from './arbiter/upsell-prompt-arbiter';
export type {
  PromptArbiter,
  PromptArbiterEntry,
  PromptArbiterOptions,
  PromptClaim,
  PromptSlot,
} from '@upsell-kit/core';
