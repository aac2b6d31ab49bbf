/**
 * Where the handler writes what went wrong. Every line passes through a redactor that removes the
 * Chargebee API key (plain and in its Basic-auth form) first.
 *
 * @example
 * logger: { info: (m, d) => pino.info(d, m), warn: (m, d) => pino.warn(d, m), error: (m, d) => pino.error(d, m) }
 */
export interface UpsellLogger {
  info(message: string, detail?: Record<string, unknown>): void;
  warn(message: string, detail?: Record<string, unknown>): void;
  error(message: string, detail?: Record<string, unknown>): void;
}
