export { UpsellProvider } from './upsell-provider';
export type { UpsellProviderProps } from './upsell-provider';
export { useUpsellOffer } from './use-upsell-offer';
export type {
  UpsellElementProps,
  UseUpsellOfferOptions,
  UseUpsellOfferResult,
} from './use-upsell-offer';
export { defaultMessages } from './default-messages';
export type { UpsellMessages, UpsellUnitLabel } from './default-messages';
export type { UpsellMessagesInput } from './upsell-messages-input';
export type { UpsellErrorHandler, UpsellEvent } from './upsell-event';
export type { UpsellPromptProps } from './upsell-prompt-props';
export { UpsellBanner } from './banner/upsell-banner';
export type { UpsellBannerProps } from './banner/upsell-banner';
export { UpsellModal } from './modal/upsell-modal';
export type { UpsellModalProps } from './modal/upsell-modal';
export { UpsellInlineCallout } from './inline-callout/upsell-inline-callout';
export type { UpsellInlineCalloutProps } from './inline-callout/upsell-inline-callout';
export { UpsellTitle } from './parts/upsell-title';
export type { UpsellTitleProps } from './parts/upsell-title';
export { UpsellDescription } from './parts/upsell-description';
export type { UpsellDescriptionProps } from './parts/upsell-description';
export { UpsellActions } from './parts/upsell-actions';
export type { UpsellActionsProps } from './parts/upsell-actions';
export { UpsellDismiss } from './parts/upsell-dismiss';
export type { UpsellDismissProps } from './parts/upsell-dismiss';
export { UpsellStatus } from './parts/upsell-status';
export type { UpsellStatusProps } from './parts/upsell-status';
export { useUpsellPrompt } from './parts/upsell-prompt-context';
export type { OfferStatus } from '@upsell-kit/core';
