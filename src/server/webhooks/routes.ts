import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import { Type } from "@sinclair/typebox";
import type { FastifyInstance } from "fastify";
import {
  CreatedWebhookSchema,
  WebhookBodySchema,
  WebhookDeliveryPageSchema,
  WebhookDeliverySchema,
  WebhookPatchSchema,
  WebhookSchema,
} from "../../common/wire/webhooks.ts";
import { requireCompanyOwner } from "../audit/owner.ts";
import { problems } from "../http/problem.ts";
import type { AppContext } from "../kernel/context.ts";
import { transact } from "../kernel/transaction.ts";
import { createWebhook } from "./create-webhook.ts";
import { deleteWebhook } from "./delete-webhook.ts";
import { presentWebhook } from "./present.ts";
import { findWebhookRow, listDeliveries, listWebhooks } from "./queries.ts";
import { redeliver } from "./redeliver.ts";
import { CompanyParams, DeliveryParams, DeliveryQuery, WebhookParams } from "./schemas.ts";
import { updateWebhook } from "./update-webhook.ts";

const tags = ["Webhooks"];

/** A company's webhooks and their delivery logs: owners only (a manager gets 404). */
export function registerWebhookRoutes(fastify: FastifyInstance, context: AppContext): void {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { db } = context.database;
  const base = "/api/companies/:cid/webhooks";

  app.get(
    base,
    {
      schema: {
        tags,
        summary: "The company's webhooks (owners)",
        params: CompanyParams,
        response: { 200: Type.Object({ items: Type.Array(WebhookSchema) }), ...problems(401, 404) },
      },
    },
    async (request) => {
      const actor = await requireCompanyOwner(context, request, request.params.cid);
      return { items: await listWebhooks(db, actor.companyId) };
    },
  );

  app.post(
    base,
    {
      schema: {
        tags,
        summary: "Add a webhook; answers its signing secret, once",
        params: CompanyParams,
        body: WebhookBodySchema,
        response: { 201: CreatedWebhookSchema, ...problems(400, 401, 404, 409) },
      },
    },
    async (request, reply) => {
      const actor = await requireCompanyOwner(context, request, request.params.cid);
      const created = await transact(context, (tx) => createWebhook(tx, actor, request.body));
      return reply.code(201).send(created);
    },
  );

  app.get(
    `${base}/:id`,
    {
      schema: {
        tags,
        params: WebhookParams,
        response: { 200: WebhookSchema, ...problems(401, 404) },
      },
    },
    async (request) => {
      const actor = await requireCompanyOwner(context, request, request.params.cid);
      return presentWebhook(await findWebhookRow(db, actor.companyId, request.params.id));
    },
  );

  app.patch(
    `${base}/:id`,
    {
      schema: {
        tags,
        summary: "Change a webhook's URL, events or description, or turn it on or off",
        params: WebhookParams,
        body: WebhookPatchSchema,
        response: { 200: WebhookSchema, ...problems(400, 401, 404) },
      },
    },
    async (request) => {
      const actor = await requireCompanyOwner(context, request, request.params.cid);
      return transact(context, (tx) =>
        updateWebhook(tx, actor, { ...request.body, webhookId: request.params.id }),
      );
    },
  );

  app.delete(
    `${base}/:id`,
    { schema: { tags, params: WebhookParams, response: { 204: Type.Null(), ...problems(401, 404) } } },
    async (request, reply) => {
      const actor = await requireCompanyOwner(context, request, request.params.cid);
      await transact(context, (tx) => deleteWebhook(tx, actor, request.params.id));
      return reply.code(204).send(null);
    },
  );

  app.get(
    `${base}/:id/deliveries`,
    {
      schema: {
        tags,
        summary: "A webhook's delivery log, newest first",
        params: WebhookParams,
        querystring: DeliveryQuery,
        response: { 200: WebhookDeliveryPageSchema, ...problems(401, 404) },
      },
    },
    async (request) => {
      const actor = await requireCompanyOwner(context, request, request.params.cid);
      return listDeliveries(db, actor.companyId, request.params.id, request.query.cursor);
    },
  );

  app.post(
    `${base}/:id/deliveries/:deliveryId/redeliver`,
    {
      schema: {
        tags,
        summary: "Send a delivery's event again (a new delivery, queued now)",
        params: DeliveryParams,
        response: { 202: WebhookDeliverySchema, ...problems(401, 404, 409) },
      },
    },
    async (request, reply) => {
      const actor = await requireCompanyOwner(context, request, request.params.cid);
      const delivery = await transact(context, (tx) =>
        redeliver(tx, actor, { webhookId: request.params.id, deliveryId: request.params.deliveryId }),
      );
      return reply.code(202).send(delivery);
    },
  );
}
