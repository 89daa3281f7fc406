import { Text, type TextProps, VisuallyHidden } from "@mantine/core";
import { isOverdue } from "../../common/deadline.ts";
import {
  formatDate,
  formatDateTime,
  formatDaysFromToday,
  formatTimeAgo,
  today,
} from "../../common/format.ts";
import type { TaskStatus } from "../../common/task-status.ts";

/**
 * Dates and times as every page shows them: through the one formatter (src/common/format.ts), in the
 * reader's locale and time zone, inside a <time> element that carries the exact value.
 */

/** An instant, exactly: "Dec 1, 2026, 3:49 AM". */
export function DateTimeText({ iso, ...props }: { iso: string } & TextProps) {
  return (
    <Text component="time" dateTime={iso} inherit {...props}>
      {formatDateTime(iso)}
    </Text>
  );
}

/** An instant where "3 days ago" reads faster; the exact time on hover. */
export function TimeAgo({ iso, ...props }: { iso: string } & TextProps) {
  return (
    <Text component="time" dateTime={iso} title={formatDateTime(iso)} inherit {...props}>
      {formatTimeAgo(iso)}
    </Text>
  );
}

/** A calendar date ("2026-12-31"), exactly: "Dec 31, 2026". */
export function DateText({ date, ...props }: { date: string } & TextProps) {
  return (
    <Text component="time" dateTime={date} inherit {...props}>
      {formatDate(date)}
    </Text>
  );
}

/**
 * A task's deadline: the date, and "Overdue" in red when the work is late (with how late on hover and to
 * screen readers), or a dash when there is none.
 */
export function Deadline({
  task,
  withRelative = false,
}: {
  task: { status: TaskStatus; deadline: string | null };
  /** "in 3 days" after the date, where there is room. */
  withRelative?: boolean;
}) {
  if (!task.deadline) {
    return (
      <Text span inherit c="dimmed">
        <span aria-hidden>—</span>
        <VisuallyHidden>No deadline</VisuallyHidden>
      </Text>
    );
  }
  const relative = formatDaysFromToday(task.deadline);
  if (isOverdue(task, today())) {
    return (
      <Text span inherit c="red.9" fw={600} title={`Overdue: the deadline was ${relative}`}>
        <time dateTime={task.deadline}>{formatDate(task.deadline)}</time> · Overdue
        <VisuallyHidden> (the deadline was {relative})</VisuallyHidden>
      </Text>
    );
  }
  return (
    <Text span inherit title={relative}>
      <time dateTime={task.deadline}>{formatDate(task.deadline)}</time>
      {withRelative && (
        <Text span inherit c="dimmed">
          {" "}
          · {relative}
        </Text>
      )}
    </Text>
  );
}
