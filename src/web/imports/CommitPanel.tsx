import { Alert, Anchor, Button, Checkbox, Group, Paper, Progress, Stack, Text, Title } from "@mantine/core";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Link } from "react-router";
import { describeError } from "../api/problem.ts";
import { queryKeys } from "../api/query-keys.ts";
import { importsApi, type TaskImport } from "./api.ts";

const plural = (n: number, one: string, many: string) => `${n.toLocaleString()} ${n === 1 ? one : many}`;

/** The preview's last step: import the valid rows as tasks, drafts or sent, and invite the new contractors. */
export function CommitForm({ cid, item }: { cid: string; item: TaskImport }) {
  const queryClient = useQueryClient();
  const [send, setSend] = useState(false);
  const [again, setAgain] = useState(false);
  const commit = useMutation({
    mutationFn: () =>
      importsApi.commit(cid, item.id, {
        send,
        skipInvalidRows: item.invalidRows > 0,
        allowSameFile: again,
      }),
    onSuccess: (updated) => {
      queryClient.setQueryData([...queryKeys.taskImports(cid), item.id], updated);
    },
  });
  if (item.validRows === 0) return null;
  const blockedBySameFile = item.sameFileAs !== null && !again;
  return (
    <Paper withBorder p="lg" radius="md" component="section" aria-labelledby="import-commit">
      <Stack gap="sm">
        <Title order={2} size="h4" id="import-commit">
          Import
        </Title>
        <Text size="sm">
          {plural(item.validRows, "task", "tasks")} will be created; every new contractor email gets one
          invitation.
          {item.invalidRows > 0 && ` The ${plural(item.invalidRows, "row", "rows")} with errors are skipped.`}
        </Text>
        <Checkbox
          label="Send the tasks to the contractors now (otherwise they are saved as drafts)"
          checked={send}
          onChange={(event) => setSend(event.currentTarget.checked)}
        />
        {item.sameFileAs && (
          <Checkbox
            label="Import this file again although it was imported before"
            checked={again}
            onChange={(event) => setAgain(event.currentTarget.checked)}
          />
        )}
        {commit.isError && (
          <Alert color="red" role="alert" title="The tasks were not imported">
            {describeError(commit.error)}
          </Alert>
        )}
        <Group>
          <Button onClick={() => commit.mutate()} loading={commit.isPending} disabled={blockedBySameFile}>
            {`Import ${plural(item.validRows, "task", "tasks")}`}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}

/** An import being written: how many of its rows are tasks already. */
export function Committing({ item }: { item: TaskImport }) {
  const percent = item.progress.total ? Math.min(100, (item.progress.done / item.progress.total) * 100) : 0;
  return (
    <Paper withBorder p="lg" radius="md">
      <Stack gap="sm">
        <Text fw={500}>Importing the tasks…</Text>
        <Progress value={percent} aria-label="Importing the tasks" animated />
        <Text size="sm" c="dimmed" aria-live="polite">
          {Math.floor(percent)}% · {item.progress.done.toLocaleString()} of{" "}
          {item.progress.total.toLocaleString()} rows. You can leave this page: the import goes on, and the
          tasks appear together when it is done.
        </Text>
      </Stack>
    </Paper>
  );
}

/** What a finished import made. */
export function CommitResult({ item }: { item: TaskImport }) {
  const result = item.result;
  if (!result) return null;
  return (
    <Alert color="teal" title="Import finished" role="status">
      <Stack gap={4}>
        <Text size="sm">
          {plural(result.createdTasks, "task", "tasks")} created ·{" "}
          {plural(result.invitedContractors, "contractor", "contractors")} invited
        </Text>
        {result.unfundedTasks > 0 && (
          <Text size="sm">
            {plural(result.unfundedTasks, "task was", "tasks were")} not sent for want of funds: they are
            drafts.
          </Text>
        )}
        {result.skippedRows > 0 && (
          <Text size="sm">
            {plural(result.skippedRows, "row was", "rows were")} skipped: a task took their External ID in the
            meantime.
          </Text>
        )}
        <Anchor component={Link} to="../.." relative="path" size="sm">
          Open the tasks
        </Anchor>
      </Stack>
    </Alert>
  );
}

/** A past import's result in a list. */
export function resultSummary(item: TaskImport): string {
  if (!item.result || item.status !== "done") return "—";
  return `${plural(item.result.createdTasks, "task", "tasks")}, ${plural(item.result.invitedContractors, "invitation", "invitations")}`;
}
