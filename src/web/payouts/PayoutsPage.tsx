import { Alert, Anchor, Button, Stack, Table, Text, Title } from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Link, useNavigate } from "react-router";
import { formatAmount } from "../../common/format.ts";
import { describeError } from "../api/problem.ts";
import { queryKeys } from "../api/query-keys.ts";
import { DateText } from "../ui/dates.tsx";
import { PageHeading, usePageTitle } from "../ui/page.tsx";
import { ScrollTable } from "../ui/ScrollTable.tsx";
import { ErrorState, LoadingState } from "../ui/states.tsx";
import { BATCH_LABELS, payoutsApi } from "./api.ts";

/** Finance's payouts: the requested withdrawals of each currency, put into batches, and the batches so far. */
export function PayoutsPage() {
  usePageTitle("Payouts");
  const queue = useQuery({ queryKey: [...queryKeys.finance(), "payout-queue"], queryFn: payoutsApi.queue });
  const batches = useQuery({
    queryKey: [...queryKeys.finance(), "payout-batches"],
    queryFn: payoutsApi.batches,
  });
  const client = useQueryClient();
  const navigate = useNavigate();
  const [error, setError] = useState<string | null>(null);
  const build = useMutation({
    mutationFn: (currency: string) => payoutsApi.buildBatch(currency),
    onSuccess: (batch) => {
      void client.invalidateQueries({ queryKey: queryKeys.finance() });
      void navigate(`/finance/payouts/${encodeURIComponent(batch.id)}`);
    },
    onError: (caught) => setError(describeError(caught)),
  });
  return (
    <Stack gap="lg">
      <PageHeading>Payouts</PageHeading>
      <section aria-labelledby="waiting-heading">
        <Title order={2} size="h3" id="waiting-heading" mb="xs">
          Waiting withdrawals
        </Title>
        {error && (
          <Alert color="red" variant="light" role="alert" mb="sm">
            {error}
          </Alert>
        )}
        {queue.isPending ? (
          <LoadingState label="Loading the waiting withdrawals" />
        ) : queue.isError ? (
          <ErrorState heading="section" error={queue.error} onRetry={() => void queue.refetch()} />
        ) : queue.data.items.length === 0 ? (
          <Text c="dimmed">No withdrawal is waiting. Contractors' requests appear here by currency.</Text>
        ) : (
          <ScrollTable minWidth={520} label="Waiting withdrawals">
            <Table striped>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Currency</Table.Th>
                  <Table.Th style={{ textAlign: "right" }}>Withdrawals</Table.Th>
                  <Table.Th style={{ textAlign: "right" }}>Total</Table.Th>
                  <Table.Th>Batch</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {queue.data.items.map((q) => (
                  <Table.Tr key={q.currency}>
                    <Table.Td>{q.currency}</Table.Td>
                    <Table.Td style={{ textAlign: "right" }}>{q.count}</Table.Td>
                    <Table.Td style={{ textAlign: "right", whiteSpace: "nowrap" }}>
                      {formatAmount(q.total, q.currency)}
                    </Table.Td>
                    <Table.Td>
                      <Button
                        size="compact-sm"
                        loading={build.isPending && build.variables === q.currency}
                        onClick={() => build.mutate(q.currency)}
                      >
                        Build a {q.currency} batch
                      </Button>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </ScrollTable>
        )}
      </section>
      <section aria-labelledby="batches-heading">
        <Title order={2} size="h3" id="batches-heading" mb="xs">
          Batches
        </Title>
        {batches.isPending ? (
          <LoadingState label="Loading the batches" />
        ) : batches.isError ? (
          <ErrorState heading="section" error={batches.error} onRetry={() => void batches.refetch()} />
        ) : batches.data.items.length === 0 ? (
          <Text c="dimmed">No batch yet. Build one from the waiting withdrawals above.</Text>
        ) : (
          <ScrollTable minWidth={640} label="Batches">
            <Table striped>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Batch</Table.Th>
                  <Table.Th>Built on</Table.Th>
                  <Table.Th style={{ textAlign: "right" }}>Withdrawals</Table.Th>
                  <Table.Th style={{ textAlign: "right" }}>Total</Table.Th>
                  <Table.Th>Status</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {batches.data.items.map((b) => (
                  <Table.Tr key={b.id}>
                    <Table.Td>
                      <Anchor component={Link} to={`/finance/payouts/${encodeURIComponent(b.id)}`}>
                        {b.number}
                      </Anchor>
                    </Table.Td>
                    <Table.Td>
                      <DateText date={b.createdAt.slice(0, 10)} size="sm" />
                    </Table.Td>
                    <Table.Td style={{ textAlign: "right" }}>{b.count}</Table.Td>
                    <Table.Td style={{ textAlign: "right", whiteSpace: "nowrap" }}>
                      {formatAmount(b.total, b.currency)}
                    </Table.Td>
                    <Table.Td>{BATCH_LABELS[b.status]}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </ScrollTable>
        )}
      </section>
    </Stack>
  );
}
