'use client';
import { explainPrompt } from '@upsell-kit/core';
import { useContext, useEffect, useState, useSyncExternalStore } from 'react';
import { debugHubOf } from '../internal/debug-hub';
import { UpsellContext } from '../internal/upsell-context';

/** Props of {@link UpsellDebugPanel}. */
export interface UpsellDebugPanelProps {
  /**
   * Class name of the panel's root (a `section` with a table).
   * @default undefined
   * @example <UpsellDebugPanel className="dev-panel" />
   */
  className?: string;
  /**
   * The panel's heading.
   * @default 'Why no offer?'
   * @example <UpsellDebugPanel title="Upsell prompts" />
   */
  title?: string;
}

const cell = { padding: '2px 8px', textAlign: 'left', verticalAlign: 'top' } as const;

function Panel({ className, title = 'Why no offer?' }: UpsellDebugPanelProps) {
  const ctx = useContext(UpsellContext);
  if (!ctx) throw new Error('UpsellDebugPanel must be used inside <UpsellProvider>.');
  const hub = debugHubOf(ctx.registry);
  const reports = useSyncExternalStore(hub.subscribe, hub.reports, hub.reports);
  // Some reasons come with time (an offer expires on screen): look again every second.
  const [, setTick] = useState(0);
  useEffect(() => {
    const timer = setInterval(() => setTick((n) => n + 1), 1_000);
    return () => clearInterval(timer);
  }, []);
  return (
    <section
      aria-label={title}
      className={className}
      style={{ font: '12px/1.4 ui-monospace, monospace' }}
    >
      <h2 style={{ fontSize: 13, margin: '0 0 4px' }}>{title}</h2>
      {reports.length === 0 ? (
        <p>No prompt is mounted under this provider.</p>
      ) : (
        <table style={{ borderCollapse: 'collapse' }}>
          <thead>
            <tr>
              <th style={cell}>Prompt</th>
              <th style={cell}>Placement</th>
              <th style={cell}>Reason</th>
              <th style={cell}>Detail</th>
            </tr>
          </thead>
          <tbody>
            {reports.map((report) => {
              const { reason, detail } = explainPrompt(report.facts);
              return (
                <tr key={report.key} data-reason={reason}>
                  <td style={cell}>
                    {report.placement}
                    {report.title ? ` “${report.title}”` : ''}
                  </td>
                  <td style={cell}>{report.placementId ?? '—'}</td>
                  <td style={cell}>
                    <code>{reason}</code>
                  </td>
                  <td style={cell}>{detail}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}

/**
 * "Why no offer?": a small development-only panel that lists every prompt under the provider and
 * says why it shows or does not — `disabled` (below the app's own condition), `no_offer`
 * (Chargebee returned none), `dismissed`, `accepted`, `waiting` (behind another prompt),
 * `closed`, `expired`, `unauthenticated` (401), and with the server's `debug: true`: `capped`,
 * `options_dropped`, `shed` (the budget shed the fetch) and `paused` (after a 429). Renders
 * nothing in production builds, and an app that does not import it ships none of it; the
 * prompts' reporting is in development builds only.
 *
 * @example
 * import { UpsellDebugPanel } from '@upsell-kit/react/debug';
 * <UpsellProvider>
 *   <App />
 *   {import.meta.env.DEV && <UpsellDebugPanel />}
 * </UpsellProvider>
 */
export function UpsellDebugPanel(props: UpsellDebugPanelProps) {
  // One expression, so that a production build folds it to `null` and drops the panel's code.
  return process.env.NODE_ENV === 'production' ? null : <Panel {...props} />;
}
