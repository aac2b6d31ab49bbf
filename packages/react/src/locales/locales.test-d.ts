import { expectTypeOf } from 'vitest';
import type { UpsellLocaleMessages } from '../default-messages';
import type { UpsellMessagesInput } from '../upsell-messages-input';
import type { UpsellProviderProps } from '../upsell-provider';
import { de } from './de';
import { es } from './es';
import { fr } from './fr';
import { ja } from './ja';

// Checked by `tsc` (pnpm typecheck): every bundled locale is a complete message set, and goes
// straight into the provider's `messages`.
for (const locale of [de, es, fr, ja]) {
  expectTypeOf(locale).toEqualTypeOf<UpsellLocaleMessages>();
  expectTypeOf(locale).toExtend<UpsellMessagesInput>();
  expectTypeOf(locale).toExtend<NonNullable<UpsellProviderProps['messages']>>();
}

const { retry: _retry, ...withoutRetry } = de;
// @ts-expect-error a locale without one of the strings (here `retry`) does not type-check
export const missingString: UpsellLocaleMessages = withoutRetry;

// @ts-expect-error nor without one of the failure codes the English defaults word
export const missingCode: UpsellLocaleMessages = { ...de, failure: { default: 'Fehlgeschlagen.' } };

export const withUnits: UpsellMessagesInput = {
  ...de,
  units: { ai_credits: { one: 'KI-Credit', other: 'KI-Credits' } },
};
