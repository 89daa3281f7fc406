import { useQuery } from "@tanstack/react-query";
import { queryKeys } from "../api/query-keys.ts";
import { ErrorState, LoadingState } from "../ui/states.tsx";
import { MoneyPerMonth } from "./MoneyPerMonth.tsx";
import { fetchMyOverview } from "./overview-api.ts";

/** The contractor's home: what they earned per month, one chart per currency, live with their balance. */
export function EarningsSection() {
  const overview = useQuery({
    queryKey: queryKeys.myEarnings(),
    queryFn: ({ signal }) => fetchMyOverview(signal),
  });
  if (overview.isPending) return <LoadingState label="Loading your earnings" />;
  if (overview.isError && !overview.data) {
    return (
      <ErrorState
        heading="section"
        title="Your earnings could not be loaded"
        error={overview.error}
        onRetry={() => void overview.refetch()}
      />
    );
  }
  return (
    <MoneyPerMonth
      title="Earnings per month"
      items={overview.data.earnings}
      empty="No earnings yet. When a company accepts your result, the payment shows here, per month and currency."
    />
  );
}
