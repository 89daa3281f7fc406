import { type Static, Type } from "@sinclair/typebox";
import { PageSchema } from "./page.ts";

/** The states of a task import (architecture.md). */
export const IMPORT_STATUSES = ["parsing", "validated", "committing", "done", "failed", "discarded"] as const;
export type ImportStatus = (typeof IMPORT_STATUSES)[number];

export const ImportErrorSchema = Type.Object(
  {
    row: Type.Integer({ description: "As the spreadsheet numbers it: the header is row 1" }),
    column: Type.Union([Type.String(), Type.Null()], {
      description: "The column's header as the file wrote it",
    }),
    message: Type.String(),
  },
  { $id: "ImportError" },
);
export type ImportError = Static<typeof ImportErrorSchema>;

const Nullable = <T extends ReturnType<typeof Type.String>>(schema: T) => Type.Union([schema, Type.Null()]);

export const TaskImportSchema = Type.Object(
  {
    id: Type.String(),
    status: Type.Union(IMPORT_STATUSES.map((s) => Type.Literal(s))),
    fileName: Type.String({ description: "As uploaded; show it as text" }),
    encoding: Nullable(
      Type.String({ description: 'CSV: "UTF-8", "UTF-8 with BOM", "UTF-16 LE", "Windows-1251"…' }),
    ),
    delimiter: Nullable(Type.String({ description: 'CSV: ",", ";" or "\\t"' })),
    progress: Type.Object({
      done: Type.Integer({
        description: "Reading: bytes read so far. Committing: valid rows written so far",
      }),
      total: Type.Integer({ description: "Reading: bytes to read. Committing: valid rows to write" }),
    }),
    totalRows: Type.Integer(),
    validRows: Type.Integer(),
    invalidRows: Type.Integer(),
    duplicateRows: Type.Integer({ description: "Rows whose External ID a task of the company has: skipped" }),
    sameFileAs: Nullable(Type.String({ description: "An earlier import of the very same file" })),
    warnings: Type.Array(Type.String()),
    error: Nullable(Type.String({ description: "Why the file could not be read (status failed)" })),
    errors: Type.Array(ImportErrorSchema, { description: "The first 100 errors" }),
    errorCount: Type.Integer(),
    result: Type.Union(
      [
        Type.Object({
          createdTasks: Type.Integer(),
          invitedContractors: Type.Integer(),
          unfundedTasks: Type.Integer({
            description: "Tasks to be sent that were left Draft because sending them was refused (funding)",
          }),
          skippedRows: Type.Integer({
            description: "Valid rows not imported because a task took their External ID after the preview",
          }),
        }),
        Type.Null(),
      ],
      { description: "Once committing: what the commit has written so far; final once done" },
    ),
    createdAt: Type.String({ format: "date-time" }),
    updatedAt: Type.String({ format: "date-time" }),
  },
  { $id: "TaskImport" },
);

export type TaskImport = Static<typeof TaskImportSchema>;

export const TaskImportPageSchema = PageSchema(TaskImportSchema);
export const ImportErrorPageSchema = PageSchema(ImportErrorSchema);

/** A row of the file as the import read it: the task it will make (valid), or skip (duplicate). */
export const ImportRowSchema = Type.Object(
  {
    row: Type.Integer({ description: "As the spreadsheet numbers it: the header is row 1" }),
    status: Type.Union([Type.Literal("valid"), Type.Literal("duplicate")]),
    contractorEmail: Type.String(),
    contractorName: Nullable(Type.String()),
    title: Type.String(),
    description: Type.String(),
    amount: Type.String({ description: 'A decimal string with the currency\'s decimals, e.g. "1234.50"' }),
    currency: Type.String(),
    deadline: Nullable(Type.String({ format: "date" })),
    project: Nullable(Type.String()),
    externalId: Nullable(Type.String()),
  },
  { $id: "ImportRow" },
);
export type ImportRow = Static<typeof ImportRowSchema>;

export const ImportRowPageSchema = PageSchema(ImportRowSchema);
