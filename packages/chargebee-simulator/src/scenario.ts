import type { ProcessingType as CoreProcessingType } from '@upsell-kit/core';
/**
 * The simulator's configuration as data: what a Chargebee Growth site holds (custom fields,
 * audiences, offers, plays). Plain JSON-compatible objects, so a scenario can live in a
 * `scenario.json` file for the CLI.
 *
 * @example
 * const scenario: Scenario = {
 *   customFields: [{ id: 'storage_used_percent', type: 'number' }],
 *   audiences: [{ id: 'heavy', rule: { field: 'custom.storage_used_percent', operator: '>=', value: 80 } }],
 *   offers: [{ id: 'more_storage', title: '<p>More?</p>', description: '<p>Add 100 GB</p>',
 *     options: [{ id: 'add', label: 'Add 100 GB', processingType: 'billing_update' }] }],
 *   plays: [{ id: 'storage', audience: 'heavy', offer: 'more_storage', priority: 10 }],
 * };
 */
export interface Scenario {
  /** The custom fields the site defines (documentation and type hints; unknown keys are ignored). */
  customFields: CustomField[];
  /** Named audiences that plays target. */
  audiences: Audience[];
  /** The offers plays can show. */
  offers: ScenarioOffer[];
  /** Audience → offer links; the highest-priority matching, eligible play wins. */
  plays: Play[];
  /**
   * How long a personalized offer may be shown, in seconds (`expires_at = now + offerTtlSeconds`).
   * @default 1800
   */
  offerTtlSeconds?: number;
  /**
   * The brand returned with every `personalized_offers` response; omitted from the response when
   * absent (Chargebee's `brand` is optional). `defaultScenario` sets
   * `{ id: 'upsell-kit-test', name: 'Upsell Kit Test' }`.
   */
  brand?: Brand;
}

/** The brand object Chargebee returns beside the offers. */
export interface Brand {
  /** Brand id. */
  id: string;
  /** Display name. */
  name: string;
}

/**
 * A custom field sent by the app in `custom` (the usage context), e.g. `storage_used_percent`.
 * @example { id: 'storage_used_percent', type: 'number', label: 'Storage used (%)' }
 */
export interface CustomField {
  /** Key in the `custom` object. */
  id: string;
  /** Value type. Rules compare numbers numerically (numeric strings are coerced). */
  type: 'number' | 'string' | 'boolean';
  /** Human-readable label. @default the id */
  label?: string;
}

/**
 * A named set of customers defined by a rule.
 * @example { id: 'admins', rule: { field: 'roles', operator: 'in', value: ['admin', 'owner'] } }
 */
export interface Audience {
  /** Id referenced by {@link Play.audience}. */
  id: string;
  /** Human-readable name. @default the id */
  name?: string;
  /** The rule a request must satisfy. */
  rule: AudienceRule;
}

/** A condition, or an `all` / `any` group of rules (nestable). */
export type AudienceRule = AudienceCondition | { all: AudienceRule[] } | { any: AudienceRule[] };

/** Comparison operators of a condition. */
export type AudienceOperator = '>=' | '>' | '<=' | '<' | '=' | '!=' | 'in';

/** A scalar a condition compares with. */
export type AudienceValue = string | number | boolean;

/**
 * One comparison on a request field.
 *
 * `field` is `custom.<key>` for custom fields, or an identity field: `customer_id`,
 * `subscription_id`, `email`, `first_name`, `last_name`, `external_user_id`, `roles`, or a
 * request context field `request_context.<key>`. For `roles` (a list), `=` / `in` mean
 * "has the role / one of the roles" and `!=` means "has not that role". Numbers compare
 * numerically when both sides are numbers or numeric strings. A missing field never matches.
 *
 * @example { field: 'custom.storage_used_percent', operator: '>=', value: 80 }
 * @example { field: 'email', operator: 'in', value: ['a@example.com', 'b@example.com'] }
 */
export interface AudienceCondition {
  /** The request field (see above). */
  field: string;
  /** The comparison. */
  operator: AudienceOperator;
  /** The value to compare with; a list for `in`. */
  value: AudienceValue | AudienceValue[];
}

/** How Chargebee fulfills an option (the contract's list, from `@upsell-kit/core`). */
export type ProcessingType = CoreProcessingType;

/** Where the option's flow happens. */
export type ProcessingLayout = 'in_app' | 'full_page';

/**
 * An offer (Chargebee's base offer) with HTML content and its options.
 * @example { id: 'more_storage', title: '<div class="slate-p">Running out of storage?</div>', description: '…', options: [] }
 */
export interface ScenarioOffer {
  /** The base offer id (`offer_id`); personalized ids are `${id}_${8 hex}`. */
  id: string;
  /** HTML title, returned verbatim as `content.title`. */
  title: string;
  /** HTML description, returned verbatim as `content.description`. */
  description: string;
  /** The options (calls to action). */
  options: ScenarioOption[];
  /**
   * The offer's content in other languages, by BCP 47 tag (`de`, `de-CH`, `ja`). A request whose
   * `request_context.locale` matches a tag gets that content: the full tag first, then shorter
   * ones (`de-DE` falls back to `de`), case-insensitively; any other locale, or none, gets the
   * offer's own `title`, `description` and labels. What an entry leaves out is the offer's own.
   * `defaultScenario` gives every offer `de`, `es`, `fr` and `ja` content.
   * @default {}
   * @example { de: { title: '<div class="slate-p">Speicher fast voll?</div>', labels: { add_100gb_storage: '100 GB hinzufügen' } } }
   */
  locales?: Record<string, ScenarioOfferContent>;
}

/**
 * An offer's content in one language (see {@link ScenarioOffer.locales}); anything left out is the
 * offer's own.
 * @example { title: '<div class="slate-p">Upgrade auf Business</div>', labels: { upgrade_to_business: 'Auf Business upgraden' } }
 */
export interface ScenarioOfferContent {
  /** HTML title, returned verbatim as `content.title`. @default the offer's `title` */
  title?: string;
  /** HTML description, returned verbatim as `content.description`. @default the offer's `description` */
  description?: string;
  /** Option labels by option id. @default each option's `label` */
  labels?: Record<string, string>;
}

/**
 * One option (call to action) of an offer.
 * @example { id: 'add_100gb_storage', label: 'Add 100 GB storage', processingType: 'billing_update', processingLayout: 'in_app' }
 */
export interface ScenarioOption {
  /** Option id (`option_id`). */
  id: string;
  /** Button label. */
  label: string;
  /** How it is fulfilled. */
  processingType: ProcessingType;
  /** Layout hint; omitted from responses when absent. */
  processingLayout?: ProcessingLayout;
  /** Where to send the browser (url_redirect) or where checkout returns; omitted when absent. */
  redirectUrl?: string;
}

/**
 * A play shows an offer to an audience.
 * @example { id: 'storage_upsell', audience: 'storage_heavy', offer: 'more_storage', priority: 20, cooldownSeconds: 86400 }
 */
export interface Play {
  /** Play id. */
  id: string;
  /** Audience id. */
  audience: string;
  /** Offer id. */
  offer: string;
  /** Higher wins when several plays match. Ties go to the play listed first. */
  priority: number;
  /**
   * After a `dismissed` event, the play is not shown to that subscription for this long.
   * @default 86400
   */
  cooldownSeconds?: number;
}
