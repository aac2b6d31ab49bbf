import type { AudienceCondition, AudienceRule, AudienceValue } from '../scenario';

/** What a rule can look at: the personalized_offers request. */
export interface AudienceSubject {
  customer_id: string;
  subscription_id?: string;
  email?: string;
  first_name?: string;
  last_name?: string;
  external_user_id?: string;
  roles?: string[];
  custom: Record<string, unknown>;
  request_context: Record<string, unknown>;
}

/** Whether the subject satisfies the rule. */
export function matchesRule(rule: AudienceRule, subject: AudienceSubject): boolean {
  if ('all' in rule) return rule.all.every((r) => matchesRule(r, subject));
  if ('any' in rule) return rule.any.some((r) => matchesRule(r, subject));
  return matchesCondition(rule, subject);
}

function lookup(field: string, subject: AudienceSubject): unknown {
  if (field.startsWith('custom.')) return subject.custom[field.slice('custom.'.length)];
  if (field.startsWith('request_context.')) {
    return subject.request_context[field.slice('request_context.'.length)];
  }
  return (subject as unknown as Record<string, unknown>)[field];
}

function asNumber(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'string' && value.trim() !== '') {
    const n = Number(value);
    return Number.isFinite(n) ? n : null;
  }
  return null;
}

function equal(a: unknown, b: AudienceValue): boolean {
  const na = asNumber(a);
  const nb = asNumber(b);
  if (na !== null && nb !== null) return na === nb;
  if (typeof b === 'boolean') return a === b || a === String(b);
  return String(a) === String(b);
}

function compare(a: unknown, b: AudienceValue, op: '>=' | '>' | '<=' | '<'): boolean {
  const na = asNumber(a);
  const nb = asNumber(b);
  if (na === null || nb === null) return false;
  switch (op) {
    case '>=':
      return na >= nb;
    case '>':
      return na > nb;
    case '<=':
      return na <= nb;
    case '<':
      return na < nb;
  }
}

function matchesScalar(actual: unknown, condition: AudienceCondition): boolean {
  const { operator, value } = condition;
  const values = Array.isArray(value) ? value : [value];
  switch (operator) {
    case 'in':
      return values.some((v) => equal(actual, v));
    case '=':
      return values.some((v) => equal(actual, v));
    case '!=':
      return values.every((v) => !equal(actual, v));
    default: {
      const first = values[0];
      return first !== undefined && compare(actual, first, operator);
    }
  }
}

function matchesCondition(condition: AudienceCondition, subject: AudienceSubject): boolean {
  const actual = lookup(condition.field, subject);
  if (actual === undefined || actual === null) return false;
  if (Array.isArray(actual)) {
    // A list field (roles): "=" / "in" → has one of them; "!=" → has none of them.
    if (condition.operator === '!=') return actual.every((a) => matchesScalar(a, condition));
    return actual.some((a) => matchesScalar(a, condition));
  }
  if (typeof actual === 'object') return false;
  return matchesScalar(actual, condition);
}
