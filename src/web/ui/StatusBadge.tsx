import type { CSSProperties } from "react";
import { CONTRACTOR_STATUS_LABELS, type ContractorStatus } from "../../common/contractor-status.ts";
import { TASK_STATUS_LABELS, type TaskStatus } from "../../common/task-status.ts";
import classes from "./StatusBadge.module.css";

/** The colour family of each status (badges, charts); a badge's label is always the text colour (see the CSS). */
export const TASK_COLORS: Record<TaskStatus, string> = {
  draft: "gray",
  offered: "blue",
  in_progress: "indigo",
  in_review: "orange",
  completed: "green",
  declined: "red",
  cancelled: "gray",
};

export const CONTRACTOR_COLORS: Record<ContractorStatus, string> = {
  invited: "yellow",
  active: "green",
  removed: "gray",
};

type BadgeProps = { kind: "task"; status: TaskStatus } | { kind: "contractor"; status: ContractorStatus };

/** "Invited", "In review": one design for every status of the app, legible at 12 px, never cut. */
export function StatusBadge(props: BadgeProps) {
  const { label, color } =
    props.kind === "task"
      ? { label: TASK_STATUS_LABELS[props.status], color: TASK_COLORS[props.status] }
      : { label: CONTRACTOR_STATUS_LABELS[props.status], color: CONTRACTOR_COLORS[props.status] };
  return <Badge label={label} color={color} value={props.status} />;
}

/** The same badge for another outcome ("Already in your team"): a Mantine colour name and a label. */
export function Badge({ label, color, value }: { label: string; color: string; value?: string }) {
  const style = {
    "--status-tint": `var(--mantine-color-${color}-0)`,
    "--status-border": `var(--mantine-color-${color}-3)`,
    "--status-dot": `var(--mantine-color-${color}-${color === "gray" ? 6 : 7})`,
  } as CSSProperties;
  return (
    <span className={classes.badge} style={style} data-status={value}>
      {label}
    </span>
  );
}
