import { describe, expect, it } from 'vitest';
import { redactUrl } from './redact-url';

describe('redactUrl', () => {
  it('keeps origin and path, drops the query and fragment', () => {
    expect(redactUrl('https://app.example.com/api/upsell/fulfillments/f1?token=abc.def#x')).toBe(
      'https://app.example.com/api/upsell/fulfillments/f1?[redacted]',
    );
    expect(redactUrl('https://app.example.com/api/upsell/offers')).toBe(
      'https://app.example.com/api/upsell/offers',
    );
    expect(redactUrl('https://user:pw@app.example.com/a?b')).toBe(
      'https://app.example.com/a?[redacted]',
    );
  });

  it('never throws', () => {
    expect(redactUrl('not a url')).toBe('[invalid url]');
  });
});
