// server.ts — plain node:http: serves /api/upsell/* (the basePath), 404 elsewhere.
import { createServer } from 'node:http';
import { toNodeHandler } from '@upsell-kit/server/node';
import { upsell } from './upsell';

createServer(toNodeHandler(upsell)).listen(3000);
