import { useId, useState } from 'react';
import type { ReactNode } from 'react';

export interface UsageCardProps {
  title: string;
  /** Accessible label of the number input (tests and docs rely on it). */
  inputLabel: string;
  percent: number;
  onChange: (percent: number) => void;
  detail: string;
  extra?: ReactNode;
}

function level(percent: number): 'ok' | 'warn' | 'high' {
  return percent >= 90 ? 'high' : percent >= 80 ? 'warn' : 'ok';
}

/** One usage meter with the number input that drives it. */
export function UsageCard({ title, inputLabel, percent, onChange, detail, extra }: UsageCardProps) {
  const headingId = useId();
  const inputId = useId();
  // The text as typed (it may be empty or out of range for a moment); the number is clamped.
  const [text, setText] = useState(String(percent));
  // A new figure from elsewhere (the plan grew after an accept) replaces what the field shows.
  const [shown, setShown] = useState(percent);
  if (percent !== shown) {
    setShown(percent);
    if (Number(text) !== percent) setText(String(percent));
  }

  return (
    <article className="card" aria-labelledby={headingId} data-level={level(percent)}>
      <div className="card-head">
        <h2 id={headingId}>{title}</h2>
        <span className="card-value">{percent}%</span>
      </div>
      <div
        className="meter"
        role="meter"
        aria-labelledby={headingId}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
        aria-valuetext={`${percent}% used`}
      >
        <div className="meter-fill" style={{ width: `${percent}%` }} />
      </div>
      <p className="muted">{detail}</p>
      <div className="field field-inline">
        <label htmlFor={inputId}>{inputLabel}</label>
        <input
          id={inputId}
          type="number"
          inputMode="numeric"
          min={0}
          max={100}
          step={1}
          value={text}
          onChange={(event) => {
            setText(event.target.value);
            const value = event.target.valueAsNumber;
            if (Number.isFinite(value)) onChange(Math.min(100, Math.max(0, Math.round(value))));
          }}
          onBlur={() => setText(String(percent))}
        />
      </div>
      {extra}
    </article>
  );
}
