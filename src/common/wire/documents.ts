import { type Static, Type } from "@sinclair/typebox";
import { PageSchema } from "./page.ts";

export const DOCUMENT_KINDS = ["act", "statement"] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

/** An issued document as its side sees it; its PDF is at `…/documents/:id.pdf`. */
export const DocumentSchema = Type.Object(
  {
    id: Type.String(),
    number: Type.String({ description: "ACT-2026-000001, ST-2026-000001: numbered per kind and year" }),
    kind: Type.Union(DOCUMENT_KINDS.map((k) => Type.Literal(k))),
    title: Type.String(),
    period: Type.Optional(Type.String({ description: "A statement's month, 2026-11" })),
    taskId: Type.Optional(Type.String({ description: "An act's task" })),
    createdAt: Type.String({ format: "date-time" }),
  },
  { $id: "Document" },
);
export type DocumentItem = Static<typeof DocumentSchema>;
export const DocumentPageSchema = PageSchema(DocumentSchema);
export type DocumentPage = Static<typeof DocumentPageSchema>;

/** Finance's issuing of one month's statements, with its progress. */
export const StatementRunSchema = Type.Object(
  {
    id: Type.String(),
    period: Type.String(),
    status: Type.Union([Type.Literal("running"), Type.Literal("done"), Type.Literal("failed")]),
    total: Type.Integer({ description: "Statements to issue: one per company and contractor with money" }),
    issued: Type.Integer(),
    skipped: Type.Integer({ description: "Already issued by an earlier run: never issued twice" }),
    error: Type.Union([Type.String(), Type.Null()]),
    createdAt: Type.String({ format: "date-time" }),
    finishedAt: Type.Union([Type.String({ format: "date-time" }), Type.Null()]),
  },
  { $id: "StatementRun" },
);
export type StatementRun = Static<typeof StatementRunSchema>;
