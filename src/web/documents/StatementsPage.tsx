import { Alert, Button, Group, Progress, Stack, Table, Text, TextInput, Title } from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { lastClosedMonth, statementMonthProblem } from "../../common/documents.ts";
import { formatCount, formatMonth } from "../../common/format.ts";
import { formProblem } from "../api/problem.ts";
import { queryKeys } from "../api/query-keys.ts";
import { DateTimeText } from "../ui/dates.tsx";
import { PageHeading, usePageTitle } from "../ui/page.tsx";
import { ScrollTable } from "../ui/ScrollTable.tsx";
import { ErrorState, LoadingState } from "../ui/states.tsx";
import { documentsApi, type StatementRun } from "./api.ts";

const STATUS_LABELS: Record<StatementRun["status"], string> = {
  running: "Issuing",
  done: "Done",
  failed: "Stopped",
};

/** Finance issues a closed month's statements for every company and contractor; progress comes live. */
export function StatementsPage() {
  usePageTitle("Statements");
  const client = useQueryClient();
  const [period, setPeriod] = useState(lastClosedMonth());
  const [fieldError, setFieldError] = useState<string | null>(null);
  const [general, setGeneral] = useState<string | null>(null);
  const runs = useQuery({
    queryKey: [...queryKeys.finance(), "statement-runs"],
    queryFn: documentsApi.statementRuns,
  });
  const issue = useMutation({
    mutationFn: () => documentsApi.issueStatements(period.trim()),
    onSuccess: () => {
      setGeneral(null);
      void client.invalidateQueries({ queryKey: queryKeys.finance() });
    },
    onError: (error) => {
      const problem = formProblem(error, ["period"]);
      setFieldError(problem.fieldErrors.period ?? null);
      setGeneral(problem.general);
    },
  });
  return (
    <Stack gap="lg">
      <PageHeading>Monthly statements</PageHeading>
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          const problem = statementMonthProblem(period.trim());
          setFieldError(problem);
          if (!problem) issue.mutate();
        }}
      >
        <Stack gap="xs" maw={480}>
          <Text size="sm">
            One statement for each company and each contractor that held money: opening balance, every
            transfer and closing balance, per currency. Statements issued before are kept as they are.
          </Text>
          <Group align="flex-end">
            <TextInput
              label="Month"
              description="A month that is over, as YYYY-MM"
              value={period}
              onChange={(event) => setPeriod(event.currentTarget.value)}
              error={fieldError}
              w={200}
            />
            <Button type="submit" loading={issue.isPending}>
              Issue statements
            </Button>
          </Group>
          {general && (
            <Alert color="red" variant="light" role="alert">
              {general}
            </Alert>
          )}
        </Stack>
      </form>
      <section aria-labelledby="statement-runs">
        <Title order={2} size="h3" id="statement-runs" mb="xs">
          Issued and issuing
        </Title>
        {runs.isPending ? (
          <LoadingState label="Loading the statement runs" />
        ) : runs.isError ? (
          <ErrorState heading="section" error={runs.error} onRetry={() => void runs.refetch()} />
        ) : runs.data.items.length === 0 ? (
          <Text c="dimmed">No statements issued yet. Choose a month above and issue them.</Text>
        ) : (
          <ScrollTable minWidth={640} label="Statement runs">
            <Table striped>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Month</Table.Th>
                  <Table.Th>Asked</Table.Th>
                  <Table.Th>Status</Table.Th>
                  <Table.Th>Progress</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {runs.data.items.map((run) => (
                  <RunRow key={run.id} run={run} />
                ))}
              </Table.Tbody>
            </Table>
          </ScrollTable>
        )}
      </section>
    </Stack>
  );
}

function RunRow({ run }: { run: StatementRun }) {
  const done = run.issued + run.skipped;
  const percent = run.total === 0 ? 100 : Math.round((done / run.total) * 100);
  const label = `${formatCount(done)} of ${formatCount(run.total)}`;
  return (
    <Table.Tr>
      <Table.Td>{formatMonth(run.period)}</Table.Td>
      <Table.Td>
        <DateTimeText iso={run.createdAt} size="sm" />
      </Table.Td>
      <Table.Td>
        {STATUS_LABELS[run.status]}
        {run.error && (
          <Text size="xs" c="red">
            {run.error}
          </Text>
        )}
      </Table.Td>
      <Table.Td>
        <Stack gap={2}>
          <Progress value={percent} aria-label={`Statements of ${formatMonth(run.period)}: ${label}`} />
          <Text size="xs" data-testid={`run-progress-${run.period}`}>
            {label}
            {run.skipped > 0 ? ` (${formatCount(run.skipped)} issued before)` : ""}
          </Text>
        </Stack>
      </Table.Td>
    </Table.Tr>
  );
}
