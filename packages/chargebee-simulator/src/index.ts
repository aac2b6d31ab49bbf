export { createSimulator } from './create-simulator';
export { defaultScenario } from './default-scenario';
export type {
  Audience,
  AudienceCondition,
  AudienceOperator,
  AudienceRule,
  AudienceValue,
  Brand,
  CustomField,
  Play,
  ProcessingLayout,
  ProcessingType,
  Scenario,
  ScenarioOffer,
  ScenarioOption,
} from './scenario';
export type {
  Fault,
  FaultEndpoint,
  FulfillmentOutcome,
  IssuedOffer,
  ListenOptions,
  OfferEventRecord,
  PromotionalGrantRecord,
  RecordedRequest,
  Simulator,
  SimulatorClock,
  SimulatorFaults,
  SimulatorInspector,
  SimulatorOptions,
  SimulatorServer,
} from './simulator';
export type {
  ChargebeeErrorBody,
  FulfillmentErrorCode,
  GrantBlock,
  HostedPage,
  LedgerOperation,
  OfferFulfillment,
  PersonalizedOffer,
  PersonalizedOfferOption,
} from './wire-types';
