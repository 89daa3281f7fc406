import { Button, Center, Text } from "@mantine/core";
import { formatCount } from "../../common/format.ts";
import type { ListTotal } from "../../common/wire/page.ts";

/** "41 tasks", "10,000+ tasks": how many match the filters, announced politely when it changes. */
export function ListTotalText({
  total,
  one,
  many,
}: {
  total: ListTotal | undefined;
  one: string;
  many: string;
}) {
  return (
    <Text size="sm" c="dimmed" role="status" aria-live="polite" data-testid="list-total">
      {total
        ? `${formatCount(total.count)}${total.capped ? "+" : ""} ${total.count === 1 && !total.capped ? one : many}`
        : "\u00a0"}
    </Text>
  );
}

/** The one paging pattern of the app: the next page is added below, by a cursor. */
export function LoadMore({
  hasNextPage,
  loading,
  onLoad,
}: {
  hasNextPage: boolean;
  loading: boolean;
  onLoad: () => void;
}) {
  if (!hasNextPage) return null;
  return (
    <Center>
      <Button variant="default" onClick={onLoad} loading={loading}>
        Load more
      </Button>
    </Center>
  );
}
