import { Readable } from "node:stream";
import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import { Type } from "@sinclair/typebox";
import type { FastifyInstance } from "fastify";
import {
  ImportErrorPageSchema,
  ImportRowPageSchema,
  TaskImportPageSchema,
  TaskImportSchema,
} from "../../common/wire/imports.ts";
import { requireCompanyActor } from "../auth/guards.ts";
import { IdempotencyHeaders, idempotencyScope, idempotent, requestFingerprint } from "../http/idempotency.ts";
import { problems } from "../http/problem.ts";
import type { AppContext } from "../kernel/context.ts";
import { transact } from "../kernel/transaction.ts";
import { commitImport } from "./commit-import.ts";
import { startCommitJob } from "./commit-job.ts";
import { discardImport } from "./discard-import.ts";
import { errorsCsv } from "./errors-csv.ts";
import { presentImport } from "./present.ts";
import { findImportRecord, listImportErrors, listImportRecords, listImportRows } from "./queries.ts";
import { startReading } from "./read-import.ts";
import { sampleCsv, sampleXlsx } from "./sample-file.ts";
import {
  CommitBody,
  CompanyParams,
  ErrorsQuery,
  ImportListQuery,
  ImportParams,
  RowsQuery,
} from "./schemas.ts";
import { ensureReadingRoom, startImport } from "./start-import.ts";
import { discardUpload, receiveUpload } from "./upload.ts";

const XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
const attachment = (name: string) => `attachment; filename="${name}"`;
/** A file answer (sent as it is, not serialised): the documentation says what it holds. */
const file = (description: string) =>
  Type.Unsafe<string | Buffer | Readable>({ type: "string", format: "binary", description });
const tags = ["Task imports"];
const base = "/api/companies/:cid/task-imports";

/** Task imports: the sample files, the upload, the preview and its errors, discarding. Owners and managers. */
export function registerImportRoutes(fastify: FastifyInstance, context: AppContext): void {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { db } = context.database;

  app.get(
    `${base}/sample.csv`,
    {
      schema: {
        tags,
        params: CompanyParams,
        response: { 200: file("The sample file, UTF-8 with BOM"), ...problems(401, 403, 404) },
      },
    },
    async (request, reply) => {
      await requireCompanyActor(context, request, request.params.cid);
      return reply
        .type("text/csv; charset=utf-8")
        .header("content-disposition", attachment("crewdesk-task-import-sample.csv"))
        .send(sampleCsv());
    },
  );

  app.get(
    `${base}/sample.xlsx`,
    {
      schema: {
        tags,
        params: CompanyParams,
        response: { 200: file("The sample workbook"), ...problems(401, 403, 404) },
      },
    },
    async (request, reply) => {
      await requireCompanyActor(context, request, request.params.cid);
      return reply
        .type(XLSX_TYPE)
        .header("content-disposition", attachment("crewdesk-task-import-sample.xlsx"))
        .send(await sampleXlsx());
    },
  );

  app.post(
    base,
    {
      schema: {
        tags,
        description:
          "multipart/form-data with the file in the field `file` (CSV or XLSX, at most 50 MB). Answers 202 with the import being read (`parsing`); it becomes `validated` (the preview) or `failed` with `error`.",
        params: CompanyParams,
        headers: IdempotencyHeaders,
        consumes: ["multipart/form-data"],
        response: { 202: TaskImportSchema, ...problems(400, 401, 403, 404, 409, 413, 415, 422, 429) },
      },
    },
    async (request, reply) => {
      const actor = await requireCompanyActor(context, request, request.params.cid);
      await ensureReadingRoom(db, actor.companyId);
      const upload = await receiveUpload(request);
      // The same file under the same name is the same request.
      const claim = {
        scope: idempotencyScope(actor),
        fingerprint: requestFingerprint(request, { file: upload.fileName, sha256: upload.sha256 }),
      };
      let started = false;
      const start = async () => {
        started = true;
        const row = await transact(context, (tx) => startImport(tx, actor, upload)).catch(async (error) => {
          await discardUpload(upload);
          throw error;
        });
        startReading(context, { actor, importId: row.id, upload }, request.log);
        return reply.code(202).send(await presentImport(db, row));
      };
      // A replay (or a refused key) reads nothing: its upload goes.
      const answer = await idempotent(db, request, reply, claim, start).catch(async (error) => {
        if (!started) await discardUpload(upload);
        throw error;
      });
      if (!started) await discardUpload(upload);
      return answer;
    },
  );

  app.get(
    base,
    {
      schema: {
        tags,
        params: CompanyParams,
        querystring: ImportListQuery,
        response: { 200: TaskImportPageSchema, ...problems(401, 403, 404) },
      },
    },
    async (request) => {
      const actor = await requireCompanyActor(context, request, request.params.cid);
      const { cursor, limit = 20 } = request.query;
      const page = await listImportRecords(db, actor.companyId, cursor, limit);
      return {
        items: await Promise.all(page.rows.map((row) => presentImport(db, row))),
        nextCursor: page.nextCursor,
      };
    },
  );

  app.get(
    `${base}/:id`,
    {
      schema: { tags, params: ImportParams, response: { 200: TaskImportSchema, ...problems(401, 403, 404) } },
    },
    async (request) => {
      const actor = await requireCompanyActor(context, request, request.params.cid);
      return presentImport(db, await findImportRecord(db, actor.companyId, request.params.id));
    },
  );

  app.get(
    `${base}/:id/errors`,
    {
      schema: {
        tags,
        params: ImportParams,
        querystring: ErrorsQuery,
        response: { 200: ImportErrorPageSchema, ...problems(401, 403, 404) },
      },
    },
    async (request) => {
      const actor = await requireCompanyActor(context, request, request.params.cid);
      const row = await findImportRecord(db, actor.companyId, request.params.id);
      const page = await listImportErrors(db, row.id, Number(request.query.cursor ?? 0));
      return { items: page.items, nextCursor: page.nextCursor };
    },
  );

  app.get(
    `${base}/:id/rows`,
    {
      schema: {
        tags,
        description: "The rows read: those that will make tasks (valid), or those skipped as duplicates",
        params: ImportParams,
        querystring: RowsQuery,
        response: { 200: ImportRowPageSchema, ...problems(401, 403, 404) },
      },
    },
    async (request) => {
      const actor = await requireCompanyActor(context, request, request.params.cid);
      const row = await findImportRecord(db, actor.companyId, request.params.id);
      const { status = "valid", cursor } = request.query;
      return listImportRows(db, row.id, status, Number(cursor ?? 0));
    },
  );

  app.get(
    `${base}/:id/errors.csv`,
    {
      schema: {
        tags,
        params: ImportParams,
        response: {
          200: file("The invalid rows as uploaded, with an Errors column; UTF-8 with BOM"),
          ...problems(401, 403, 404),
        },
      },
    },
    async (request, reply) => {
      const actor = await requireCompanyActor(context, request, request.params.cid);
      const row = await findImportRecord(db, actor.companyId, request.params.id);
      return reply
        .type("text/csv; charset=utf-8")
        .header("content-disposition", attachment("import-errors.csv"))
        .send(Readable.from(errorsCsv(db, row)));
    },
  );

  app.post(
    `${base}/:id/commit`,
    {
      schema: {
        tags,
        description:
          "Creates the tasks of a previewed import (`committing`, then `done` with `result`), inviting each new contractor address once. 409: rows with errors without `skipInvalidRows`, the same file as an earlier import without `allowSameFile`, or an import that is not a preview. 429: its invitations and offers to contractors who have not accepted would pass the invitation allowance; nothing is written. Committing an import that is `committing` again goes on with it.",
        params: ImportParams,
        body: CommitBody,
        response: { 202: TaskImportSchema, ...problems(400, 401, 403, 404, 409, 429) },
      },
    },
    async (request, reply) => {
      const actor = await requireCompanyActor(context, request, request.params.cid);
      const { record, jobId } = await transact(context, (tx) =>
        commitImport(tx, actor, request.params.id, request.body ?? {}),
      );
      await startCommitJob(context, jobId, request.log);
      return reply.code(202).send(await presentImport(db, record));
    },
  );

  app.delete(
    `${base}/:id`,
    {
      schema: { tags, params: ImportParams, response: { 204: Type.Null(), ...problems(401, 403, 404, 409) } },
    },
    async (request, reply) => {
      const actor = await requireCompanyActor(context, request, request.params.cid);
      await transact(context, (tx) => discardImport(tx, actor, request.params.id));
      return reply.code(204).send(null);
    },
  );
}
