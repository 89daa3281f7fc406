import { Badge } from "@mantine/core";
import { CONTRACTOR_STATUS_LABELS, type ContractorStatus } from "../../common/contractor-status.ts";
import { TASK_STATUS_LABELS, type TaskStatus } from "../../common/task-status.ts";

/**
 * The text of a light badge. Mantine's own (shade 9 of the colour on shade 1) falls below 4.5:1 for green,
 * yellow, orange and red; the page's text colour keeps every label above 4.5:1, and the background still
 * tells the colour.
 */
export const BADGE_TEXT = "var(--mantine-color-text)";

const TASK_COLORS: Record<TaskStatus, string> = {
  draft: "gray",
  offered: "blue",
  in_progress: "indigo",
  in_review: "orange",
  completed: "green",
  declined: "red",
  cancelled: "gray",
};

export function TaskStatusBadge({ status }: { status: TaskStatus }) {
  return (
    <Badge color={TASK_COLORS[status]} variant="light" c={BADGE_TEXT} tt="none">
      {TASK_STATUS_LABELS[status]}
    </Badge>
  );
}

export const CONTRACTOR_COLORS: Record<ContractorStatus, string> = {
  invited: "yellow",
  active: "green",
  removed: "gray",
};

export function ContractorStatusBadge({
  status,
  size = "sm",
}: {
  status: ContractorStatus;
  size?: "xs" | "sm";
}) {
  return (
    <Badge size={size} color={CONTRACTOR_COLORS[status]} c={BADGE_TEXT} variant="light" tt="none">
      {CONTRACTOR_STATUS_LABELS[status]}
    </Badge>
  );
}
