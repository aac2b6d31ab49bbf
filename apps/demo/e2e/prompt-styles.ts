/** The demo's prompt styles, by the labels of its "Prompt style" picker. */
export type PromptStyle = 'Banner' | 'Modal' | 'Inline callout';

/** Every prompt style: the e2e specs run once per style. */
export const PROMPT_STYLES: readonly PromptStyle[] = ['Banner', 'Modal', 'Inline callout'];
