import { Alert, Anchor, Button, Group, Stack, Table, Text, TextInput, Title } from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Link, useParams } from "react-router";
import { formatAmount, plural } from "../../common/format.ts";
import { formatIban } from "../../common/payout-details.ts";
import { describeError, formProblem } from "../api/problem.ts";
import { queryKeys } from "../api/query-keys.ts";
import { PageHeading, usePageTitle } from "../ui/page.tsx";
import { ScrollTable } from "../ui/ScrollTable.tsx";
import { ErrorState, LoadingState } from "../ui/states.tsx";
import { BATCH_LABELS, type PayoutBatch, payoutsApi, WITHDRAWAL_LABELS, type Withdrawal } from "./api.ts";

/** One payout batch: its bank files, sent to the bank, then each item marked paid or failed. */
export function PayoutBatchPage() {
  const { id = "" } = useParams();
  const batch = useQuery({
    queryKey: [...queryKeys.finance(), "payout-batch", id],
    queryFn: () => payoutsApi.batch(id),
  });
  usePageTitle(batch.data ? `Batch ${batch.data.number}` : "Payout batch");
  return (
    <Stack gap="lg">
      <Anchor component={Link} to="/finance/payouts" size="sm">
        Back to payouts
      </Anchor>
      {batch.isPending ? (
        <LoadingState label="Loading the batch" />
      ) : batch.isError ? (
        <>
          <PageHeading>Payout batch</PageHeading>
          <ErrorState heading="section" error={batch.error} onRetry={() => void batch.refetch()} />
        </>
      ) : (
        <BatchView batch={batch.data} />
      )}
    </Stack>
  );
}

function BatchView({ batch }: { batch: PayoutBatch }) {
  const client = useQueryClient();
  const [error, setError] = useState<string | null>(null);
  const sent = useMutation({
    mutationFn: () => payoutsApi.markSent(batch.id),
    onSuccess: () => {
      setError(null);
      void client.invalidateQueries({ queryKey: queryKeys.finance() });
    },
    onError: (caught) => setError(describeError(caught)),
  });
  return (
    <>
      <PageHeading>Batch {batch.number}</PageHeading>
      <Text>
        {plural(batch.count, "withdrawal", "withdrawals")}, {formatAmount(batch.total, batch.currency)} ·{" "}
        {BATCH_LABELS[batch.status]}
      </Text>
      <Group>
        {batch.currency === "EUR" && (
          <Anchor href={payoutsApi.painUrl(batch.id)} download>
            Download pain.001 XML of {batch.number}
          </Anchor>
        )}
        <Anchor href={payoutsApi.csvUrl(batch.id)} download>
          Download CSV of {batch.number}
        </Anchor>
      </Group>
      {batch.status === "built" && (
        <Group>
          <Button onClick={() => sent.mutate()} loading={sent.isPending}>
            Mark {batch.number} sent to the bank
          </Button>
          <Text size="sm" c="dimmed">
            Once sent, mark each withdrawal paid or failed as the bank reports it.
          </Text>
        </Group>
      )}
      {error && (
        <Alert color="red" variant="light" role="alert">
          {error}
        </Alert>
      )}
      <section aria-labelledby="items-heading">
        <Title order={2} size="h3" id="items-heading" mb="xs">
          Withdrawals
        </Title>
        <ScrollTable minWidth={1000} label="Withdrawals of the batch">
          <Table striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Withdrawal</Table.Th>
                <Table.Th>Account holder</Table.Th>
                <Table.Th>IBAN</Table.Th>
                <Table.Th style={{ textAlign: "right" }}>Amount</Table.Th>
                <Table.Th>Status</Table.Th>
                <Table.Th>Outcome</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {batch.items.map((w) => (
                <ItemRow key={w.id} item={w} sent={batch.status !== "built"} />
              ))}
            </Table.Tbody>
          </Table>
        </ScrollTable>
      </section>
    </>
  );
}

function ItemRow({ item, sent }: { item: Withdrawal; sent: boolean }) {
  const client = useQueryClient();
  const [reason, setReason] = useState("");
  const [reasonError, setReasonError] = useState<string | undefined>();
  const [error, setError] = useState<string | null>(null);
  const settle = useMutation({
    mutationFn: (outcome: "paid" | "failed") =>
      outcome === "paid" ? payoutsApi.markPaid(item.id) : payoutsApi.markFailed(item.id, reason),
    onSuccess: () => {
      setError(null);
      setReasonError(undefined);
      void client.invalidateQueries({ queryKey: queryKeys.finance() });
    },
    onError: (caught) => {
      const problem = formProblem(caught, ["reason"]);
      setReasonError(problem.fieldErrors.reason);
      setError(problem.general);
    },
  });
  return (
    <Table.Tr>
      <Table.Td>
        {item.number}
        {item.contractor && (
          <Text size="xs" c="dimmed">
            {item.contractor.email}
          </Text>
        )}
      </Table.Td>
      <Table.Td>{item.accountHolder}</Table.Td>
      <Table.Td style={{ whiteSpace: "nowrap" }}>{formatIban(item.iban)}</Table.Td>
      <Table.Td style={{ textAlign: "right", whiteSpace: "nowrap" }}>
        {formatAmount(item.amount, item.currency)}
      </Table.Td>
      <Table.Td>
        {WITHDRAWAL_LABELS[item.status]}
        {item.reason && (
          <Text size="xs" c="dimmed">
            {item.reason}
          </Text>
        )}
      </Table.Td>
      <Table.Td>
        {sent && item.status === "in_batch" ? (
          <form
            noValidate
            onSubmit={(event) => {
              event.preventDefault();
              settle.mutate("failed");
            }}
          >
            <Group gap="xs" align="flex-start" wrap="nowrap">
              <Button
                size="xs"
                onClick={() => settle.mutate("paid")}
                loading={settle.isPending && settle.variables === "paid"}
              >
                Paid {item.number}
              </Button>
              <TextInput
                size="xs"
                aria-label={`The bank's reason ${item.number} failed`}
                placeholder="The bank's reason"
                value={reason}
                error={reasonError}
                onChange={(event) => setReason(event.currentTarget.value)}
                w={200}
              />
              <Button
                size="xs"
                color="red"
                variant="light"
                type="submit"
                loading={settle.isPending && settle.variables === "failed"}
              >
                Failed {item.number}
              </Button>
            </Group>
            {error && (
              <Alert color="red" variant="light" role="alert" mt={4} p="xs">
                {error}
              </Alert>
            )}
          </form>
        ) : (
          "—"
        )}
      </Table.Td>
    </Table.Tr>
  );
}
