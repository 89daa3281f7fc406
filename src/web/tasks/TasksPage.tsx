import { Button, Group, Stack, Text, TextInput } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Link, Outlet } from "react-router";
import { isRefetch } from "../../common/events.ts";
import type { TaskSort } from "../../common/task-sort.ts";
import { TASK_STATUSES, type TaskStatus } from "../../common/task-status.ts";
import { queryKeys } from "../api/query-keys.ts";
import { useCurrentCompany } from "../app/CompanyScope.tsx";
import { useLiveEvent } from "../events/useLiveEvents.ts";
import { FilterBar } from "../ui/FilterBar.tsx";
import { ListTotalText, LoadMore } from "../ui/lists.tsx";
import { useIsPhone } from "../ui/media.ts";
import { PageHeading, usePageTitle } from "../ui/page.tsx";
import { EmptyState, ErrorState } from "../ui/states.tsx";
import { type CompanyTaskFilters, type ContractorOption, tasksApi } from "./api.ts";
import { ContractorPicker } from "./ContractorPicker.tsx";
import { TaskFormModal } from "./TaskForm.tsx";
import { TaskSortSelect, TaskStatusFilter } from "./TaskParts.tsx";
import { TaskTable } from "./TaskTable.tsx";
import { applyTaskUpdate, type TaskPages, useTaskPages } from "./task-pages.ts";

const TEXT_DEBOUNCE_MS = 300;

/**
 * Tasks: the company's tasks, newest first or sorted, filtered on the server (status, contractor, project,
 * the start of any word of the title), a page at a time, live. Add opens the task form; a task opens in a
 * drawer.
 */
export function TasksPage() {
  const company = useCurrentCompany();
  const cid = company.id;
  usePageTitle("Tasks", company.name);
  const queryClient = useQueryClient();
  const isPhone = useIsPhone();
  const [adding, setAdding] = useState(false);
  const [status, setStatus] = useState<TaskStatus | null>(null);
  const [contractor, setContractor] = useState<ContractorOption | null>(null);
  const [projectText, setProjectText] = useState("");
  const [searchText, setSearchText] = useState("");
  const [sort, setSort] = useState<TaskSort>("newest");
  const [q] = useDebouncedValue(searchText.trim(), TEXT_DEBOUNCE_MS);
  const [project] = useDebouncedValue(projectText.trim(), TEXT_DEBOUNCE_MS);

  const filters: CompanyTaskFilters = {
    status: status ?? undefined,
    contractorId: contractor?.id,
    project: project || undefined,
    q: q || undefined,
  };
  const filtered = Object.values(filters).some(Boolean);
  const list = useTaskPages([...queryKeys.tasks(cid), "list", filters, sort], (cursor, signal) =>
    tasksApi.list(cid, { ...filters, sort }, cursor, signal),
  );

  // A live task.updated changes its row at once; the refetch the event also causes (useLiveEvents) brings in
  // new rows where the server's filters and order place them.
  useLiveEvent("task.updated", (data) => {
    if (isRefetch(data) || data.companyId !== cid) return;
    const { task, deleted } = data;
    queryClient.setQueriesData<TaskPages>({ queryKey: [...queryKeys.tasks(cid), "list"] }, (pages) =>
      applyTaskUpdate(pages, task, deleted === true),
    );
  });

  const clearFilters = () => {
    setStatus(null);
    setContractor(null);
    setProjectText("");
    setSearchText("");
  };

  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  const isEmptyCompany = !filtered && list.isSuccess && items.length === 0;
  // Until the first page arrives an empty company cannot be told from a busy one: the header's Add and the
  // filters wait for it, so that nothing a person has already focused is taken away by the empty state.
  const showControls = !isEmptyCompany && !(list.isPending && !filtered);
  const activeCount = [status, contractor, projectText.trim()].filter(Boolean).length;

  return (
    <Stack gap="md">
      <Group justify="space-between" align="center">
        <PageHeading>Tasks</PageHeading>
        <Group gap="sm">
          <Button component={Link} to="import" variant="default">
            Import
          </Button>
          {showControls && <Button onClick={() => setAdding(true)}>Add</Button>}
        </Group>
      </Group>

      {showControls && (
        <FilterBar
          activeCount={activeCount}
          onClear={clearFilters}
          clearInline={items.length > 0}
          summary={<ListTotalText total={list.data?.pages[0]?.total} one="task" many="tasks" />}
          search={
            <TextInput
              label="Search titles"
              placeholder="Start of any word"
              type="search"
              value={searchText}
              onChange={(event) => setSearchText(event.currentTarget.value)}
              w={isPhone ? "100%" : 240}
            />
          }
          sheetOnly={<TaskSortSelect value={sort} onChange={setSort} />}
        >
          <div style={{ width: isPhone ? "100%" : 180 }}>
            <TaskStatusFilter statuses={TASK_STATUSES} value={status} onChange={setStatus} />
          </div>
          <div style={{ width: isPhone ? "100%" : 240 }}>
            <ContractorPicker
              companyId={cid}
              label="Contractor"
              placeholder="All contractors"
              value={contractor}
              onChange={setContractor}
            />
          </div>
          <TextInput
            label="Project"
            placeholder="All projects"
            value={projectText}
            onChange={(event) => setProjectText(event.currentTarget.value)}
            w={isPhone ? "100%" : 180}
          />
        </FilterBar>
      )}

      {list.isError && !list.data ? (
        <ErrorState
          heading="section"
          title="The tasks could not be loaded"
          error={list.error}
          onRetry={() => void list.refetch()}
        />
      ) : isEmptyCompany ? (
        <EmptyState
          title="Create your first task"
          action={<Button onClick={() => setAdding(true)}>Add</Button>}
        >
          Give a contractor a paid piece of work. You can invite a new contractor from inside the task form,
          or import many tasks at once from a spreadsheet.
        </EmptyState>
      ) : (
        <>
          <TaskTable
            side="company"
            companyId={cid}
            tasks={items}
            loading={list.isPending}
            sort={sort}
            onSort={setSort}
            emptyText={
              filtered ? (
                <Stack align="center" gap="xs">
                  <Text role="status">No task matches these filters.</Text>
                  <Button variant="default" size="xs" onClick={clearFilters}>
                    Clear filters
                  </Button>
                </Stack>
              ) : (
                <Text>No tasks.</Text>
              )
            }
          />
          <LoadMore
            hasNextPage={list.hasNextPage}
            loading={list.isFetchingNextPage}
            onLoad={() => void list.fetchNextPage()}
          />
        </>
      )}

      <TaskFormModal companyId={cid} opened={adding} task={null} onClose={() => setAdding(false)} />
      <Outlet />
    </Stack>
  );
}
