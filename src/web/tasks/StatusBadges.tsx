import { Badge } from "@mantine/core";
import { CONTRACTOR_STATUS_LABELS, type ContractorStatus } from "../../common/contractor-status.ts";
import { TASK_STATUS_LABELS, type TaskStatus } from "../../common/task-status.ts";

// Shade 8 on a light badge keeps the label at 4.5:1 or better against its background.
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
    <Badge color={TASK_COLORS[status]} variant="light" c={`${TASK_COLORS[status]}.9`} tt="none">
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
    <Badge
      size={size}
      color={CONTRACTOR_COLORS[status]}
      c={`${CONTRACTOR_COLORS[status]}.9`}
      variant="light"
      tt="none"
    >
      {CONTRACTOR_STATUS_LABELS[status]}
    </Badge>
  );
}
