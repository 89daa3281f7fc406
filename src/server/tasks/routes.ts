import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import type { FastifyInstance } from "fastify";
import { requireCompanyRole, requireUser } from "../http/auth-context.ts";
import { invalidField } from "../http/problem.ts";
import type { AppContext } from "../kernel/context.ts";
import { findTaskFor } from "./access.ts";
import { createTask } from "./create-task.ts";
import { listCompanyTasks, listContractorTasks } from "./list-tasks.ts";
import { moveTask } from "./move-task.ts";
import { presentTask, taskHistory } from "./present.ts";
import {
  CompanyActionParams,
  CompanyListQuery,
  CompanyMoveBody,
  CompanyParams,
  CompanyTaskParams,
  ContractorMoveBody,
  CreateTaskBody,
  MyActionParams,
  MyListQuery,
  MyTaskParams,
  TaskListSchema,
  TaskSchema,
  UpdateTaskBody,
} from "./schemas.ts";
import { deleteTask, updateTask } from "./update-task.ts";

const TaskRef = { $ref: "Task#" } as const;

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

/** Tasks: the company's routes (owners and managers) and the contractor's own (`/api/me/tasks`). */
export function registerTaskRoutes(app: FastifyInstance, context: AppContext): void {
  const { database } = context;
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  r.addSchema(TaskSchema);
  const tags = ["Tasks"];

  r.post(
    "/api/companies/:cid/tasks",
    { schema: { tags, params: CompanyParams, body: CreateTaskBody, response: { 201: TaskRef } } },
    async (request, reply) => {
      const { auth } = await requireCompanyRole(database, request, request.params.cid);
      const task = await createTask(
        context,
        { companyId: request.params.cid, userId: auth.user.id },
        request.body,
      );
      return reply.code(201).send(task);
    },
  );

  r.get(
    "/api/companies/:cid/tasks",
    {
      schema: {
        tags,
        params: CompanyParams,
        querystring: CompanyListQuery,
        response: { 200: TaskListSchema },
      },
    },
    async (request) => {
      await requireCompanyRole(database, request, request.params.cid);
      return listCompanyTasks(database, request.params.cid, request.query);
    },
  );

  r.get(
    "/api/companies/:cid/tasks/:id",
    { schema: { tags, params: CompanyTaskParams, response: { 200: TaskRef } } },
    async (request) => {
      const { auth } = await requireCompanyRole(database, request, request.params.cid);
      const actor = { side: "company" as const, companyId: request.params.cid, userId: auth.user.id };
      const row = await findTaskFor(database.db, actor, request.params.id);
      return { ...presentTask(row), history: await taskHistory(database.db, row.id) };
    },
  );

  r.patch(
    "/api/companies/:cid/tasks/:id",
    { schema: { tags, params: CompanyTaskParams, body: UpdateTaskBody, response: { 200: TaskRef } } },
    async (request) => {
      const { auth } = await requireCompanyRole(database, request, request.params.cid);
      const actor = { companyId: request.params.cid, userId: auth.user.id };
      return updateTask(context, actor, request.params.id, request.body);
    },
  );

  r.delete(
    "/api/companies/:cid/tasks/:id",
    { schema: { tags, params: CompanyTaskParams } },
    async (request, reply) => {
      const { auth } = await requireCompanyRole(database, request, request.params.cid);
      await deleteTask(context, { companyId: request.params.cid, userId: auth.user.id }, request.params.id);
      return reply.code(204).send();
    },
  );

  r.post(
    "/api/companies/:cid/tasks/:id/:action",
    {
      schema: {
        tags,
        description:
          "send, cancel {comment?}, accept, return {comment}; a move outside the lifecycle: 409 with `allowed`",
        params: CompanyActionParams,
        body: CompanyMoveBody,
        response: { 200: TaskRef },
      },
      preValidation: emptyBodyAsObject,
    },
    async (request) => {
      const { auth } = await requireCompanyRole(database, request, request.params.cid);
      const actor = { side: "company" as const, companyId: request.params.cid, userId: auth.user.id };
      return moveTask(context, actor, request.params.id, {
        action: request.params.action,
        comment: request.body.comment ?? null,
      });
    },
  );

  r.get(
    "/api/me/tasks",
    { schema: { tags, querystring: MyListQuery, response: { 200: TaskListSchema } } },
    async (request) => {
      const { user } = requireUser(request);
      return listContractorTasks(database, user.id, request.query);
    },
  );

  r.get(
    "/api/me/tasks/:id",
    { schema: { tags, params: MyTaskParams, response: { 200: TaskRef } } },
    async (request) => {
      const { user } = requireUser(request);
      const row = await findTaskFor(database.db, { side: "contractor", userId: user.id }, request.params.id);
      const company = await database.db
        .selectFrom("companies")
        .select(["id", "name"])
        .where("id", "=", row.company_id)
        .executeTakeFirstOrThrow();
      return { ...presentTask(row), company, history: await taskHistory(database.db, row.id) };
    },
  );

  r.post(
    "/api/me/tasks/:id/:action",
    {
      schema: {
        tags,
        description:
          "accept, decline {comment?}, submit {result, link?}; a move outside the lifecycle: 409 with `allowed`",
        params: MyActionParams,
        body: ContractorMoveBody,
        response: { 200: TaskRef },
      },
      preValidation: emptyBodyAsObject,
    },
    async (request) => {
      const { user } = requireUser(request);
      const body = request.body;
      return moveTask(context, { side: "contractor", userId: user.id }, request.params.id, {
        action: request.params.action,
        comment: body.comment ?? null,
        result: body.result ?? null,
        link: request.params.action === "submit" ? checkLink(body.link) : null,
      });
    },
  );
}
