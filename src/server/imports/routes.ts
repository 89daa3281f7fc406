import { Readable } from "node:stream";
import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import type { FastifyInstance } from "fastify";
import { ImportErrorSchema, ImportRowSchema, TaskImportSchema } from "../../common/wire/imports.ts";
import { requireCompanyRole } from "../http/auth-context.ts";
import type { AppContext } from "../kernel/context.ts";
import { transact } from "../kernel/transaction.ts";
import { discardImport } from "./discard-import.ts";
import { errorsCsv } from "./errors-csv.ts";
import { presentImport } from "./present.ts";
import { findImportRecord, listImportErrors, listImportRecords, listImportRows } from "./queries.ts";
import { startReading } from "./read-import.ts";
import { sampleCsv, sampleXlsx } from "./sample-file.ts";
import {
  CompanyParams,
  ErrorsQuery,
  ImportErrorListSchema,
  ImportListQuery,
  ImportListSchema,
  ImportParams,
  ImportRowListSchema,
  RowsQuery,
} from "./schemas.ts";
import { ensureReadingRoom, startImport } from "./start-import.ts";
import { receiveUpload } from "./upload.ts";

const ImportRef = { $ref: "TaskImport#" } as const;
const XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

const attachment = (name: string) => `attachment; filename="${name}"`;

/** Task imports: the sample files, the upload, the preview and its errors, discarding. Owners and managers. */
export function registerImportRoutes(app: FastifyInstance, context: AppContext): void {
  const { database } = context;
  const { db } = database;
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  r.addSchema(ImportErrorSchema);
  r.addSchema(TaskImportSchema);
  r.addSchema(ImportRowSchema);
  const tags = ["Task imports"];
  const base = "/api/companies/:cid/task-imports";

  r.get(`${base}/sample.csv`, { schema: { tags, params: CompanyParams } }, async (request, reply) => {
    await requireCompanyRole(database, request, request.params.cid);
    return reply
      .type("text/csv; charset=utf-8")
      .header("content-disposition", attachment("crewdesk-task-import-sample.csv"))
      .send(sampleCsv());
  });

  r.get(`${base}/sample.xlsx`, { schema: { tags, params: CompanyParams } }, async (request, reply) => {
    await requireCompanyRole(database, request, request.params.cid);
    return reply
      .type(XLSX_TYPE)
      .header("content-disposition", attachment("crewdesk-task-import-sample.xlsx"))
      .send(await sampleXlsx());
  });

  r.post(
    base,
    {
      schema: {
        tags,
        description:
          "multipart/form-data with the file in the field `file` (CSV or XLSX, at most 50 MB). Answers 202 with the import being read (`parsing`); it becomes `validated` (the preview) or `failed` with `error`.",
        params: CompanyParams,
        consumes: ["multipart/form-data"],
        response: { 202: ImportRef },
      },
    },
    async (request, reply) => {
      const { auth } = await requireCompanyRole(database, request, request.params.cid);
      const actor = { companyId: request.params.cid, userId: auth.user.id };
      await ensureReadingRoom(db, actor.companyId);
      const upload = await receiveUpload(request);
      const row = await transact(context, (tx) => startImport(tx, actor, upload));
      startReading(context, { companyId: actor.companyId, importId: row.id }, upload, request.log);
      return reply.code(202).send(await presentImport(db, row));
    },
  );

  r.get(
    base,
    {
      schema: {
        tags,
        params: CompanyParams,
        querystring: ImportListQuery,
        response: { 200: ImportListSchema },
      },
    },
    async (request) => {
      await requireCompanyRole(database, request, request.params.cid);
      const page = await listImportRecords(
        db,
        request.params.cid,
        request.query.cursor,
        request.query.limit ?? 20,
      );
      return {
        items: await Promise.all(page.rows.map((row) => presentImport(db, row))),
        nextCursor: page.nextCursor,
      };
    },
  );

  r.get(
    `${base}/:id`,
    { schema: { tags, params: ImportParams, response: { 200: ImportRef } } },
    async (request) => {
      await requireCompanyRole(database, request, request.params.cid);
      return presentImport(db, await findImportRecord(db, request.params.cid, request.params.id));
    },
  );

  r.get(
    `${base}/:id/errors`,
    {
      schema: {
        tags,
        params: ImportParams,
        querystring: ErrorsQuery,
        response: { 200: ImportErrorListSchema },
      },
    },
    async (request) => {
      await requireCompanyRole(database, request, request.params.cid);
      const row = await findImportRecord(db, request.params.cid, request.params.id);
      const page = await listImportErrors(db, row.id, Number(request.query.cursor ?? 0));
      return { items: page.items, nextCursor: page.nextCursor };
    },
  );

  r.get(
    `${base}/:id/rows`,
    {
      schema: {
        tags,
        description: "The rows read: those that will make tasks (valid), or those skipped as duplicates",
        params: ImportParams,
        querystring: RowsQuery,
        response: { 200: ImportRowListSchema },
      },
    },
    async (request) => {
      await requireCompanyRole(database, request, request.params.cid);
      const row = await findImportRecord(db, request.params.cid, request.params.id);
      const { status = "valid", cursor } = request.query;
      return listImportRows(db, row.id, status, Number(cursor ?? 0));
    },
  );

  r.get(`${base}/:id/errors.csv`, { schema: { tags, params: ImportParams } }, async (request, reply) => {
    await requireCompanyRole(database, request, request.params.cid);
    const row = await findImportRecord(db, request.params.cid, request.params.id);
    return reply
      .type("text/csv; charset=utf-8")
      .header("content-disposition", attachment("import-errors.csv"))
      .send(Readable.from(errorsCsv(db, row)));
  });

  r.delete(`${base}/:id`, { schema: { tags, params: ImportParams } }, async (request, reply) => {
    const { auth } = await requireCompanyRole(database, request, request.params.cid);
    const actor = { companyId: request.params.cid, userId: auth.user.id };
    await transact(context, (tx) => discardImport(tx, actor, request.params.id));
    return reply.code(204).send();
  });
}
