// REST calls of the town's channels from the browser: citizens' debate requests (public)
// and, with the admin token, accepting or declining them and managing webhooks.
import type { CreateWebhookBody, WebhookDeliveryDto, WebhookDto } from '../../../server/src/protocol/webhooks.ts';
import type { DebateRequestDto, ProposeRequestBody, SupportRequestBody } from '../../../server/src/protocol/requests.ts';
import { api } from './api.ts';
import type { Ack } from './view-types.ts';

export type { DebateRequestDto, WebhookDeliveryDto, WebhookDto };
export { WEBHOOK_EVENTS } from '../../../server/src/protocol/webhooks.ts';

export const requestsApi = {
  list: (signal?: AbortSignal): Promise<Ack<{ requests: DebateRequestDto[] }>> => api('GET', '/api/debate-requests', signal ? { signal } : {}),
  propose: (body: ProposeRequestBody): Promise<Ack<{ ok: true; requestId: string }>> => api('POST', '/api/debate-requests', { body }),
  support: (id: string, body: SupportRequestBody): Promise<Ack<{ ok: true }>> => api('POST', `/api/debate-requests/${encodeURIComponent(id)}/supports`, { body }),
  confirm: (token: string): Promise<Ack<{ request: DebateRequestDto; proposer: boolean }>> => api('POST', '/api/debate-requests/confirm', { body: { token } }),
  accept: (token: string, id: string): Promise<Ack<{ request: DebateRequestDto }>> => api('POST', `/api/debate-requests/${encodeURIComponent(id)}/accept`, { token }),
  decline: (token: string, id: string, answer: string): Promise<Ack<{ request: DebateRequestDto }>> =>
    api('POST', `/api/debate-requests/${encodeURIComponent(id)}/decline`, { token, body: { answer } }),
};

export const webhooksApi = {
  list: (token: string): Promise<Ack<{ webhooks: WebhookDto[] }>> => api('GET', '/api/webhooks', { token }),
  create: (token: string, body: CreateWebhookBody): Promise<Ack<{ webhook: WebhookDto; secret: string }>> => api('POST', '/api/webhooks', { token, body }),
  remove: (token: string, id: string): Promise<Ack<null>> => api('DELETE', `/api/webhooks/${encodeURIComponent(id)}`, { token }),
  test: (token: string, id: string): Promise<Ack<{ deliveryId: string }>> => api('POST', `/api/webhooks/${encodeURIComponent(id)}/test`, { token }),
  deliveries: (token: string, id: string): Promise<Ack<{ deliveries: WebhookDeliveryDto[] }>> => api('GET', `/api/webhooks/${encodeURIComponent(id)}/deliveries`, { token }),
};

/** The confirmation token a mailed link carries in its fragment (`#confirm=…`), or null. */
export function confirmTokenOf(hash: string): string | null {
  const m = /^#confirm=([A-Za-z0-9_-]{20,64})$/.exec(hash);
  return m ? m[1]! : null;
}
