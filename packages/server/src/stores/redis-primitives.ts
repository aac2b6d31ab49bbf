import type { Cluster, Redis } from 'ioredis';
import type { BudgetAdmissionRequest, BudgetAdmissionResult } from './budget-admission';
import {
  BUDGET_ADMISSION_SCRIPT,
  LIST_POP_SCRIPT,
  LIST_PUSH_SCRIPT,
  SLIDING_WINDOW_SCRIPT,
} from './redis-scripts';
import type { SlidingWindowRequest, SlidingWindowResult } from './sliding-window';
import type { ListPushOptions } from './store-list';

/**
 * The keys of one grouped list: its groups' turns, its total and each group's values, all under
 * one hash tag (the key's own, else the whole key as one), so that its scripts run in one Redis
 * Cluster slot.
 */
function listKeys(prefix: string, key: string) {
  const base = prefix + (/\{[^}]+\}/.test(key) ? key : `{${key}}`);
  return {
    turns: `${base}:turns`,
    size: `${base}:size`,
    group: (group: string) => `${base}:group:${group}`,
  };
}

/**
 * The sliding-window and list methods of `createRedisStore`: Lua scripts run atomically on the
 * server (EVAL, cached by Redis after the first run), so instances sharing one Redis never admit
 * more than a limit between them.
 */
export function createRedisPrimitives(redis: Redis | Cluster, prefix: string) {
  return {
    async slidingWindow(key: string, request: SlidingWindowRequest): Promise<SlidingWindowResult> {
      const member = `${request.now}:${Math.random().toString(36).slice(2)}`;
      const [allowed, count, retryAfterMs] = (await redis.eval(
        SLIDING_WINDOW_SCRIPT,
        1,
        prefix + key,
        String(Math.floor(request.now)),
        String(Math.max(1, Math.ceil(request.windowMs))),
        String(request.limit),
        member,
      )) as [number, number, number];
      return { allowed: allowed === 1, count: Number(count), retryAfterMs: Number(retryAfterMs) };
    },
    async budgetAdmission(
      key: string,
      request: BudgetAdmissionRequest,
    ): Promise<BudgetAdmissionResult> {
      const base = prefix + key;
      const keys = ['critical', 'status', 'dismissed', 'offers', 'viewed', 'demand'].map(
        (name) => `${base}:${name}`,
      );
      const args = [
        String(Math.floor(request.now)),
        String(Math.max(1, Math.ceil(request.windowMs))),
        String(request.limit),
        String(request.reserves.critical),
        String(request.reserves.status),
        String(request.reserves.dismissed),
        String(request.reserves.offers),
        String(Math.max(1, Math.ceil(request.demandWindowMs))),
        request.priority ?? '',
        `${request.now}:${Math.random().toString(36).slice(2)}`,
      ];
      if (
        request.priority &&
        request.identity !== undefined &&
        request.identityLimit !== undefined
      ) {
        keys.push(`${base}:${request.priority}:${request.identity}`);
        args.push(String(request.identityLimit));
      }
      const [allowed, reason, used, retryAfterMs] = (await redis.eval(
        BUDGET_ADMISSION_SCRIPT,
        keys.length,
        ...keys,
        ...args,
      )) as [number, number, number, number];
      return {
        allowed: allowed === 1,
        reason: reason === 1 ? 'budget' : reason === 2 ? 'fairness' : null,
        used: Number(used),
        retryAfterMs: Number(retryAfterMs),
      };
    },
    async listPush(key: string, value: string, options: ListPushOptions): Promise<boolean> {
      const list = listKeys(prefix, key);
      const group = options.group ?? '';
      const pushed = await redis.eval(
        LIST_PUSH_SCRIPT,
        3,
        list.turns,
        list.group(group),
        list.size,
        value,
        String(options.maxLength),
        options.front ? '1' : '0',
        group,
        String(options.groupLimit ?? 0),
      );
      return Number(pushed) === 1;
    },
    async listPop(key: string): Promise<string | null> {
      const list = listKeys(prefix, key);
      const value = await redis.eval(LIST_POP_SCRIPT, 2, list.turns, list.size, list.group(''));
      return typeof value === 'string' ? value : null;
    },
    async listLength(key: string): Promise<number> {
      return Number((await redis.get(listKeys(prefix, key).size)) ?? 0);
    },
  };
}
