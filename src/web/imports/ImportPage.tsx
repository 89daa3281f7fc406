import { Alert, Anchor, Badge, Button, Group, List, Paper, Stack, Table, Text, Title } from "@mantine/core";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Link, useNavigate, useParams } from "react-router";
import { formatDateTime } from "../../common/format.ts";
import { IMPORT_COLUMNS } from "../../common/imports/columns.ts";
import { FILE_TOO_LARGE_MESSAGE, MAX_IMPORT_FILE_BYTES } from "../../common/imports/limits.ts";
import { describeError } from "../api/problem.ts";
import { queryKeys } from "../api/query-keys.ts";
import { ScrollTable } from "../ui/ScrollTable.tsx";
import { importLinks, importsApi, type TaskImport } from "./api.ts";
import { resultSummary } from "./CommitPanel.tsx";
import { FileDrop } from "./FileDrop.tsx";
import { ImportStatusBadge } from "./ImportStatusBadge.tsx";

function RecentImports({ imports }: { imports: TaskImport[] }) {
  if (!imports.length) return null;
  return (
    <Stack gap="xs" component="section" aria-labelledby="recent-imports">
      <Title order={2} size="h4" id="recent-imports">
        Recent imports
      </Title>
      <ScrollTable minWidth={640} label="Recent imports">
        <Table striped>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>File</Table.Th>
              <Table.Th>Status</Table.Th>
              <Table.Th>Rows</Table.Th>
              <Table.Th>Result</Table.Th>
              <Table.Th>Uploaded</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {imports.map((item) => (
              <Table.Tr key={item.id}>
                <Table.Td>
                  <Anchor component={Link} to={item.id}>
                    {item.fileName}
                  </Anchor>
                </Table.Td>
                <Table.Td>
                  <ImportStatusBadge status={item.status} />
                </Table.Td>
                <Table.Td>{item.totalRows.toLocaleString()}</Table.Td>
                <Table.Td>{resultSummary(item)}</Table.Td>
                <Table.Td>{formatDateTime(item.createdAt)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </ScrollTable>
    </Stack>
  );
}

/**
 * Tasks → Import: download the sample file, fill it in starting with Contractor email, upload it here.
 * The upload opens the import's preview.
 */
export function ImportPage() {
  const { cid = "" } = useParams();
  const navigate = useNavigate();
  const [tooLarge, setTooLarge] = useState(false);
  const recent = useQuery({
    queryKey: [...queryKeys.taskImports(cid), "list"],
    queryFn: ({ signal }) => importsApi.list(cid, signal),
  });
  const upload = useMutation({
    mutationFn: (file: File) => importsApi.upload(cid, file),
    onSuccess: (created) => navigate(created.id),
  });
  const take = (file: File) => {
    setTooLarge(file.size > MAX_IMPORT_FILE_BYTES);
    if (file.size > MAX_IMPORT_FILE_BYTES) return;
    upload.mutate(file);
  };

  return (
    <Stack gap="lg" maw={960}>
      <Stack gap={4}>
        <Anchor component={Link} to=".." relative="path" size="sm">
          ← Tasks
        </Anchor>
        <Title order={1}>Import tasks</Title>
        <Text c="dimmed">
          Every row of the file becomes a task; every new contractor email gets an invitation. You see a
          preview before anything is created.
        </Text>
      </Stack>

      <Paper withBorder p="lg" radius="md" component="section" aria-labelledby="step-sample">
        <Stack gap="sm">
          <Title order={2} size="h4" id="step-sample">
            1. Download the sample file and fill it in
          </Title>
          <Text size="sm">
            Fill one row per task, starting with <b>Contractor email</b>. Columns may come in any order;
            headers are matched whatever their case or spacing.
          </Text>
          <Group>
            <Button component="a" href={importLinks.sampleXlsx(cid)} download>
              Download the sample file
            </Button>
            <Button component="a" href={importLinks.sampleCsv(cid)} download variant="default">
              Sample as CSV
            </Button>
          </Group>
          <Table>
            <caption style={{ captionSide: "top", textAlign: "left" }}>
              <Text size="sm" c="dimmed">
                The columns
              </Text>
            </caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Column</Table.Th>
                <Table.Th>What it takes</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {IMPORT_COLUMNS.map((column) => (
                <Table.Tr key={column.key}>
                  <Table.Td>
                    <Group gap={6}>
                      <Text size="sm" fw={500}>
                        {column.header}
                      </Text>
                      {column.required && (
                        <Badge size="xs" variant="light">
                          Required
                        </Badge>
                      )}
                    </Group>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{column.hint.replace(/^(Required|Optional)\. /, "")}</Text>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Stack>
      </Paper>

      <Paper withBorder p="lg" radius="md" component="section" aria-labelledby="step-upload">
        <Stack gap="sm">
          <Title order={2} size="h4" id="step-upload">
            2. Upload it
          </Title>
          <FileDrop onFile={take} busy={upload.isPending} />
          {tooLarge && (
            <Alert color="red" role="alert" title="This file is too large">
              {FILE_TOO_LARGE_MESSAGE}
            </Alert>
          )}
          {upload.isError && (
            <Alert color="red" role="alert" title="The file was not uploaded">
              {describeError(upload.error)}
            </Alert>
          )}
          <List size="sm" c="dimmed">
            <List.Item>
              CSV: UTF-8, UTF-16 or Windows-1251, separated by commas, semicolons or tabs.
            </List.Item>
            <List.Item>
              Amounts: 1234.5, 1 234,50 or 1,234.50. Dates: 2026-12-31, 31.12.2026 or a date cell.
            </List.Item>
          </List>
        </Stack>
      </Paper>

      <RecentImports imports={recent.data?.items ?? []} />
    </Stack>
  );
}
