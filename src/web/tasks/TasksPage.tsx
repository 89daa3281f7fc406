import { Button, Group, Paper, SimpleGrid, Stack, Text, TextInput, Title } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { keepPreviousData, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { Outlet, useParams } from "react-router";
import { TASK_STATUSES, type TaskStatus } from "../../common/task-status.ts";
import { queryKeys } from "../api/query-keys.ts";
import { useLiveEvent } from "../events/useLiveEvents.ts";
import { PageHeading } from "../ui/page.tsx";
import { ErrorState } from "../ui/states.tsx";
import { type CompanyTaskFilters, type ContractorOption, type Page, type Task, tasksApi } from "./api.ts";
import { ContractorPicker } from "./ContractorPicker.tsx";
import { CursorPager, useCursorPages } from "./paging.tsx";
import { TaskFormModal } from "./TaskForm.tsx";
import { TaskStatusFilter } from "./TaskParts.tsx";
import { TaskTable } from "./TaskTable.tsx";

const TEXT_DEBOUNCE_MS = 300;

export const companyTaskListKey = (cid: string, filters: CompanyTaskFilters, cursor: string | null) =>
  [...queryKeys.tasks(cid), "list", filters, cursor] as const;

/** The wire object as a live event carries it; anything else is ignored. */
function eventTask(data: { task: unknown; deleted?: unknown }): Task | null {
  const task = data.task as Partial<Task> | null;
  return task && typeof task.id === "string" && typeof task.status === "string" ? (task as Task) : null;
}

/**
 * Tasks: the company's tasks, newest first, filtered on the server (status, contractor, project, the start
 * of any word of the title), a page at a time, live. Add opens the task form; a task opens in a drawer.
 */
export function TasksPage() {
  const { cid = "" } = useParams();
  const queryClient = useQueryClient();
  const [adding, setAdding] = useState(false);
  const [status, setStatus] = useState<TaskStatus | null>(null);
  const [contractor, setContractor] = useState<ContractorOption | null>(null);
  const [projectText, setProjectText] = useState("");
  const [searchText, setSearchText] = useState("");
  const [q] = useDebouncedValue(searchText.trim(), TEXT_DEBOUNCE_MS);
  const [project] = useDebouncedValue(projectText.trim(), TEXT_DEBOUNCE_MS);

  const filters: CompanyTaskFilters = {
    status: status ?? undefined,
    contractorId: contractor?.id,
    project: project || undefined,
    q: q || undefined,
  };
  const filtered = Object.values(filters).some(Boolean);
  const pages = useCursorPages(JSON.stringify(filters));

  const list = useQuery({
    queryKey: companyTaskListKey(cid, filters, pages.cursor),
    queryFn: ({ signal }) => tasksApi.list(cid, filters, pages.cursor, signal),
    placeholderData: keepPreviousData,
  });

  // A live task.updated changes its row at once; the refetch the event also causes (useLiveEvents) brings in
  // new rows where the server's filters place them.
  useLiveEvent("task.updated", (data) => {
    if (data.companyId !== cid) return;
    const task = eventTask(data as { task: unknown });
    if (!task) return;
    const deleted = (data as { deleted?: unknown }).deleted === true;
    queryClient.setQueriesData<Page<Task>>({ queryKey: [...queryKeys.tasks(cid), "list"] }, (page) => {
      if (!page?.items.some((t) => t.id === task.id)) return page;
      return {
        ...page,
        items: deleted
          ? page.items.filter((t) => t.id !== task.id)
          : page.items.map((t) => (t.id === task.id ? task : t)),
      };
    });
  });

  // A page emptied by deletions goes back one.
  const emptyLaterPage = list.data && list.data.items.length === 0 && pages.index > 0;
  useEffect(() => {
    if (emptyLaterPage) pages.previous();
  }, [emptyLaterPage, pages]);

  const clearFilters = () => {
    setStatus(null);
    setContractor(null);
    setProjectText("");
    setSearchText("");
  };

  const isEmptyCompany = !filtered && pages.index === 0 && list.data?.items.length === 0;

  return (
    <Stack gap="md">
      <Group justify="space-between" align="center">
        <PageHeading>Tasks</PageHeading>
        {!isEmptyCompany && <Button onClick={() => setAdding(true)}>Add</Button>}
      </Group>

      {!isEmptyCompany && (
        <Paper withBorder p="sm" radius="md" component="section" aria-label="Filters">
          <SimpleGrid cols={{ base: 1, xs: 2, md: 4 }} spacing="sm">
            <TextInput
              label="Search titles"
              placeholder="Start of any word"
              type="search"
              value={searchText}
              onChange={(event) => setSearchText(event.currentTarget.value)}
            />
            <TaskStatusFilter statuses={TASK_STATUSES} value={status} onChange={setStatus} />
            <ContractorPicker
              companyId={cid}
              label="Contractor"
              placeholder="All contractors"
              value={contractor}
              onChange={setContractor}
            />
            <TextInput
              label="Project"
              placeholder="All projects"
              value={projectText}
              onChange={(event) => setProjectText(event.currentTarget.value)}
            />
          </SimpleGrid>
        </Paper>
      )}

      {list.isError && !list.data ? (
        <ErrorState
          title="The tasks could not be loaded"
          error={list.error}
          onRetry={() => void list.refetch()}
        />
      ) : isEmptyCompany ? (
        <Paper withBorder p="xl" radius="md" ta="center">
          <Stack align="center" gap="sm">
            <Title order={2} size="h3">
              Create your first task
            </Title>
            <Text c="dimmed" maw={460}>
              Give a contractor a paid piece of work. You can invite a new contractor from inside the task
              form.
            </Text>
            <Button onClick={() => setAdding(true)}>Add</Button>
          </Stack>
        </Paper>
      ) : (
        <>
          <TaskTable
            side="company"
            companyId={cid}
            tasks={list.data?.items ?? []}
            loading={list.isPending}
            emptyText={
              filtered ? (
                <Stack align="center" gap="xs">
                  <Text>No task matches these filters.</Text>
                  <Button variant="default" size="xs" onClick={clearFilters}>
                    Clear filters
                  </Button>
                </Stack>
              ) : (
                <Text>No tasks on this page.</Text>
              )
            }
          />
          <CursorPager pages={pages} nextCursor={list.data?.nextCursor ?? null} busy={list.isFetching} />
        </>
      )}

      <TaskFormModal companyId={cid} opened={adding} task={null} onClose={() => setAdding(false)} />
      <Outlet />
    </Stack>
  );
}
