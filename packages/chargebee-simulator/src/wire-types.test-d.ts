// The simulator's wire types against the official SDK's (chargebee 3.33): what the simulator
// answers must be what the SDK says Chargebee answers.
import type {
  GrantBlock as SdkGrantBlock,
  HostedPage as SdkHostedPage,
  OfferFulfillment as SdkOfferFulfillment,
  PersonalizedOffer as SdkPersonalizedOffer,
} from 'chargebee';
import { expectTypeOf } from 'vitest';
import type {
  GrantBlock,
  GrantBlockStatus,
  HostedPage,
  OfferFulfillment,
  PersonalizedOfferOption,
} from './wire-types';

expectTypeOf<GrantBlockStatus>().toEqualTypeOf<SdkGrantBlock['status']>();
expectTypeOf<GrantBlock>().toExtend<Omit<SdkGrantBlock, 'metadata'>>();
// The SDK's statuses are all ours; ours stays open for statuses Chargebee adds.
expectTypeOf<SdkOfferFulfillment['status']>().toExtend<OfferFulfillment['status']>();
expectTypeOf<OfferFulfillment['processing_type']>().toEqualTypeOf<
  SdkOfferFulfillment['processing_type']
>();
expectTypeOf<NonNullable<OfferFulfillment['error']>['code']>().toExtend<string>();
expectTypeOf<PersonalizedOfferOption['processing_type']>().toEqualTypeOf<
  SdkPersonalizedOffer.Option['processing_type']
>();
expectTypeOf<NonNullable<PersonalizedOfferOption['processing_layout']>>().toEqualTypeOf<
  SdkPersonalizedOffer.Option['processing_layout']
>();
expectTypeOf<HostedPage['state']>().toExtend<NonNullable<SdkHostedPage['state']>>();
expectTypeOf<HostedPage['type']>().toExtend<NonNullable<SdkHostedPage['type']>>();
// Chargebee's `brand` is optional: a scenario without one omits it.
expectTypeOf<undefined>().toExtend<SdkPersonalizedOffer.PersonalizedOffersResponse['brand']>();
