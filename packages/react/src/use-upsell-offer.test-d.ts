import type { OfferStatus } from '@upsell-kit/core';
import type { MouseEventHandler, Ref } from 'react';
import { expectTypeOf } from 'vitest';
import type { UseUpsellOfferResult } from './use-upsell-offer-result';

// Checked by `tsc` (pnpm typecheck): the public generic getters keep the element type.
declare const upsell: UseUpsellOfferResult;

expectTypeOf(upsell.status).toEqualTypeOf<OfferStatus>();
expectTypeOf(upsell.accept).parameters.toEqualTypeOf<[optionId: string]>();

const section = upsell.getRootProps<HTMLElement>({ className: 'x' });
expectTypeOf(section.ref).toEqualTypeOf<Ref<HTMLElement> | undefined>();
expectTypeOf(section['data-state']).toEqualTypeOf<OfferStatus>();

const title = upsell.getTitleProps<HTMLHeadingElement>();
expectTypeOf(title.ref).toEqualTypeOf<Ref<HTMLHeadingElement> | undefined>();

const cta = upsell.getCtaProps({ id: 'o', label: 'Add', processing_type: 'billing_update' });
expectTypeOf(cta['data-option-id']).toEqualTypeOf<string>();
expectTypeOf(cta.onClick).toEqualTypeOf<MouseEventHandler<HTMLButtonElement> | undefined>();

// @ts-expect-error an option needs a label and a processing type
upsell.getCtaProps({ id: 'o' });
