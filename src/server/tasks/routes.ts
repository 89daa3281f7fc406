import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import { Type } from "@sinclair/typebox";
import type { FastifyInstance } from "fastify";
import {
  CreateTaskBodySchema,
  TaskPageSchema,
  TaskSchema,
  UpdateTaskBodySchema,
} from "../../common/wire/tasks.ts";
import { requireCompanyActor } from "../auth/guards.ts";
import { IdempotencyHeaders, idempotencyScope, idempotent, requestFingerprint } from "../http/idempotency.ts";
import { invalidField, problems } from "../http/problem.ts";
import { requireUser } from "../http/request-user.ts";
import type { AppContext } from "../kernel/context.ts";
import { transact } from "../kernel/transaction.ts";
import { createTask } from "./create-task.ts";
import { deleteTask } from "./delete-task.ts";
import { moveTask } from "./move-task.ts";
import { findCompanyTask, findContractorTask, listCompanyTasks, listContractorTasks } from "./queries.ts";
import {
  CompanyActionParams,
  CompanyListQuery,
  CompanyMoveBody,
  CompanyParams,
  CompanyTaskParams,
  ContractorMoveBody,
  MyActionParams,
  MyListQuery,
  MyTaskParams,
} from "./schemas.ts";
import { createTaskAccepter } from "./task-accepter.ts";
import { updateTask } from "./update-task.ts";

/** An action's body is optional ("send" says nothing): no body reads as an empty object. */
async function emptyBodyAsObject(request: { body: unknown }): Promise<void> {
  if (request.body === undefined || request.body === null) request.body = {};
}

/** A submitted link is shown to the company as a link: only web addresses, never `javascript:` and the like. */
function checkLink(link: string | null | undefined): string | null {
  const text = link?.trim();
  if (!text) return null;
  try {
    const url = new URL(text);
    if (url.protocol === "https:" || url.protocol === "http:") return url.toString();
  } catch {
    // falls through to the 400
  }
  throw invalidField("link", "link must be a web address starting with https:// or http://");
}

const tags = ["Tasks"];

/** Tasks: the company's routes (owners and managers) and the contractor's own (`/api/me/tasks`). */
export function registerTaskRoutes(fastify: FastifyInstance, context: AppContext): void {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { database } = context;
  const accepter = createTaskAccepter(context);

  app.post(
    "/api/companies/:cid/tasks",
    {
      schema: {
        tags,
        params: CompanyParams,
        body: CreateTaskBodySchema,
        headers: IdempotencyHeaders,
        response: { 201: TaskSchema, ...problems(400, 401, 403, 404, 409, 422, 429) },
      },
    },
    async (request, reply) => {
      const actor = await requireCompanyActor(context, request, request.params.cid);
      const claim = { scope: idempotencyScope(actor), fingerprint: requestFingerprint(request) };
      return idempotent(database.db, request, reply, claim, async () => {
        const task = await transact(context, (tx) => createTask(tx, actor, request.body));
        return reply.code(201).send(task);
      });
    },
  );

  app.get(
    "/api/companies/:cid/tasks",
    {
      schema: {
        tags,
        params: CompanyParams,
        querystring: CompanyListQuery,
        response: { 200: TaskPageSchema, ...problems(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const actor = await requireCompanyActor(context, request, request.params.cid);
      return listCompanyTasks(database, actor.companyId, request.query);
    },
  );

  app.get(
    "/api/companies/:cid/tasks/:id",
    {
      schema: { tags, params: CompanyTaskParams, response: { 200: TaskSchema, ...problems(401, 403, 404) } },
    },
    async (request) => {
      const actor = await requireCompanyActor(context, request, request.params.cid);
      return findCompanyTask(database.db, actor, request.params.id);
    },
  );

  app.patch(
    "/api/companies/:cid/tasks/:id",
    {
      schema: {
        tags,
        params: CompanyTaskParams,
        body: UpdateTaskBodySchema,
        response: { 200: TaskSchema, ...problems(400, 401, 403, 404, 409, 429) },
      },
    },
    async (request) => {
      const actor = await requireCompanyActor(context, request, request.params.cid);
      return transact(context, (tx) => updateTask(tx, actor, { ...request.body, taskId: request.params.id }));
    },
  );

  app.delete(
    "/api/companies/:cid/tasks/:id",
    {
      schema: {
        tags,
        params: CompanyTaskParams,
        response: { 204: Type.Null(), ...problems(401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const actor = await requireCompanyActor(context, request, request.params.cid);
      await transact(context, (tx) => deleteTask(tx, actor, request.params.id));
      return reply.code(204).send(null);
    },
  );

  app.post(
    "/api/companies/:cid/tasks/:id/:action",
    {
      schema: {
        tags,
        description:
          "send, cancel {comment?}, accept, return {comment}; a move outside the lifecycle: 409 with `allowed`",
        params: CompanyActionParams,
        body: CompanyMoveBody,
        response: { 200: TaskSchema, ...problems(400, 401, 403, 404, 409) },
      },
      preValidation: emptyBodyAsObject,
    },
    async (request) => {
      const actor = await requireCompanyActor(context, request, request.params.cid);
      const { action, id } = request.params;
      const comment = request.body.comment ?? null;
      // Acceptances pay from the company's hot ledger rows: concurrent ones commit together.
      if (action === "accept" && !comment?.trim()) return accepter.accept(actor, id);
      return transact(context, (tx) =>
        moveTask(tx, { side: "company", ...actor }, { taskId: id, action, comment }),
      );
    },
  );

  app.get(
    "/api/me/tasks",
    { schema: { tags, querystring: MyListQuery, response: { 200: TaskPageSchema, ...problems(400, 401) } } },
    async (request) => listContractorTasks(database, requireUser(request).user.id, request.query),
  );

  app.get(
    "/api/me/tasks/:id",
    { schema: { tags, params: MyTaskParams, response: { 200: TaskSchema, ...problems(401, 404) } } },
    async (request) => findContractorTask(database.db, requireUser(request).user.id, request.params.id),
  );

  app.post(
    "/api/me/tasks/:id/:action",
    {
      schema: {
        tags,
        description:
          "accept, decline {comment?}, submit {result, link?}; a move outside the lifecycle: 409 with `allowed`",
        params: MyActionParams,
        body: ContractorMoveBody,
        response: { 200: TaskSchema, ...problems(400, 401, 404, 409) },
      },
      preValidation: emptyBodyAsObject,
    },
    async (request) => {
      const { user } = requireUser(request);
      const { action, id } = request.params;
      const body = request.body;
      return transact(context, (tx) =>
        moveTask(
          tx,
          { side: "contractor", userId: user.id },
          {
            taskId: id,
            action,
            comment: body.comment ?? null,
            result: body.result ?? null,
            link: action === "submit" ? checkLink(body.link) : null,
          },
        ),
      );
    },
  );
}
