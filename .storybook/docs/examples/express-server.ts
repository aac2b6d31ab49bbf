// server.ts — Express 5: mount the router at the handler's basePath (`/api/upsell`).
import express from 'express';
import { toExpressMiddleware } from '@upsell-kit/server/express';
import { upsell } from './upsell';

const app = express();
app.use('/api/upsell', toExpressMiddleware(upsell)); // before or after express.json(): both work
app.listen(3000);
