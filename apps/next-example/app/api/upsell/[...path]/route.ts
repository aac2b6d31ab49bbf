import { upsellHandlers } from '../../../../lib/upsell';

// Per request, on Node: the handler reads cookies and calls Chargebee.
export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

export async function GET(request: Request): Promise<Response> {
  return (await upsellHandlers()).GET(request);
}

export async function POST(request: Request): Promise<Response> {
  return (await upsellHandlers()).POST(request);
}

// Without it Next.js answers OPTIONS itself (204, no `Cache-Control: no-store`); the handler
// answers the contract's 405.
export async function OPTIONS(request: Request): Promise<Response> {
  return (await upsellHandlers()).OPTIONS(request);
}
