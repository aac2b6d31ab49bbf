// The subpath: the CLI loads the contract's lists without the schemas or the sanitizer.
import { PROCESSING_LAYOUTS, PROCESSING_TYPES } from '@upsell-kit/core/contract';
import type { AudienceRule, Scenario, ScenarioOffer } from '../scenario';

const OPERATORS = ['>=', '>', '<=', '<', '=', '!=', 'in'];
const TYPES: readonly string[] = PROCESSING_TYPES;
const LAYOUTS: readonly string[] = PROCESSING_LAYOUTS;

function fail(message: string): never {
  throw new Error(`Invalid simulator scenario: ${message}`);
}

function checkRule(rule: AudienceRule, where: string): void {
  if (typeof rule !== 'object' || rule === null) fail(`${where} must be an object`);
  if ('all' in rule || 'any' in rule) {
    const list = 'all' in rule ? rule.all : (rule as { any: AudienceRule[] }).any;
    if (!Array.isArray(list)) fail(`${where}.all / .any must be a list of rules`);
    list.forEach((r, i) => checkRule(r, `${where}.${'all' in rule ? 'all' : 'any'}[${i}]`));
    return;
  }
  if (typeof rule.field !== 'string' || rule.field === '')
    fail(`${where}.field must be a non-empty string`);
  if (!OPERATORS.includes(rule.operator))
    fail(`${where}.operator must be one of ${OPERATORS.join(' ')}`);
  if (rule.operator === 'in' && !Array.isArray(rule.value))
    fail(`${where}.value must be a list for "in"`);
  if (rule.value === undefined) fail(`${where}.value is required`);
}

function unique(ids: string[], what: string): void {
  const seen = new Set<string>();
  for (const id of ids) {
    if (typeof id !== 'string' || id === '') fail(`every ${what} needs a non-empty string id`);
    if (seen.has(id)) fail(`duplicate ${what} id "${id}"`);
    seen.add(id);
  }
}

/** An offer's `locales`: well-formed tags, string content, labels of its own options only. */
function checkLocales(offer: ScenarioOffer): void {
  if (offer.locales === undefined) return;
  const where = `offer "${offer.id}".locales`;
  if (typeof offer.locales !== 'object' || offer.locales === null || Array.isArray(offer.locales))
    fail(`${where} must be an object of content by locale tag`);
  for (const [tag, content] of Object.entries(offer.locales)) {
    try {
      Intl.getCanonicalLocales(tag.replace(/_/g, '-'));
    } catch {
      fail(`${where} has "${tag}", which is not a locale tag (e.g. de, de-CH, ja)`);
    }
    if (typeof content !== 'object' || content === null) fail(`${where}.${tag} must be an object`);
    for (const field of ['title', 'description'] as const) {
      if (content[field] !== undefined && typeof content[field] !== 'string')
        fail(`${where}.${tag}.${field} must be an HTML string`);
    }
    if (content.labels === undefined) continue;
    if (typeof content.labels !== 'object' || content.labels === null)
      fail(`${where}.${tag}.labels must be an object of labels by option id`);
    for (const [optionId, label] of Object.entries(content.labels)) {
      if (!offer.options.some((o) => o.id === optionId))
        fail(`${where}.${tag}.labels names unknown option "${optionId}"`);
      if (typeof label !== 'string') fail(`${where}.${tag}.labels.${optionId} must be a string`);
    }
  }
}

/** Throws a clear error when a scenario is inconsistent (dangling ids, bad operators, …). */
export function checkScenario(scenario: Scenario): void {
  if (typeof scenario !== 'object' || scenario === null) fail('must be an object');
  for (const key of ['customFields', 'audiences', 'offers', 'plays'] as const) {
    if (!Array.isArray(scenario[key])) fail(`${key} must be a list`);
  }
  unique(
    scenario.audiences.map((a) => a.id),
    'audience',
  );
  unique(
    scenario.offers.map((o) => o.id),
    'offer',
  );
  unique(
    scenario.plays.map((p) => p.id),
    'play',
  );
  scenario.audiences.forEach((a) => checkRule(a.rule, `audience "${a.id}".rule`));
  for (const offer of scenario.offers) {
    if (typeof offer.title !== 'string' || typeof offer.description !== 'string') {
      fail(`offer "${offer.id}" needs a title and a description (HTML strings)`);
    }
    if (!Array.isArray(offer.options) || offer.options.length === 0)
      fail(`offer "${offer.id}" needs options`);
    unique(
      offer.options.map((o) => o.id),
      `option of offer "${offer.id}"`,
    );
    checkLocales(offer);
    for (const option of offer.options) {
      if (typeof option.label !== 'string') fail(`option "${option.id}" needs a label`);
      if (!TYPES.includes(option.processingType))
        fail(`option "${option.id}".processingType must be one of ${TYPES.join(', ')}`);
      if (option.processingLayout !== undefined && !LAYOUTS.includes(option.processingLayout)) {
        fail(`option "${option.id}".processingLayout must be in_app or full_page`);
      }
    }
  }
  for (const play of scenario.plays) {
    if (!scenario.audiences.some((a) => a.id === play.audience))
      fail(`play "${play.id}" names unknown audience "${play.audience}"`);
    if (!scenario.offers.some((o) => o.id === play.offer))
      fail(`play "${play.id}" names unknown offer "${play.offer}"`);
    if (typeof play.priority !== 'number' || !Number.isFinite(play.priority))
      fail(`play "${play.id}".priority must be a number`);
    if (
      play.cooldownSeconds !== undefined &&
      (typeof play.cooldownSeconds !== 'number' || play.cooldownSeconds < 0)
    ) {
      fail(`play "${play.id}".cooldownSeconds must be a number >= 0`);
    }
  }
  if (scenario.offerTtlSeconds !== undefined && !(scenario.offerTtlSeconds > 0))
    fail('offerTtlSeconds must be > 0');
}
