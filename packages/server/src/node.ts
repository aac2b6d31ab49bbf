export { toNodeHandler, toNodeListener } from './adapters/to-node-handler';
export type { NodeAdapterOptions } from './adapters/node-adapter-options';
export { createKeepAliveTransport } from './upstream/create-keep-alive-transport';
export type {
  KeepAliveTransport,
  KeepAliveTransportOptions,
} from './upstream/create-keep-alive-transport';
