import { useId, useState } from 'react';
import type { ActivityEntry, DemoActivityResponse } from '../shared/demo-api';
import { ApiBudgetMeter } from './ApiBudgetMeter';

export interface ActivityPanelProps {
  activity: DemoActivityResponse | null;
  canReset: boolean;
  onReset: () => Promise<void>;
}

const time = new Intl.DateTimeFormat(undefined, {
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

function Section({
  title,
  entries,
  empty,
}: {
  title: string;
  entries: ActivityEntry[];
  empty: string;
}) {
  const headingId = useId();
  return (
    <section className="activity-section" aria-labelledby={headingId}>
      <h3 id={headingId}>
        {title} <span className="count">{entries.length}</span>
      </h3>
      {entries.length === 0 ? (
        <p className="muted">{empty}</p>
      ) : (
        <ul aria-labelledby={headingId}>
          {[...entries].reverse().map((entry) => (
            <li key={entry.id}>
              <span className="activity-summary">{entry.summary}</span>
              {entry.status && (
                <span className="status" data-status={entry.status}>
                  {entry.status.replace('_', ' ')}
                </span>
              )}
              <span className="muted activity-meta">
                {entry.subject}
                {entry.at ? ` · ${time.format(entry.at)}` : ''}
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** What the demo server sent to Chargebee (or the simulator), refreshed every second. */
export function ActivityPanel({ activity, canReset, onReset }: ActivityPanelProps) {
  const [resetting, setResetting] = useState(false);
  return (
    <aside className="activity" aria-labelledby="activity-title">
      <h2 id="activity-title">Sent to Chargebee</h2>
      <p className="muted">
        {activity?.source === 'server-log'
          ? 'From the server’s onEvent hook.'
          : 'As received by the embedded Chargebee simulator.'}
      </p>
      <ApiBudgetMeter budget={activity?.apiBudget ?? null} />
      <Section title="Events" entries={activity?.events ?? []} empty="No events yet." />
      <Section
        title="Fulfillments"
        entries={activity?.fulfillments ?? []}
        empty="No fulfillments yet."
      />
      <Section title="Grants" entries={activity?.grants ?? []} empty="No grants yet." />
      {canReset && (
        <button
          type="button"
          className="button-secondary"
          disabled={resetting}
          onClick={() => {
            setResetting(true);
            void onReset().finally(() => setResetting(false));
          }}
        >
          Reset simulator
        </button>
      )}
    </aside>
  );
}
