import { Anchor, Group, Paper, Stack, Table, Text, UnstyledButton } from "@mantine/core";
import type { ReactNode } from "react";
import { Link } from "react-router";
import { parseTaskSort, type TaskSort, type TaskSortKey } from "../../common/task-sort.ts";
import { Deadline } from "../ui/dates.tsx";
import { Money } from "../ui/Money.tsx";
import { useIsPhone } from "../ui/media.ts";
import { StatusBadge } from "../ui/StatusBadge.tsx";
import { LoadingState } from "../ui/states.tsx";
import { Truncate } from "../ui/Truncate.tsx";
import type { Task } from "./api.ts";
import classes from "./TaskTable.module.css";

interface TaskTableProps {
  side: "company" | "contractor";
  /** The company whose tasks these are (the company's side). */
  companyId?: string;
  tasks: Task[];
  loading: boolean;
  emptyText: ReactNode;
  /** The order shown, and how to change it from the column headers. */
  sort: TaskSort;
  onSort: (sort: TaskSort) => void;
}

function taskHref(side: TaskTableProps["side"], companyId: string | undefined, task: Task): string {
  return side === "company"
    ? `/companies/${encodeURIComponent(companyId ?? "")}/tasks/${encodeURIComponent(task.id)}`
    : `/my/tasks/${encodeURIComponent(task.id)}`;
}

/** The contractor of a task (the company's side), with their status when they are not Active; the company on the contractor's. */
function Who({
  side,
  task,
  compact = false,
}: {
  side: TaskTableProps["side"];
  task: Task;
  compact?: boolean;
}) {
  if (side === "contractor") return <Truncate size="sm">{task.company?.name ?? "—"}</Truncate>;
  if (!task.contractor)
    return (
      <Text size="sm" c="dimmed" span>
        No contractor
      </Text>
    );
  return (
    <Group gap={6} wrap="nowrap" miw={0}>
      <Truncate size="sm" miw={0}>
        {task.contractor.name}
      </Truncate>
      {!compact && task.contractor.status !== "active" && (
        <StatusBadge kind="contractor" status={task.contractor.status} />
      )}
    </Group>
  );
}

/** The first order of each column when its header is chosen: soonest deadline, highest amount, lifecycle. */
const FIRST_ORDER: Record<TaskSortKey, TaskSort> = {
  deadline: "deadline",
  amount: "-amount",
  status: "status",
};

function SortHeader({
  label,
  column,
  sort,
  onSort,
  align,
  className,
}: {
  label: string;
  column: TaskSortKey;
  sort: TaskSort;
  onSort: (sort: TaskSort) => void;
  align?: "right";
  className?: string | undefined;
}) {
  const { key, descending } = parseTaskSort(sort);
  const active = key === column;
  const next: TaskSort = active ? ((descending ? column : `-${column}`) as TaskSort) : FIRST_ORDER[column];
  return (
    <Table.Th
      scope="col"
      className={className}
      aria-sort={active ? (descending ? "descending" : "ascending") : "none"}
      ta={align}
    >
      <UnstyledButton
        onClick={() => onSort(next)}
        className={classes.sortButton}
        data-active={active || undefined}
      >
        {label}
        <span aria-hidden className={classes.sortArrow}>
          {active ? (descending ? "↓" : "↑") : "↕"}
        </span>
      </UnstyledButton>
    </Table.Th>
  );
}

/** The title, and the project under it, dimmed. */
function TitleCell({ href, task }: { href: string; task: Task }) {
  return (
    <Stack gap={0} miw={0}>
      <Anchor
        component={Link}
        to={href}
        fw={600}
        size="sm"
        lineClamp={2}
        title={task.title}
        style={{ overflowWrap: "anywhere" }}
      >
        {task.title}
      </Anchor>
      {task.project && (
        <Truncate size="xs" c="dimmed">
          {task.project}
        </Truncate>
      )}
    </Stack>
  );
}

/**
 * A page of tasks: a table on wide screens (sortable by deadline, amount and status from its headers), a
 * dense list on a phone. The title is the link that opens the task; a late task says Overdue in red.
 */
export function TaskTable({ side, companyId, tasks, loading, emptyText, sort, onSort }: TaskTableProps) {
  const isPhone = useIsPhone();
  if (loading) return <LoadingState label="Loading tasks" />;
  if (tasks.length === 0) {
    return (
      <Paper withBorder p="lg" radius="md" ta="center">
        {emptyText}
      </Paper>
    );
  }
  const whoLabel = side === "company" ? "Contractor" : "Company";

  if (isPhone) {
    return (
      <Paper withBorder radius="md" component="ul" p={0} m={0} aria-label="Tasks" className={classes.cards}>
        {tasks.map((task) => (
          <li key={task.id} className={classes.card}>
            <Group justify="space-between" wrap="nowrap" align="flex-start" gap="xs">
              <Anchor
                component={Link}
                to={taskHref(side, companyId, task)}
                fw={600}
                size="sm"
                lineClamp={2}
                title={task.title}
                underline="hover"
                style={{ overflowWrap: "anywhere" }}
              >
                {task.title}
              </Anchor>
              <StatusBadge kind="task" status={task.status} />
            </Group>
            <Group gap={6} wrap="nowrap" fz="xs" c="dimmed" mt={2} className={classes.facts}>
              <Money amount={task.amount} currency={task.currency} c="var(--mantine-color-text)" fw={600} />
              <span aria-hidden>·</span>
              <Text span inherit style={{ whiteSpace: "nowrap" }}>
                {task.deadline ? (
                  <>
                    Due <Deadline task={task} />
                  </>
                ) : (
                  "No deadline"
                )}
              </Text>
              <span aria-hidden>·</span>
              <div style={{ minWidth: 0 }}>
                <Who side={side} task={task} compact />
              </div>
            </Group>
          </li>
        ))}
      </Paper>
    );
  }

  return (
    <div className={classes.tableBox}>
      <Table highlightOnHover verticalSpacing={6} aria-label="Tasks" className={classes.table}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th
              scope="col"
              className={classes.number}
              aria-sort={sort === "newest" ? "descending" : "none"}
            >
              <UnstyledButton
                onClick={() => onSort("newest")}
                className={classes.sortButton}
                data-active={sort === "newest" || undefined}
                aria-label="Number, newest first"
              >
                #
              </UnstyledButton>
            </Table.Th>
            <Table.Th scope="col">Task</Table.Th>
            <SortHeader
              label="Status"
              column="status"
              sort={sort}
              onSort={onSort}
              className={classes.status}
            />
            <Table.Th scope="col" className={classes.who}>
              {whoLabel}
            </Table.Th>
            <SortHeader
              label="Amount"
              column="amount"
              sort={sort}
              onSort={onSort}
              align="right"
              className={classes.amount}
            />
            <SortHeader
              label="Deadline"
              column="deadline"
              sort={sort}
              onSort={onSort}
              className={classes.deadline}
            />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {tasks.map((task) => (
            <Table.Tr key={task.id}>
              <Table.Td c="dimmed" fz="sm">
                {task.number}
              </Table.Td>
              <Table.Td>
                <TitleCell href={taskHref(side, companyId, task)} task={task} />
              </Table.Td>
              <Table.Td>
                <StatusBadge kind="task" status={task.status} />
              </Table.Td>
              <Table.Td>
                <Who side={side} task={task} />
              </Table.Td>
              <Table.Td ta="right" fz="sm">
                <Money amount={task.amount} currency={task.currency} />
              </Table.Td>
              <Table.Td fz="sm">
                <Deadline task={task} />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </div>
  );
}
