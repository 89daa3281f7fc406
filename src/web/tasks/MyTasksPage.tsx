import { Alert, Anchor, Button, Divider, Group, Select, Stack, Text } from "@mantine/core";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { lazy, Suspense, useState } from "react";
import { Link, Outlet, useNavigate, useParams } from "react-router";
import type { TaskSort } from "../../common/task-sort.ts";
import { CONTRACTOR_HIDDEN_STATUSES, TASK_STATUSES, type TaskStatus } from "../../common/task-status.ts";
import { describeError } from "../api/problem.ts";
import { queryKeys } from "../api/query-keys.ts";
import { useSignedInMe } from "../app/session.ts";
import { FilterBar } from "../ui/FilterBar.tsx";
import { ListTotalText, LoadMore } from "../ui/lists.tsx";
import { useIsPhone } from "../ui/media.ts";
import { PageHeading, usePageTitle } from "../ui/page.tsx";
import { StatusBadge } from "../ui/StatusBadge.tsx";
import { ErrorState } from "../ui/states.tsx";
import { type MyTaskFilters, myTasksApi } from "./api.ts";
import { type ActionInput, TaskActions } from "./TaskActions.tsx";
import { TaskDrawer } from "./TaskDetail.tsx";
import { TaskFacts, TaskHistory, TaskLoading, TaskSortSelect, TaskStatusFilter } from "./TaskParts.tsx";
import { TaskTable } from "./TaskTable.tsx";
import { actionViews } from "./task-actions.ts";
import { useTaskPages } from "./task-pages.ts";

// Its charts are a library of their own: loaded after the tasks, not with every page.
const EarningsSection = lazy(async () => ({
  default: (await import("../overview/EarningsSection.tsx")).EarningsSection,
}));

/** The statuses a contractor's tasks can be in (never a Draft). */
const CONTRACTOR_STATUSES = TASK_STATUSES.filter((s) => !CONTRACTOR_HIDDEN_STATUSES.includes(s));

const myTaskKey = (id: string) => [...queryKeys.myTasks(), "detail", id] as const;

/**
 * My tasks: a contractor's tasks from every company they work for, newest first or sorted, live. A task
 * opens in a drawer with Accept, Decline and Submit result as the lifecycle table allows.
 */
export function MyTasksPage() {
  const me = useSignedInMe();
  usePageTitle("My tasks");
  const isPhone = useIsPhone();
  const [companyId, setCompanyId] = useState<string | null>(null);
  const [status, setStatus] = useState<TaskStatus | null>(null);
  const [sort, setSort] = useState<TaskSort>("newest");
  const filters: MyTaskFilters = { companyId: companyId ?? undefined, status: status ?? undefined };
  const filtered = Boolean(companyId || status);
  // useLiveEvents refreshes everything under myTasks() on task.updated: nothing more to do here.
  const list = useTaskPages([...queryKeys.myTasks(), "list", filters, sort], (cursor, signal) =>
    myTasksApi.list({ ...filters, sort }, cursor, signal),
  );
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  const companies = me.contractorOf.map((c) => ({ value: c.companyId, label: c.companyName }));
  const clearFilters = () => {
    setCompanyId(null);
    setStatus(null);
  };

  return (
    <Stack gap="md">
      <PageHeading>My tasks</PageHeading>
      {me.pendingInvitations.length > 0 && (
        <Alert color="indigo" variant="light" title="Invitations waiting for you">
          {me.pendingInvitations.map((i) => i.companyName).join(", ")} invited you. Accept from the link in
          the invitation email to see their tasks here.
        </Alert>
      )}
      <FilterBar
        activeCount={[companyId, status].filter(Boolean).length}
        onClear={clearFilters}
        clearInline={items.length > 0}
        summary={<ListTotalText total={list.data?.pages[0]?.total} one="task" many="tasks" />}
        sheetOnly={<TaskSortSelect value={sort} onChange={setSort} />}
      >
        <Select
          label="Company"
          placeholder="All companies"
          data={companies}
          value={companyId}
          clearable
          searchable
          onChange={setCompanyId}
          comboboxProps={{ withinPortal: true }}
          w={isPhone ? "100%" : 240}
        />
        <div style={{ width: isPhone ? "100%" : 200 }}>
          <TaskStatusFilter statuses={CONTRACTOR_STATUSES} value={status} onChange={setStatus} />
        </div>
      </FilterBar>
      {list.isError && !list.data ? (
        <ErrorState
          heading="section"
          title="Your tasks could not be loaded"
          error={list.error}
          onRetry={() => void list.refetch()}
        />
      ) : (
        <>
          <TaskTable
            side="contractor"
            tasks={items}
            loading={list.isPending}
            sort={sort}
            onSort={setSort}
            emptyText={
              <Stack align="center" gap="xs">
                <Text fw={600} role="status">
                  {filtered ? "No task matches these filters." : "No tasks yet"}
                </Text>
                {filtered ? (
                  <Button variant="default" size="xs" onClick={clearFilters}>
                    Clear filters
                  </Button>
                ) : (
                  <Text c="dimmed" size="sm">
                    When a company sends you a task, it appears here at once, and you get an email.
                  </Text>
                )}
              </Stack>
            }
          />
          <LoadMore
            hasNextPage={list.hasNextPage}
            loading={list.isFetchingNextPage}
            onLoad={() => void list.fetchNextPage()}
          />
        </>
      )}
      <Suspense fallback={null}>
        <EarningsSection />
      </Suspense>
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
    <TaskDrawer onClose={close} title={task ? `#${task.number} ${task.title}` : "Task"} place={["My tasks"]}>
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
            <StatusBadge kind="task" status={task.status} />
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
