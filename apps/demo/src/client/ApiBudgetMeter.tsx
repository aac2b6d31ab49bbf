import { useId } from 'react';
import type { DemoApiBudget } from '../shared/demo-api';

export interface ApiBudgetMeterProps {
  /** `null` until the first read-out. */
  budget: DemoApiBudget | null;
}

const number = new Intl.NumberFormat('en-US');
const show = (value: number | null | undefined) =>
  value === null || value === undefined ? '—' : number.format(value);

function level(calls: number, limit: number): 'ok' | 'warn' | 'high' {
  const used = calls / limit;
  return used >= 0.9 ? 'high' : used >= 0.66 ? 'warn' : 'ok';
}

/**
 * Chargebee's API limit as the demo sees it: calls of the last 60 s against the limit, refusals,
 * and what the kit answered without Chargebee (cached), kept for later (queued) or did not send
 * (shed). A figure nobody reports is "—", never a guess.
 */
export function ApiBudgetMeter({ budget }: ApiBudgetMeterProps) {
  const headingId = useId();
  const limit = budget?.limit ?? null;
  const calls = budget?.callsLastMinute ?? null;
  const hasMeter = limit !== null && calls !== null;
  const text = hasMeter
    ? `${show(calls)} of ${show(limit)} calls in the last minute`
    : `${show(calls)} calls in the last minute (limit —)`;

  return (
    <section
      className="activity-section api-budget"
      aria-labelledby={headingId}
      data-level={hasMeter ? level(calls, limit) : undefined}
    >
      <h3 id={headingId}>Chargebee API budget</h3>
      {hasMeter && (
        <div
          className="meter"
          role="meter"
          aria-labelledby={headingId}
          aria-valuemin={0}
          aria-valuemax={limit}
          aria-valuenow={Math.min(calls, limit)}
          aria-valuetext={text}
        >
          <div
            className="meter-fill"
            style={{ width: `${Math.min(100, (calls / limit) * 100)}%` }}
          />
        </div>
      )}
      <p className="api-budget-calls">{text}</p>
      <dl className="api-budget-figures">
        <div>
          <dt>429s, last min</dt>
          <dd>{show(budget?.refusedLastMinute)}</dd>
        </div>
        <div>
          <dt>Cached</dt>
          <dd>{show(budget?.cached)}</dd>
        </div>
        <div>
          <dt>Queued now</dt>
          <dd>{show(budget?.queued)}</dd>
        </div>
        <div>
          <dt>Shed</dt>
          <dd>{show(budget?.shed)}</dd>
        </div>
      </dl>
    </section>
  );
}
