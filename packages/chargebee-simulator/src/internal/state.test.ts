import { describe, expect, it } from 'vitest';
import { defaultScenario } from '../default-scenario';
import { createClock } from './clock';
import { createData, createState, resetState } from './state';

describe('createState / resetState', () => {
  it('reset replaces every data field with a fresh one and keeps the configuration', () => {
    const clock = createClock();
    const state = createState({
      apiKey: 'k',
      site: 's',
      scenario: defaultScenario,
      publicUrl: () => 'http://sim.local',
      clock,
      assumptions: {
        cooldownSeconds: 1,
        cooldownScope: 'subscription',
        duplicateFulfillment: { status: 409, apiErrorCode: 'invalid_state_for_request' },
        offerEventsEnabled: true,
      },
    });
    const before = createData();
    for (const key of Object.keys(before) as (keyof typeof before)[]) {
      const value = state[key];
      if (Array.isArray(value)) (value as unknown[]).push('x');
      else (value as Map<string, unknown>).set('x', 'x');
    }
    resetState(state);
    for (const key of Object.keys(before) as (keyof typeof before)[]) {
      const value = state[key] as unknown[] | Map<string, unknown>;
      expect(Array.isArray(value) ? value.length : value.size, key).toBe(0);
    }
    expect(state.apiKey).toBe('k');
    expect(state.clock).toBe(clock);
    expect(state.publicUrl()).toBe('http://sim.local');
  });
});
