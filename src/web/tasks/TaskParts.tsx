import {
  Anchor,
  Group,
  Loader,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Text,
  Timeline,
  Title,
} from "@mantine/core";
import type { ReactNode } from "react";
import { isTaskSort, TASK_SORT_LABELS, TASK_SORTS, type TaskSort } from "../../common/task-sort.ts";
import { TASK_STATUS_LABELS, type TaskStatus } from "../../common/task-status.ts";
import { DateTimeText, Deadline, TimeAgo } from "../ui/dates.tsx";
import { Money } from "../ui/Money.tsx";
import { StatusBadge } from "../ui/StatusBadge.tsx";
import type { Task, TaskHistoryEntry } from "./api.ts";

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <Text component="dt" size="xs" fw={700} c="dimmed" tt="uppercase">
        {label}
      </Text>
      <Text component="dd" m={0} size="sm" style={{ overflowWrap: "anywhere" }}>
        {children}
      </Text>
    </div>
  );
}

/** The task's fields, as a description list. */
export function TaskFacts({ task, side }: { task: Task; side: "company" | "contractor" }) {
  return (
    <Stack gap="md">
      <SimpleGrid component="dl" cols={{ base: 1, xs: 2 }} spacing="sm" verticalSpacing="sm" m={0}>
        {side === "company" ? (
          <Fact label="Contractor">
            {task.contractor ? (
              <Group component="span" gap={6} wrap="wrap">
                <span>{task.contractor.name}</span>
                <StatusBadge kind="contractor" status={task.contractor.status} />
                <Text component="span" size="xs" c="dimmed" w="100%">
                  {task.contractor.email}
                </Text>
              </Group>
            ) : (
              "Not chosen yet"
            )}
          </Fact>
        ) : (
          <Fact label="Company">{task.company?.name ?? "—"}</Fact>
        )}
        <Fact label="Amount">
          <Money amount={task.amount} currency={task.currency} />
        </Fact>
        <Fact label="Deadline">
          <Deadline task={task} withRelative />
        </Fact>
        <Fact label="Project">{task.project ?? "—"}</Fact>
        {side === "company" && <Fact label="External ID">{task.externalId ?? "—"}</Fact>}
        <Fact label="Created">
          <DateTimeText iso={task.createdAt} />
        </Fact>
      </SimpleGrid>
      <div>
        <Title order={3} size="h5" mb={4}>
          Description
        </Title>
        {task.description.trim() ? (
          <Text size="sm" style={{ whiteSpace: "pre-wrap", overflowWrap: "anywhere" }}>
            {task.description}
          </Text>
        ) : (
          <Text size="sm" c="dimmed">
            No description.
          </Text>
        )}
      </div>
    </Stack>
  );
}

/** A comment as text; a submitted link (the server keeps only http(s) links) as a link. */
function CommentText({ text }: { text: string }) {
  return (
    <Text size="sm" style={{ whiteSpace: "pre-wrap", overflowWrap: "anywhere" }}>
      {text.split("\n").map((line, index) => {
        const key = `${index}:${line}`;
        const isLink = /^https?:\/\/\S+$/.test(line.trim());
        return (
          <span key={key}>
            {index > 0 && "\n"}
            {isLink ? (
              <Anchor href={line.trim()} target="_blank" rel="noopener noreferrer nofollow">
                {line.trim()}
              </Anchor>
            ) : (
              line
            )}
          </span>
        );
      })}
    </Text>
  );
}

/** The latest submitted result (it is kept in the history), for the company to review. */
export function SubmittedResult({ task }: { task: Task }) {
  const entry = [...(task.history ?? [])].reverse().find((e) => e.to === "in_review");
  if (task.status !== "in_review" || !entry?.comment) return null;
  return (
    <Paper withBorder p="sm" radius="md" bg="orange.0" component="section" aria-labelledby="submitted-result">
      <Title order={3} size="h5" mb={4} id="submitted-result">
        Submitted result
      </Title>
      <CommentText text={entry.comment} />
    </Paper>
  );
}

function describeMove(entry: TaskHistoryEntry): string {
  if (entry.from === null) return `Created as ${TASK_STATUS_LABELS[entry.to]}`;
  return `${TASK_STATUS_LABELS[entry.from]} → ${TASK_STATUS_LABELS[entry.to]}`;
}

/** Who moved the task, when, from which status to which, and what they said. Oldest first. */
export function TaskHistory({ history }: { history: TaskHistoryEntry[] }) {
  return (
    <section aria-labelledby="task-history">
      <Title order={3} size="h5" mb="xs" id="task-history">
        History
      </Title>
      {history.length === 0 ? (
        <Text size="sm" c="dimmed">
          Nothing has happened yet.
        </Text>
      ) : (
        <Timeline active={history.length - 1} bulletSize={14} lineWidth={2}>
          {history.map((entry) => (
            <Timeline.Item
              key={`${entry.at}-${entry.from}-${entry.to}`}
              title={
                <Text size="sm" fw={600}>
                  {describeMove(entry)}
                </Text>
              }
            >
              <Text size="xs" c="dimmed">
                {entry.actor.name} · <TimeAgo iso={entry.at} />
              </Text>
              {entry.comment && <CommentText text={entry.comment} />}
            </Timeline.Item>
          ))}
        </Timeline>
      )}
    </section>
  );
}

/** The status filter of a task list, offering the given statuses. */
export function TaskStatusFilter({
  statuses,
  value,
  onChange,
}: {
  statuses: readonly TaskStatus[];
  value: TaskStatus | null;
  onChange: (status: TaskStatus | null) => void;
}) {
  return (
    <Select
      label="Status"
      placeholder="All statuses"
      data={statuses.map((s) => ({ value: s, label: TASK_STATUS_LABELS[s] }))}
      value={value}
      clearable
      onChange={(next) => onChange(next as TaskStatus | null)}
      comboboxProps={{ withinPortal: true }}
    />
  );
}

/** What a task drawer shows while the task loads. */
export function TaskLoading() {
  return (
    <Group gap="xs" role="status">
      <Loader size="sm" aria-hidden />
      <Text>Loading the task…</Text>
    </Group>
  );
}

/** The order of a task list, as a select (on phones, where there are no column headers to choose it). */
export function TaskSortSelect({ value, onChange }: { value: TaskSort; onChange: (sort: TaskSort) => void }) {
  return (
    <Select
      label="Sort by"
      data={TASK_SORTS.map((s) => ({ value: s, label: TASK_SORT_LABELS[s] }))}
      value={value}
      allowDeselect={false}
      onChange={(next) => {
        if (next && isTaskSort(next)) onChange(next);
      }}
      comboboxProps={{ withinPortal: true }}
    />
  );
}
