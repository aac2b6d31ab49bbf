export { toExpressMiddleware, upsellRouter } from './adapters/to-express-middleware';
export type { NodeAdapterOptions } from './adapters/node-adapter-options';
export { keepRawBody } from './adapters/keep-raw-body';
export { upsellErrorHandler } from './adapters/upsell-error-handler';
/**
 * @deprecated Import it from `@upsell-kit/server/node`, its one home; this re-export goes in the
 * next minor release.
 */
export { createKeepAliveTransport } from './upstream/create-keep-alive-transport';
/** @deprecated Import them from `@upsell-kit/server/node`. */
export type {
  KeepAliveTransport,
  KeepAliveTransportOptions,
} from './upstream/create-keep-alive-transport';
