import type { GrantBlock, LedgerOperation } from '../wire-types';
import type { Params } from './body';
import { formatAmount, parseAmount } from './decimal';
import { ApiError, jsonResponse, paramError } from './errors';
import { prefixedId } from './ids';
import {
  IDEMPOTENCY_WINDOW_MS,
  accountBalance,
  seconds,
  settleGrantBlocks,
  type SimState,
} from './state';
import { readInteger, readObject, readString } from './validate';

const METADATA_MAX_CHARS = 65_000;
const IDEMPOTENCY_KEY_MAX = 100;

/** JSON with sorted keys, so that the same parameters in another order are the same request. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

function readAmount(params: Params): { text: string; value: bigint } {
  const raw = params.amount;
  if (raw === undefined || raw === null || raw === '')
    throw paramError('amount', 'cannot be blank');
  if (typeof raw !== 'string')
    throw paramError('amount', 'must be a decimal string, e.g. "50" or "12.5"');
  if (raw.length > 36) throw paramError('amount', 'cannot be more than 36 characters.');
  const value = parseAmount(raw);
  if (value === null) {
    throw paramError('amount', 'must be a decimal with at most 25 integer and 10 fraction digits');
  }
  if (value <= 0n) throw paramError('amount', 'must be greater than 0');
  return { text: formatAmount(value), value };
}

/** POST /api/v2/promotional_grants, idempotent through `chargebee-idempotency-key`. */
export function promotionalGrants(
  state: SimState,
  params: Params,
  idempotencyKey: string | null,
): Response {
  const fingerprint = canonical(params);
  if (idempotencyKey) {
    if (idempotencyKey.length > IDEMPOTENCY_KEY_MAX) {
      throw new ApiError(
        400,
        'invalid_request',
        `The chargebee-idempotency-key header cannot be more than ${IDEMPOTENCY_KEY_MAX} characters.`,
        { type: 'invalid_request' },
      );
    }
    const previous = state.idempotency.get(idempotencyKey);
    // A key is honoured for 30 minutes; after that the same key is a new request.
    if (previous && state.clock.now() - previous.atMs < IDEMPOTENCY_WINDOW_MS) {
      if (previous.fingerprint !== fingerprint) {
        throw new ApiError(
          400,
          'invalid_request',
          'The chargebee-idempotency-key was already used with different request parameters.',
          { type: 'invalid_request' },
        );
      }
      return jsonResponse(previous.status, previous.body, {
        'chargebee-idempotency-replayed': 'true',
      });
    }
  }
  const subscriptionId = readString(params, 'subscription_id', { required: true, max: 50 });
  const unitId = readString(params, 'unit_id', { required: true, max: 50 });
  const amount = readAmount(params);
  const expiresAt = readInteger(params, 'expires_at', true) as number;
  const now = state.clock.now();
  if (expiresAt <= seconds(now)) throw paramError('expires_at', 'must be in the future');
  const metadata = readObject(params, 'metadata');
  if (metadata && JSON.stringify(metadata).length > METADATA_MAX_CHARS) {
    throw paramError('metadata', `cannot be more than ${METADATA_MAX_CHARS} characters.`);
  }

  settleGrantBlocks(state);
  const nowS = seconds(now);
  const before = accountBalance(state, subscriptionId, unitId);
  const block: GrantBlock = {
    id: prefixedId('gb'),
    subscription_id: subscriptionId,
    account_type: 'provisioned',
    unit_id: unitId,
    unit_type: 'credit_unit',
    granted_amount: amount.text,
    effective_from: nowS,
    expires_at: expiresAt,
    balance: amount.text,
    hold_amount: '0',
    used_amount: '0',
    expired_amount: '0',
    rolled_over_amount: '0',
    voided_amount: '0',
    status: 'active',
    grant_source: 'promotional_grants',
    created_at: nowS,
    modified_at: nowS,
    resource_version: 1,
    ...(metadata ? { metadata } : {}),
  };
  const operation: LedgerOperation = {
    id: prefixedId('lo'),
    subscription_id: subscriptionId,
    unit_id: unitId,
    unit_type: 'credit_unit',
    type: 'allocation',
    amount: amount.text,
    provisioned_start_balance: formatAmount(before),
    provisioned_end_balance: formatAmount(before + amount.value),
    overdraft_start_balance: '0',
    overdraft_end_balance: '0',
    ledger_operation_timestamp: nowS,
    created_at: nowS,
    modified_at: nowS,
    ...(metadata ? { metadata } : {}),
  };
  state.grantBlocks.set(block.id, block);
  state.ledgerOperations.set(operation.id, operation);
  state.grants.push({
    subscription_id: subscriptionId,
    unit_id: unitId,
    amount: amount.text,
    expires_at: expiresAt,
    ...(metadata ? { metadata } : {}),
    idempotency_key: idempotencyKey,
    at: now,
    grantBlockIds: [block.id],
    ledgerOperationIds: [operation.id],
  });
  const body = {
    ledger_operations: [structuredClone(operation)],
    grant_blocks: [structuredClone(block)],
  };
  if (idempotencyKey)
    state.idempotency.set(idempotencyKey, { status: 200, body, fingerprint, atMs: now });
  return jsonResponse(200, body);
}

/** Reads a list filter (`subscription_id[is]=…`, `unit_id[in]=["a","b"]` or a plain value). */
function readFilter(
  query: URLSearchParams,
  name: string,
): ((value: string) => boolean) | undefined {
  const is = query.get(`${name}[is]`) ?? query.get(name);
  if (is !== null) return (v) => v === is;
  const isNot = query.get(`${name}[is_not]`);
  if (isNot !== null) return (v) => v !== isNot;
  const inList = query.get(`${name}[in]`);
  if (inList !== null) {
    let values: unknown;
    try {
      values = JSON.parse(inList);
    } catch {
      values = inList.replace(/^\[|\]$/g, '').split(',');
    }
    if (!Array.isArray(values)) throw paramError(`${name}[in]`, 'must be a list');
    const set = new Set(values.map(String));
    return (v) => set.has(v);
  }
  return undefined;
}

/** GET /api/v2/grant_blocks */
export function listGrantBlocks(state: SimState, query: URLSearchParams): Response {
  const bySubscription = readFilter(query, 'subscription_id');
  if (!bySubscription) throw paramError('subscription_id', 'cannot be blank');
  const byUnit = readFilter(query, 'unit_id');
  const limitText = query.get('limit');
  const limit = limitText === null ? 10 : Number(limitText);
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) {
    throw paramError('limit', 'must be an integer between 1 and 100');
  }
  const offsetText = query.get('offset');
  const offset = offsetText === null || offsetText === '' ? 0 : Number(offsetText);
  if (!Number.isInteger(offset) || offset < 0) throw paramError('offset', 'invalid value');

  settleGrantBlocks(state);
  const matching = [...state.grantBlocks.values()].filter(
    (b) => bySubscription(b.subscription_id) && (!byUnit || byUnit(b.unit_id)),
  );
  if (query.has('sort_by[asc]')) matching.sort((a, b) => a.created_at - b.created_at);
  else matching.reverse(); // newest first, like Chargebee lists
  const page = matching.slice(offset, offset + limit);
  const next = offset + limit < matching.length ? String(offset + limit) : undefined;
  return jsonResponse(200, {
    list: page.map((grant_block) => ({ grant_block: structuredClone(grant_block) })),
    ...(next ? { next_offset: next } : {}),
  });
}
