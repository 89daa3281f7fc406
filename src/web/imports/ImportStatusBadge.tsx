import { Badge } from "@mantine/core";
import type { ImportStatus } from "../../common/wire/imports.ts";

const LOOK: Record<ImportStatus, { label: string; color: string }> = {
  parsing: { label: "Reading", color: "blue" },
  validated: { label: "Preview ready", color: "teal" },
  committing: { label: "Importing", color: "blue" },
  done: { label: "Imported", color: "green" },
  failed: { label: "Failed", color: "red" },
  discarded: { label: "Discarded", color: "gray" },
};

export function ImportStatusBadge({ status }: { status: ImportStatus }) {
  const look = LOOK[status];
  return (
    <Badge color={look.color} variant="light">
      {look.label}
    </Badge>
  );
}
