import { Anchor, Center, Group, Loader, Paper, Stack, Table, Text } from "@mantine/core";
import { useMediaQuery } from "@mantine/hooks";
import type { ReactNode } from "react";
import { Link } from "react-router";
import type { Task } from "./api.ts";
import { formatAmount, formatDeadline } from "./format.ts";
import { ContractorStatusBadge, TaskStatusBadge } from "./StatusBadges.tsx";

interface TaskTableProps {
  side: "company" | "contractor";
  /** The company whose tasks these are (the company's side). */
  companyId?: string;
  tasks: Task[];
  loading: boolean;
  emptyText: ReactNode;
}

function taskHref(side: TaskTableProps["side"], companyId: string | undefined, task: Task): string {
  return side === "company"
    ? `/companies/${encodeURIComponent(companyId ?? "")}/tasks/${encodeURIComponent(task.id)}`
    : `/my/tasks/${encodeURIComponent(task.id)}`;
}

function Who({ side, task }: { side: TaskTableProps["side"]; task: Task }) {
  if (side === "contractor") return <Text size="sm">{task.company?.name ?? "—"}</Text>;
  if (!task.contractor)
    return (
      <Text size="sm" c="dimmed">
        Not chosen
      </Text>
    );
  return (
    <Group gap={6} wrap="nowrap">
      <Text size="sm" truncate maw={180}>
        {task.contractor.name}
      </Text>
      <ContractorStatusBadge status={task.contractor.status} size="xs" />
    </Group>
  );
}

/**
 * A page of tasks: a table on wide screens, a list of cards on a phone (a seven-column table does not fit
 * 390 pixels). The title is the link that opens the task.
 */
export function TaskTable({ side, companyId, tasks, loading, emptyText }: TaskTableProps) {
  const isPhone = useMediaQuery("(max-width: 47.99em)") ?? false;
  if (loading) {
    return (
      <Center py="xl" role="status">
        <Group gap="xs">
          <Loader size="sm" aria-hidden />
          <Text>Loading tasks…</Text>
        </Group>
      </Center>
    );
  }
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
      <Stack gap="sm" component="ul" p={0} m={0} style={{ listStyle: "none" }} aria-label="Tasks">
        {tasks.map((task) => (
          <Paper component="li" key={task.id} withBorder p="sm" radius="md">
            <Stack gap={6}>
              <Group justify="space-between" wrap="nowrap" align="flex-start">
                <Anchor
                  component={Link}
                  to={taskHref(side, companyId, task)}
                  fw={600}
                  style={{ overflowWrap: "anywhere" }}
                >
                  #{task.number} {task.title}
                </Anchor>
                <TaskStatusBadge status={task.status} />
              </Group>
              <Who side={side} task={task} />
              <Group justify="space-between" gap="xs">
                <Text size="sm" fw={600}>
                  {formatAmount(task.amount, task.currency)}
                </Text>
                <Text size="sm" c="dimmed">
                  {task.deadline ? `Due ${formatDeadline(task.deadline)}` : "No deadline"}
                  {task.project ? ` · ${task.project}` : ""}
                </Text>
              </Group>
            </Stack>
          </Paper>
        ))}
      </Stack>
    );
  }

  return (
    <Table.ScrollContainer minWidth={760}>
      <Table striped highlightOnHover verticalSpacing="sm" aria-label="Tasks">
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">#</Table.Th>
            <Table.Th scope="col">Title</Table.Th>
            <Table.Th scope="col">Status</Table.Th>
            <Table.Th scope="col">{whoLabel}</Table.Th>
            <Table.Th scope="col" ta="right">
              Amount
            </Table.Th>
            <Table.Th scope="col">Deadline</Table.Th>
            <Table.Th scope="col">Project</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {tasks.map((task) => (
            <Table.Tr key={task.id}>
              <Table.Td c="dimmed">{task.number}</Table.Td>
              <Table.Td maw={320}>
                <Anchor
                  component={Link}
                  to={taskHref(side, companyId, task)}
                  fw={600}
                  style={{ overflowWrap: "anywhere" }}
                >
                  {task.title}
                </Anchor>
              </Table.Td>
              <Table.Td>
                <TaskStatusBadge status={task.status} />
              </Table.Td>
              <Table.Td>
                <Who side={side} task={task} />
              </Table.Td>
              <Table.Td ta="right" style={{ whiteSpace: "nowrap" }}>
                {formatAmount(task.amount, task.currency)}
              </Table.Td>
              <Table.Td style={{ whiteSpace: "nowrap" }}>{formatDeadline(task.deadline)}</Table.Td>
              <Table.Td>{task.project ?? "—"}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
