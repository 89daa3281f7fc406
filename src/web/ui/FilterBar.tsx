import { Badge, Button, Drawer, Group, Stack } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import type { ReactNode } from "react";
import { useIsPhone } from "./media.ts";

/**
 * A list's search and filters. On a wide screen they sit in one row; on a phone the search stays and the
 * other filters are behind a **Filters** button (with how many are on), in a sheet from the bottom, so the
 * first rows of the list stay in view.
 */
export function FilterBar({
  search,
  children,
  activeCount,
  onClear,
  summary,
  sheetOnly,
  clearInline = true,
}: {
  /** Offer Clear filters beside the filters (a wide screen); off where the list's empty state offers it. */
  clearInline?: boolean;
  /** The search field, always in view. */
  search?: ReactNode;
  /** Filters that a wide screen has elsewhere (the order, which its column headers set). */
  sheetOnly?: ReactNode;
  /** The other filters (and the sort). */
  children: ReactNode;
  /** How many of the other filters are set. */
  activeCount: number;
  onClear: () => void;
  /** "41 tasks": said after the filters, and announced when it changes. */
  summary?: ReactNode;
}) {
  const isPhone = useIsPhone();
  const [opened, { open, close }] = useDisclosure(false);
  if (!isPhone) {
    return (
      <Stack gap="xs" component="section" aria-label="Filters">
        <Group gap="sm" align="flex-end" wrap="wrap">
          {search}
          {children}
          {clearInline && activeCount > 0 && (
            <Button variant="subtle" onClick={onClear}>
              Clear filters
            </Button>
          )}
        </Group>
        {summary}
      </Stack>
    );
  }
  return (
    <Stack gap="xs" component="section" aria-label="Filters">
      <Group gap="xs" align="flex-end" wrap="nowrap">
        <div style={{ flex: 1, minWidth: 0 }}>{search ?? summary}</div>
        <Button
          variant="default"
          onClick={open}
          aria-haspopup="dialog"
          rightSection={
            activeCount > 0 ? (
              <Badge size="sm" circle aria-label={`${activeCount} on`}>
                {activeCount}
              </Badge>
            ) : null
          }
        >
          Filters
        </Button>
      </Group>
      {search !== undefined && summary}
      <Drawer opened={opened} onClose={close} position="bottom" size="auto" title="Filters" padding="md">
        <Stack gap="md" pb="md">
          {children}
          {sheetOnly}
          <Group grow>
            <Button variant="default" onClick={onClear} disabled={activeCount === 0}>
              Clear filters
            </Button>
            <Button onClick={close}>Done</Button>
          </Group>
        </Stack>
      </Drawer>
    </Stack>
  );
}
