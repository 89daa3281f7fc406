import { Alert, Anchor, Button, Divider, Group, Paper, Select, SimpleGrid, Stack, Text } from "@mantine/core";
import { keepPreviousData, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Link, Outlet, useNavigate, useParams } from "react-router";
import { CONTRACTOR_HIDDEN_STATUSES, TASK_STATUSES, type TaskStatus } from "../../common/task-status.ts";
import { describeError } from "../api/problem.ts";
import { queryKeys } from "../api/query-keys.ts";
import { useSignedInMe } from "../app/session.ts";
import { PageHeading } from "../ui/page.tsx";
import { ErrorState } from "../ui/states.tsx";
import { type MyTaskFilters, myTasksApi } from "./api.ts";
import { CursorPager, useCursorPages } from "./paging.tsx";
import { TaskStatusBadge } from "./StatusBadges.tsx";
import { type ActionInput, TaskActions } from "./TaskActions.tsx";
import { TaskDrawer } from "./TaskDetail.tsx";
import { TaskFacts, TaskHistory, TaskLoading, TaskStatusFilter } from "./TaskParts.tsx";
import { TaskTable } from "./TaskTable.tsx";
import { actionViews } from "./task-actions.ts";

/** The statuses a contractor's tasks can be in (never a Draft). */
const CONTRACTOR_STATUSES = TASK_STATUSES.filter((s) => !CONTRACTOR_HIDDEN_STATUSES.includes(s));

const myTaskKey = (id: string) => [...queryKeys.myTasks(), "detail", id] as const;

/**
 * My tasks: a contractor's tasks from every company they work for, newest first, live. A task opens in a
 * drawer with Accept, Decline and Submit result as the lifecycle table allows.
 */
export function MyTasksPage() {
  const me = useSignedInMe();
  const [companyId, setCompanyId] = useState<string | null>(null);
  const [status, setStatus] = useState<TaskStatus | null>(null);
  const filters: MyTaskFilters = { companyId: companyId ?? undefined, status: status ?? undefined };
  const filtered = Boolean(companyId || status);
  const pages = useCursorPages(JSON.stringify(filters));
  // useLiveEvents refreshes everything under myTasks() on task.updated: nothing more to do here.
  const list = useQuery({
    queryKey: [...queryKeys.myTasks(), "list", filters, pages.cursor],
    queryFn: ({ signal }) => myTasksApi.list(filters, pages.cursor, signal),
    placeholderData: keepPreviousData,
  });
  const companies = me.contractorOf.map((c) => ({ value: c.companyId, label: c.companyName }));

  return (
    <Stack gap="md">
      <PageHeading>My tasks</PageHeading>
      {me.pendingInvitations.length > 0 && (
        <Alert color="indigo" variant="light" title="Invitations waiting for you">
          {me.pendingInvitations.map((i) => i.companyName).join(", ")} invited you. Accept from the link in
          the invitation email to see their tasks here.
        </Alert>
      )}
      <Paper withBorder p="sm" radius="md" component="section" aria-label="Filters">
        <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
          <Select
            label="Company"
            placeholder="All companies"
            data={companies}
            value={companyId}
            clearable
            searchable
            onChange={setCompanyId}
            comboboxProps={{ withinPortal: true }}
          />
          <TaskStatusFilter statuses={CONTRACTOR_STATUSES} value={status} onChange={setStatus} />
        </SimpleGrid>
      </Paper>
      {list.isError && !list.data ? (
        <ErrorState
          title="Your tasks could not be loaded"
          error={list.error}
          onRetry={() => void list.refetch()}
        />
      ) : (
        <>
          <TaskTable
            side="contractor"
            tasks={list.data?.items ?? []}
            loading={list.isPending}
            emptyText={
              <Stack align="center" gap="xs">
                <Text fw={600}>{filtered ? "No task matches these filters." : "No tasks yet"}</Text>
                {!filtered && (
                  <Text c="dimmed" size="sm">
                    When a company sends you a task, it appears here at once, and you get an email.
                  </Text>
                )}
              </Stack>
            }
          />
          <CursorPager pages={pages} nextCursor={list.data?.nextCursor ?? null} busy={list.isFetching} />
        </>
      )}
      <Outlet />
    </Stack>
  );
}

/** /my/tasks/:taskId: one task as its contractor sees it, the moves allowed now, and its history. */
export function MyTaskDetail() {
  const { taskId = "" } = useParams();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const close = () => void navigate("/my/tasks");
  const query = useQuery({
    queryKey: myTaskKey(taskId),
    queryFn: ({ signal }) => myTasksApi.get(taskId, signal),
  });
  const task = query.data;

  const perform = async (action: string, input: ActionInput) => {
    if (!task) return;
    try {
      await myTasksApi.act(task.id, action, input);
    } catch (error) {
      void query.refetch();
      throw error;
    }
    await queryClient.invalidateQueries({ queryKey: queryKeys.myTasks() });
  };

  return (
    <TaskDrawer onClose={close} title={task ? `#${task.number} ${task.title}` : "Task"}>
      {query.isPending ? (
        <TaskLoading />
      ) : query.isError ? (
        <Stack gap="sm">
          <Text role="alert">{describeError(query.error)}</Text>
          <Anchor component={Link} to="/my/tasks">
            Back to my tasks
          </Anchor>
        </Stack>
      ) : task ? (
        <Stack gap="lg">
          <Group gap="sm">
            <TaskStatusBadge status={task.status} />
          </Group>
          <TaskActions
            views={actionViews(task.status, "contractor")}
            perform={perform}
            taskLabel={`task #${task.number}`}
          />
          <TaskFacts task={task} side="contractor" />
          <Divider />
          <TaskHistory history={task.history ?? []} />
          <Group>
            <Button variant="default" onClick={close}>
              Back to my tasks
            </Button>
          </Group>
        </Stack>
      ) : null}
    </TaskDrawer>
  );
}
