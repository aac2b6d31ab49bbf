import type { Simulator, SimulatorInspector } from '../simulator';
import { formatAmount } from './decimal';
import { accountBalance, refreshFulfillment, settleGrantBlocks, type SimState } from './state';

/** `sim.inspect`: fresh copies of what the simulator received and created. */
export function createInspector(state: SimState): Omit<SimulatorInspector, 'apiUsage'> {
  return {
    events: () => structuredClone(state.events),
    fulfillments: () =>
      [...state.fulfillments.values()].map((f) =>
        structuredClone(refreshFulfillment(state, f).wire),
      ),
    grants: () => {
      settleGrantBlocks(state);
      return state.grants.map(({ grantBlockIds, ledgerOperationIds, ...grant }) =>
        structuredClone({
          ...grant,
          grant_blocks: grantBlockIds.flatMap((id) => state.grantBlocks.get(id) ?? []),
          ledger_operations: ledgerOperationIds.flatMap(
            (id) => state.ledgerOperations.get(id) ?? [],
          ),
        }),
      );
    },
    requests: () => structuredClone(state.requests),
    offers: () => [...state.offers.values()].map((o) => structuredClone(o.record)),
  };
}

/** `sim.balances`: every unit's balance of a subscription, or one unit's. */
export function createBalances(state: SimState): Simulator['balances'] {
  function balances(subscriptionId: string): Record<string, string>;
  function balances(subscriptionId: string, unitId: string): string;
  function balances(subscriptionId: string, unitId?: string): string | Record<string, string> {
    settleGrantBlocks(state);
    if (unitId !== undefined) return formatAmount(accountBalance(state, subscriptionId, unitId));
    const out: Record<string, string> = {};
    for (const block of state.grantBlocks.values()) {
      if (block.subscription_id !== subscriptionId || block.unit_id in out) continue;
      out[block.unit_id] = formatAmount(accountBalance(state, subscriptionId, block.unit_id));
    }
    return out;
  }
  return balances;
}
