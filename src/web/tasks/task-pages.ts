import { type InfiniteData, keepPreviousData, type QueryKey, useInfiniteQuery } from "@tanstack/react-query";
import type { Page, Task } from "./api.ts";

export type TaskPages = InfiniteData<Page<Task>, string | null>;

/** A task list read a page at a time by cursor, each next page added below (Load more). */
export function useTaskPages(
  queryKey: QueryKey,
  fetchPage: (cursor: string | null, signal: AbortSignal) => Promise<Page<Task>>,
) {
  return useInfiniteQuery({
    queryKey,
    queryFn: ({ pageParam, signal }) => fetchPage(pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    placeholderData: keepPreviousData,
  });
}

/**
 * A live task.updated applied to loaded pages at once: the row is replaced where it is shown, or dropped
 * when the task was deleted. New rows, and rows whose place changed, come with the refetch the event causes.
 */
export function applyTaskUpdate(
  data: TaskPages | undefined,
  task: Task,
  deleted: boolean,
): TaskPages | undefined {
  if (!data?.pages.some((page) => page.items.some((t) => t.id === task.id))) return data;
  return {
    ...data,
    pages: data.pages.map((page) =>
      page.items.some((t) => t.id === task.id)
        ? {
            ...page,
            items: deleted
              ? page.items.filter((t) => t.id !== task.id)
              : page.items.map((t) => (t.id === task.id ? task : t)),
          }
        : page,
    ),
  };
}
