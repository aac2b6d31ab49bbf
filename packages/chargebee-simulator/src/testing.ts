export { createUpsellTestBackend } from './testing/create-upsell-test-backend';
export type {
  UpsellTestBackend,
  UpsellTestBackendOptions,
  UpsellTestChargebee,
} from './testing/create-upsell-test-backend';
export type {
  UpsellTestTransport,
  UpsellTestTransportRequest,
  UpsellTestTransportResponse,
} from './testing/simulator-transport';
