import { Badge } from "@mantine/core";
import type { ImportStatus } from "../../common/wire/imports.ts";

const LOOK: Record<ImportStatus, { label: string; color: string }> = {
  parsing: { label: "Reading", color: "blue" },
  validated: { label: "Preview ready", color: "cyan" },
  committing: { label: "Importing", color: "blue" },
  done: { label: "Imported", color: "indigo" },
  failed: { label: "Failed", color: "red" },
  discarded: { label: "Discarded", color: "gray" },
};

// Shade 9 on these colours' light badges keeps the label at 4.5:1 or better (teal and green fall short).
export function ImportStatusBadge({ status }: { status: ImportStatus }) {
  const look = LOOK[status];
  return (
    // Never narrower than its label: in a table cell a badge would otherwise shrink to an ellipsis.
    <Badge color={look.color} variant="light" c={`${look.color}.9`} tt="none" miw="max-content">
      {look.label}
    </Badge>
  );
}
