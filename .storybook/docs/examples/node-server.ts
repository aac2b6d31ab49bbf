// server.ts — plain node:http: serves /api/upsell/* (the basePath), 404 elsewhere.
import { createServer } from 'node:http';
import { toNodeHandler } from '@upsell-kit/server/node';
import { upsell } from './upsell';

const listener = toNodeHandler(upsell);
// `void`: the listener never rejects (a failure becomes the contract's 500 inside it).
createServer((req, res) => void listener(req, res)).listen(3000);
