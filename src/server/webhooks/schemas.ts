import { Type } from "@sinclair/typebox";

const Id = Type.String({ minLength: 1, maxLength: 64 });

export const CompanyParams = Type.Object({ cid: Id });
export const WebhookParams = Type.Object({ cid: Id, id: Id });
export const DeliveryParams = Type.Object({ cid: Id, id: Id, deliveryId: Id });
export const DeliveryQuery = Type.Object({
  cursor: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
});
