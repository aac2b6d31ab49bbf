import { UpsellBanner, UpsellInlineCallout, UpsellModal } from '@upsell-kit/react';

export type PromptStyle = 'banner' | 'modal' | 'inline';

export interface OfferSlotProps {
  style: PromptStyle;
  custom: Record<string, number>;
}

/** The offer, in the prompt style the visitor picked. */
export function OfferSlot({ style, custom }: OfferSlotProps) {
  switch (style) {
    case 'banner':
      return (
        <div className="offer-slot offer-slot-banner">
          <UpsellBanner custom={custom} />
        </div>
      );
    case 'inline':
      return (
        <div className="offer-slot offer-slot-inline">
          <UpsellInlineCallout custom={custom} />
        </div>
      );
    case 'modal':
      return <UpsellModal custom={custom} />;
  }
}
