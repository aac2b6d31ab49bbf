import type { Params } from './body';
import { paramError } from './errors';

interface StringRule {
  required?: boolean;
  max: number;
  /** Name reported in `param` (e.g. `request_context[url]`). @default the key */
  param?: string;
}

/** Reads an optional/required string parameter with Chargebee's length limit. */
export function readString(
  params: Params,
  key: string,
  rule: StringRule & { required: true },
): string;
export function readString(params: Params, key: string, rule: StringRule): string | undefined;
export function readString(params: Params, key: string, rule: StringRule): string | undefined {
  const param = rule.param ?? key;
  const value = params[key];
  if (value === undefined || value === null || value === '') {
    if (rule.required) throw paramError(param, 'cannot be blank');
    return undefined;
  }
  let text: string;
  if (typeof value === 'string') text = value;
  else if (typeof value === 'number' && Number.isFinite(value)) text = String(value);
  else throw paramError(param, 'invalid value, expected a string');
  if (rule.required && text.trim() === '') throw paramError(param, 'cannot be blank');
  if (text.length > rule.max)
    throw paramError(param, `cannot be more than ${rule.max} characters.`);
  return text;
}

/** Reads a value that must be one of `allowed`. */
export function readEnum<T extends string>(
  params: Params,
  key: string,
  allowed: readonly T[],
  required: boolean,
): T | undefined {
  const value = params[key];
  if (value === undefined || value === null || value === '') {
    if (required) throw paramError(key, 'cannot be blank');
    return undefined;
  }
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    throw paramError(
      key,
      `invalid value ${JSON.stringify(value)}, expected one of ${allowed.join(', ')}`,
    );
  }
  return value as T;
}

/** Reads an object parameter; JSON strings are parsed (the SDK's form encoding sends JSON keys that way). */
export function readObject(params: Params, key: string): Record<string, unknown> | undefined {
  let value = params[key];
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value);
    } catch {
      throw paramError(key, 'invalid JSON object');
    }
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw paramError(key, 'must be a JSON object');
  }
  return value as Record<string, unknown>;
}

/** Reads an integer parameter (numbers or digit strings). */
export function readInteger(params: Params, key: string, required: boolean): number | undefined {
  const value = params[key];
  if (value === undefined || value === null || value === '') {
    if (required) throw paramError(key, 'cannot be blank');
    return undefined;
  }
  const n =
    typeof value === 'number'
      ? value
      : typeof value === 'string' && /^-?\d+$/.test(value)
        ? Number(value)
        : NaN;
  if (!Number.isSafeInteger(n)) throw paramError(key, 'invalid value, expected an integer');
  return n;
}
