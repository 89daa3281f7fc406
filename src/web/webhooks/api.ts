import type {
  CreatedWebhook,
  Webhook,
  WebhookBody,
  WebhookDelivery,
  WebhookDeliveryPage,
  WebhookPatch,
} from "../../common/wire/webhooks.ts";
import { api } from "../api/client.ts";

export type { Webhook, WebhookDelivery } from "../../common/wire/webhooks.ts";

const base = (cid: string) => `/api/companies/${encodeURIComponent(cid)}/webhooks`;
const one = (cid: string, id: string) => `${base(cid)}/${encodeURIComponent(id)}`;

export const webhooksApi = {
  list: (cid: string) => api.get<{ items: Webhook[] }>(base(cid)),
  create: (cid: string, body: WebhookBody) => api.post<CreatedWebhook>(base(cid), body),
  update: (cid: string, id: string, body: WebhookPatch) => api.patch<Webhook>(one(cid, id), body),
  remove: (cid: string, id: string) => api.delete<void>(one(cid, id)),
  deliveries: (cid: string, id: string, cursor?: string | null) =>
    api.get<WebhookDeliveryPage>(
      `${one(cid, id)}/deliveries${cursor ? `?cursor=${encodeURIComponent(cursor)}` : ""}`,
    ),
  redeliver: (cid: string, id: string, deliveryId: string) =>
    api.post<WebhookDelivery>(`${one(cid, id)}/deliveries/${encodeURIComponent(deliveryId)}/redeliver`),
};
