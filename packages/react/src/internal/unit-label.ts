import type { FulfillmentGrant } from '@upsell-kit/core';
import type { UpsellUnitLabel } from '../default-messages';

/**
 * The grant's unit in words, in the plural form its amount takes in `locale` (`Intl.PluralRules`),
 * or `''` when `units` has no name for it. Own properties only: a `unit_id` is the server's free
 * text, and `constructor` must not pick up Object.prototype's members.
 */
export function unitLabel(
  units: Record<string, UpsellUnitLabel>,
  { unit_id: unitId, amount }: FulfillmentGrant,
  locale: string | undefined,
): string {
  const label = Object.hasOwn(units, unitId) ? units[unitId] : undefined;
  if (!label || typeof label.other !== 'string') return '';
  let form: Intl.LDMLPluralRule = 'other';
  try {
    form = new Intl.PluralRules(locale).select(Number(amount));
  } catch {
    // An invalid locale tag: the `other` form.
  }
  return label[form] ?? label.other;
}
