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

// The methods the contract answers with 405: without them Next.js answers its own 405, without
// the error envelope or `Cache-Control: no-store`.
export async function PUT(request: Request): Promise<Response> {
  return (await upsellHandlers()).PUT(request);
}

export async function PATCH(request: Request): Promise<Response> {
  return (await upsellHandlers()).PATCH(request);
}

export async function DELETE(request: Request): Promise<Response> {
  return (await upsellHandlers()).DELETE(request);
}

// Without it Next.js answers OPTIONS itself (204, no `Cache-Control: no-store`); the handler
// answers the contract's 405.
export async function OPTIONS(request: Request): Promise<Response> {
  return (await upsellHandlers()).OPTIONS(request);
}
