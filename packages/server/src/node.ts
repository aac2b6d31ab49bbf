export { toNodeHandler, toNodeListener } from './adapters/to-node-handler';
export { createKeepAliveTransport } from './upstream/create-keep-alive-transport';
export type {
  KeepAliveTransport,
  KeepAliveTransportOptions,
} from './upstream/create-keep-alive-transport';
