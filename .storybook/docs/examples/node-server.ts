// server.ts — plain node:http: serves /api/upsell/* (the basePath), 404 elsewhere.
import { createServer } from 'node:http';
import { toNodeListener } from '@upsell-kit/server/node';
import { upsell } from './upsell';

createServer(toNodeListener(upsell)).listen(3000);
