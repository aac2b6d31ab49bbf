// app/api/upsell/[...path]/route.ts — the folder is the mount path (`/api/upsell`, the default).
import { toNextHandler } from '@upsell-kit/server/next';
import { upsell } from '@/lib/upsell';

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = toNextHandler(upsell);
