import {
  Alert,
  Anchor,
  Button,
  Group,
  List,
  Loader,
  Paper,
  Progress,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Title,
} from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Link, useNavigate, useParams } from "react-router";
import { isRefetch } from "../../common/events.ts";
import { queryKeys } from "../api/query-keys.ts";
import { useLiveEvent } from "../events/useLiveEvents.ts";
import { ErrorState, FullPageLoader } from "../ui/states.tsx";
import { importLinks, importsApi, type TaskImport } from "./api.ts";
import { CommitForm, CommitResult, Committing } from "./CommitPanel.tsx";
import { ImportStatusBadge } from "./ImportStatusBadge.tsx";
import { RowsTable } from "./RowsTable.tsx";

const SEPARATORS: Record<string, string> = { ",": "Comma", ";": "Semicolon", "\t": "Tab" };
/** While a file is read or imported, in case live events are not reaching this browser. */
const POLL_WHILE_READING_MS = 2_000;

function Stat({ label, value, tone }: { label: string; value: number; tone?: string }) {
  return (
    <Paper withBorder p="md" radius="md">
      <Text size="sm" c="dimmed">
        {label}
      </Text>
      <Text fz="xl" fw={700} c={tone}>
        {value.toLocaleString()}
      </Text>
    </Paper>
  );
}

function Reading({ item }: { item: TaskImport }) {
  const percent = item.progress.total ? Math.min(100, (item.progress.done / item.progress.total) * 100) : 0;
  return (
    <Paper withBorder p="lg" radius="md">
      <Stack gap="sm">
        <Group gap="xs">
          <Loader size="xs" aria-hidden />
          <Text fw={500}>Reading the file…</Text>
        </Group>
        <Progress value={percent} aria-label="Reading the file" animated />
        <Text size="sm" c="dimmed" aria-live="polite">
          {Math.floor(percent)}% · {item.totalRows.toLocaleString()} rows read so far
        </Text>
      </Stack>
    </Paper>
  );
}

function ErrorsTable({ cid, item }: { cid: string; item: TaskImport }) {
  const errors = useInfiniteQuery({
    queryKey: [...queryKeys.taskImports(cid), item.id, "errors"],
    queryFn: ({ pageParam, signal }) => importsApi.errors(cid, item.id, pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.nextCursor,
  });
  const rows = errors.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <Stack gap="xs" component="section" aria-labelledby="import-errors">
      <Group justify="space-between">
        <Title order={2} size="h4" id="import-errors">
          Errors ({item.errorCount.toLocaleString()})
        </Title>
        <Button component="a" href={importLinks.errorsCsv(cid, item.id)} download variant="default" size="xs">
          Download errors.csv
        </Button>
      </Group>
      <Text size="sm" c="dimmed">
        Rows are numbered as your spreadsheet numbers them: the header is row 1. errors.csv holds the rows
        with errors as you uploaded them, with a column saying what to fix.
      </Text>
      <Table striped>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Row</Table.Th>
            <Table.Th>Column</Table.Th>
            <Table.Th>Problem</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((error) => (
            <Table.Tr key={`${error.row}|${error.column}|${error.message}`}>
              <Table.Td>{error.row}</Table.Td>
              <Table.Td>{error.column ?? "—"}</Table.Td>
              <Table.Td>{error.message}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {errors.hasNextPage && (
        <Group justify="center">
          <Button
            variant="default"
            onClick={() => void errors.fetchNextPage()}
            loading={errors.isFetchingNextPage}
          >
            Load more
          </Button>
        </Group>
      )}
    </Stack>
  );
}

function Preview({ cid, item }: { cid: string; item: TaskImport }) {
  return (
    <Stack gap="md">
      <SimpleGrid cols={{ base: 2, sm: 4 }}>
        <Stat label="Rows found" value={item.totalRows} />
        <Stat label="Valid rows" value={item.validRows} tone="teal" />
        <Stat label="Rows with errors" value={item.invalidRows} tone={item.invalidRows ? "red" : undefined} />
        <Stat label="Duplicates (skipped)" value={item.duplicateRows} />
      </SimpleGrid>
      {item.sameFileAs && (
        <Alert color="yellow" title="This file was imported before">
          The very same file was imported earlier.{" "}
          <Anchor component={Link} to={`../${item.sameFileAs}`} relative="path">
            See that import
          </Anchor>
          .
        </Alert>
      )}
      {item.duplicateRows > 0 && (
        <Text size="sm">
          {item.duplicateRows === 1
            ? "1 row has an External ID that a task of yours already has: it is skipped."
            : `${item.duplicateRows.toLocaleString()} rows have an External ID that a task of yours already has: they are skipped.`}
        </Text>
      )}
      {item.warnings.length > 0 && (
        <Alert color="yellow" title="Warnings">
          <List size="sm">
            {item.warnings.map((warning) => (
              <List.Item key={warning}>{warning}</List.Item>
            ))}
          </List>
        </Alert>
      )}
      {item.errorCount > 0 ? (
        <ErrorsTable cid={cid} item={item} />
      ) : (
        <Alert color="teal" title="No errors">
          Every row can be imported.
        </Alert>
      )}
      {item.validRows + item.duplicateRows > 0 && <RowsTable cid={cid} item={item} />}
    </Stack>
  );
}

/** One import: its reading's progress, then the preview (totals, warnings, every error by row and column). */
export function ImportPreview() {
  const { cid = "", importId = "" } = useParams();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const key = [...queryKeys.taskImports(cid), importId];
  const query = useQuery({
    queryKey: key,
    queryFn: ({ signal }) => importsApi.get(cid, importId, signal),
    refetchInterval: (q) =>
      q.state.data?.status === "parsing" || q.state.data?.status === "committing"
        ? POLL_WHILE_READING_MS
        : false,
  });
  useLiveEvent("import.updated", (data) => {
    if (isRefetch(data) || data.companyId !== cid || data.import.id !== importId) return;
    queryClient.setQueryData(key, data.import);
  });
  const discard = useMutation({
    mutationFn: () => importsApi.discard(cid, importId),
    onSuccess: () => {
      notifications.show({ message: "The import was discarded. Nothing was created." });
      void queryClient.invalidateQueries({ queryKey: queryKeys.taskImports(cid) });
      navigate("..", { relative: "path" });
    },
  });

  if (query.isPending) return <FullPageLoader label="Loading the import" />;
  if (query.isError) {
    return (
      <ErrorState
        title="This import could not be loaded"
        error={query.error}
        onRetry={() => void query.refetch()}
      />
    );
  }
  const item = query.data;
  const canDiscard = item.status === "parsing" || item.status === "validated" || item.status === "failed";

  return (
    <Stack gap="lg" maw={960}>
      <Stack gap={4}>
        <Anchor component={Link} to=".." relative="path" size="sm">
          ← Import tasks
        </Anchor>
        <Group gap="sm" align="center">
          <Title order={1}>Import preview</Title>
          <ImportStatusBadge status={item.status} />
        </Group>
        <Group gap="lg">
          <Text size="sm">
            File: <b>{item.fileName}</b>
          </Text>
          {item.encoding && <Text size="sm">Encoding: {item.encoding}</Text>}
          {item.delimiter && <Text size="sm">Separator: {SEPARATORS[item.delimiter] ?? item.delimiter}</Text>}
        </Group>
      </Stack>

      {item.status === "parsing" && <Reading item={item} />}
      {item.status === "failed" && (
        <Alert color="red" title="This file could not be imported" role="alert">
          {item.error}
        </Alert>
      )}
      {item.status === "discarded" && <Text>This import was discarded; nothing was created.</Text>}
      {item.status === "committing" && <Committing item={item} />}
      {item.status === "done" && <CommitResult item={item} />}
      {(item.status === "validated" || item.status === "committing" || item.status === "done") && (
        <Preview cid={cid} item={item} />
      )}
      {item.status === "validated" && <CommitForm cid={cid} item={item} />}
      {discard.isError && (
        <Alert color="red" role="alert">
          {discard.error.message}
        </Alert>
      )}

      <Group>
        <Button component={Link} to=".." relative="path" variant="default">
          Upload another file
        </Button>
        {canDiscard && (
          <Button color="red" variant="light" onClick={() => discard.mutate()} loading={discard.isPending}>
            Discard
          </Button>
        )}
      </Group>
    </Stack>
  );
}
