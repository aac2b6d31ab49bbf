// `@upsell-kit/react/arbitration`: prompts that take turns. An entry of its own so that an app
// without an arbiter ships none of its rules.
export { createPromptArbiter } from '@upsell-kit/core';
export type {
  PromptArbiter,
  PromptArbiterEntry,
  PromptArbiterOptions,
  PromptClaim,
  PromptSlot,
} from '@upsell-kit/core';
