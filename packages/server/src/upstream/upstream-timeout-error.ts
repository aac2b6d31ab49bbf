/** Thrown by the handler's HTTP client when Chargebee does not answer in time. */
export class UpstreamTimeoutError extends Error {
  override readonly name = 'UpstreamTimeoutError';
  constructor(timeoutMs: number) {
    super(`No answer from Chargebee within ${timeoutMs} ms.`);
  }
}
