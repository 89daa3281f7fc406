import { Button, Card, SimpleGrid, Stack, Text, Title } from "@mantine/core";
import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { formatAmount } from "../../common/format.ts";
import { queryKeys } from "../api/query-keys.ts";
import { PayoutDetailsCard } from "../payouts/PayoutDetailsCard.tsx";
import { WithdrawalsSection } from "../payouts/WithdrawalsSection.tsx";
import { PageHeading, usePageTitle } from "../ui/page.tsx";
import { ErrorState, LoadingState } from "../ui/states.tsx";
import { moneyApi } from "./api.ts";
import { TransferTable } from "./TransferTable.tsx";

/** The contractor's earnings per currency and where each came from; a payment shows up live. */
export function EarningsPage() {
  usePageTitle("Earnings");
  const balances = useQuery({ queryKey: [...queryKeys.myMoney(), "balances"], queryFn: moneyApi.myBalances });
  const history = useInfiniteQuery({
    queryKey: [...queryKeys.myMoney(), "transfers"],
    queryFn: ({ pageParam }) => moneyApi.myTransfers(pageParam),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.nextCursor,
  });
  const items = history.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <Stack gap="lg">
      <PageHeading>Earnings</PageHeading>
      {balances.isPending ? (
        <LoadingState label="Loading your earnings" />
      ) : balances.isError ? (
        <ErrorState heading="section" error={balances.error} onRetry={() => void balances.refetch()} />
      ) : balances.data.items.length === 0 ? (
        <Text c="dimmed">Nothing earned yet. A task is paid when the company accepts its result.</Text>
      ) : (
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          {balances.data.items.map((b) => (
            <Card key={b.currency} withBorder padding="md" aria-label={`${b.currency} earnings`}>
              <Text size="sm" c="dimmed">
                Earned, available
              </Text>
              <Text fw={700} size="xl" data-testid={`earned-${b.currency}`}>
                {formatAmount(b.available, b.currency)}
              </Text>
              {Number(b.withdrawing) > 0 && (
                <Text size="sm" c="dimmed" data-testid={`withdrawing-${b.currency}`}>
                  {formatAmount(b.withdrawing, b.currency)} being paid out
                </Text>
              )}
            </Card>
          ))}
        </SimpleGrid>
      )}
      <PayoutDetailsCard />
      {balances.data && <WithdrawalsSection balances={balances.data.items} />}
      <section aria-labelledby="earnings-history">
        <Title order={2} size="h3" id="earnings-history" mb="xs">
          History
        </Title>
        {history.isPending ? (
          <LoadingState label="Loading the history" />
        ) : history.isError ? (
          <ErrorState heading="section" error={history.error} onRetry={() => void history.refetch()} />
        ) : items.length === 0 ? (
          <Text c="dimmed">No payments yet.</Text>
        ) : (
          <>
            <TransferTable items={items} taskLink={(id) => `/my/tasks/${encodeURIComponent(id)}`} />
            {history.hasNextPage && (
              <Button
                variant="default"
                mt="sm"
                loading={history.isFetchingNextPage}
                onClick={() => void history.fetchNextPage()}
              >
                Load more
              </Button>
            )}
          </>
        )}
      </section>
    </Stack>
  );
}
