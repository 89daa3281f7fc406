import { Button, Group, SegmentedControl, Stack, Table, Text, Title } from "@mantine/core";
import { useInfiniteQuery } from "@tanstack/react-query";
import { useState } from "react";
import { formatAmount, formatDate } from "../../common/format.ts";
import { queryKeys } from "../api/query-keys.ts";
import { ScrollTable } from "../ui/ScrollTable.tsx";
import { type ImportRow, importsApi, type TaskImport } from "./api.ts";

/** The rows read, as the tasks they will make (or, switched, the duplicates that will be skipped). */
export function RowsTable({ cid, item }: { cid: string; item: TaskImport }) {
  const [status, setStatus] = useState<ImportRow["status"]>("valid");
  const rows = useInfiniteQuery({
    queryKey: [...queryKeys.taskImports(cid), item.id, "rows", status],
    queryFn: ({ pageParam, signal }) => importsApi.rows(cid, item.id, status, pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.nextCursor,
  });
  const items = rows.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <Stack gap="xs" component="section" aria-labelledby="import-rows">
      <Group justify="space-between">
        <Title order={2} size="h4" id="import-rows">
          Rows read
        </Title>
        {item.duplicateRows > 0 && (
          <SegmentedControl
            size="xs"
            value={status}
            onChange={(value) => setStatus(value as ImportRow["status"])}
            data={[
              { value: "valid", label: `To import (${item.validRows.toLocaleString()})` },
              { value: "duplicate", label: `Duplicates (${item.duplicateRows.toLocaleString()})` },
            ]}
            aria-label="Which rows"
          />
        )}
      </Group>
      <ScrollTable minWidth={720} label="Rows read">
        <Table striped>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Row</Table.Th>
              <Table.Th>Contractor</Table.Th>
              <Table.Th>Task title</Table.Th>
              <Table.Th>Amount</Table.Th>
              <Table.Th>Deadline</Table.Th>
              <Table.Th>Project</Table.Th>
              <Table.Th>External ID</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((row) => (
              <Table.Tr key={row.row}>
                <Table.Td>{row.row}</Table.Td>
                <Table.Td>
                  <Text size="sm">{row.contractorName ?? row.contractorEmail}</Text>
                  {row.contractorName && (
                    <Text size="xs" c="dimmed">
                      {row.contractorEmail}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>{row.title}</Table.Td>
                <Table.Td style={{ whiteSpace: "nowrap" }}>{formatAmount(row.amount, row.currency)}</Table.Td>
                <Table.Td style={{ whiteSpace: "nowrap" }}>
                  {row.deadline ? formatDate(row.deadline) : "—"}
                </Table.Td>
                <Table.Td>{row.project ?? "—"}</Table.Td>
                <Table.Td>{row.externalId ?? "—"}</Table.Td>
              </Table.Tr>
            ))}
            {rows.isSuccess && items.length === 0 && (
              <Table.Tr>
                <Table.Td colSpan={7}>
                  <Text size="sm" c="dimmed">
                    No rows here.
                  </Text>
                </Table.Td>
              </Table.Tr>
            )}
          </Table.Tbody>
        </Table>
      </ScrollTable>
      {rows.hasNextPage && (
        <Group justify="center">
          <Button
            variant="default"
            onClick={() => void rows.fetchNextPage()}
            loading={rows.isFetchingNextPage}
          >
            Load more
          </Button>
        </Group>
      )}
    </Stack>
  );
}
