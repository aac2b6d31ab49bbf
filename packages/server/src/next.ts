export { toNextHandler } from './adapters/to-next-handler';
export type { NextRouteHandlers } from './adapters/to-next-handler';
