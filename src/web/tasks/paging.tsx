import { Button, Group, Text } from "@mantine/core";
import { useCallback, useMemo, useState } from "react";

export interface CursorPages {
  /** The cursor of the page shown (null: the first page). */
  cursor: string | null;
  /** 0 for the first page. */
  index: number;
  next: (cursor: string) => void;
  previous: () => void;
}

/**
 * Pages of a keyset-paginated list: the API gives the next page's cursor, so the cursors of the pages
 * already seen are kept to go back. Changing `resetKey` (the filters) starts again from the first page.
 */
export function useCursorPages(resetKey: string): CursorPages {
  const [state, setState] = useState<{ key: string; cursors: (string | null)[] }>({
    key: resetKey,
    cursors: [null],
  });
  // Filters changed: back to the first page, decided during render so no stale page is requested.
  const cursors = state.key === resetKey ? state.cursors : [null];
  if (state.key !== resetKey) setState({ key: resetKey, cursors: [null] });
  const next = useCallback(
    (cursor: string) => setState((s) => ({ key: s.key, cursors: [...s.cursors, cursor] })),
    [],
  );
  const previous = useCallback(
    () =>
      setState((s) => ({ key: s.key, cursors: s.cursors.length > 1 ? s.cursors.slice(0, -1) : s.cursors })),
    [],
  );
  const index = cursors.length - 1;
  const cursor = cursors[index] ?? null;
  return useMemo(() => ({ cursor, index, next, previous }), [cursor, index, next, previous]);
}

export function CursorPager({
  pages,
  nextCursor,
  busy,
}: {
  pages: CursorPages;
  nextCursor: string | null;
  busy: boolean;
}) {
  if (pages.index === 0 && !nextCursor) return null;
  return (
    <Group justify="space-between" component="nav" aria-label="Pages">
      <Button variant="default" onClick={pages.previous} disabled={pages.index === 0 || busy}>
        Previous page
      </Button>
      <Text size="sm" c="dimmed" aria-live="polite">
        Page {pages.index + 1}
      </Text>
      <Button
        variant="default"
        onClick={() => nextCursor && pages.next(nextCursor)}
        disabled={!nextCursor || busy}
      >
        Next page
      </Button>
    </Group>
  );
}
