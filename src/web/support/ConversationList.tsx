import {
  Badge,
  Box,
  Button,
  Center,
  Group,
  Loader,
  SegmentedControl,
  Stack,
  Text,
  UnstyledButton,
} from "@mantine/core";
import { Link } from "react-router";
import { describeError } from "../api/problem.ts";
import { formatMessageTime } from "./format.ts";
import { type ConsoleFilter, type SupportConversation, useConversations } from "./support-api.ts";

const STATUS_LABEL: Record<string, string> = { invited: "Invited", active: "Active", removed: "Removed" };

/** Who is writing, in one line: the guest's address, or the user's companies and contractor statuses. */
export function personSummary(person: SupportConversation["person"]): string {
  if (person.kind === "guest") return `Visitor · ${person.email}`;
  const parts = [
    ...person.companies.map((c) => `${c.name} (${c.role})`),
    ...person.contractorOf.map((r) => `${STATUS_LABEL[r.status] ?? r.status} at ${r.companyName}`),
  ];
  return parts.length > 0 ? parts.join(" · ") : `User · ${person.email}`;
}

interface ConversationListProps {
  filter: ConsoleFilter;
  onFilter: (filter: ConsoleFilter) => void;
  selectedId: string | undefined;
}

/** The console's conversations: open first, each by its last message; unread counts in a badge. */
export function ConversationList({ filter, onFilter, selectedId }: ConversationListProps) {
  const list = useConversations(filter);
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <Stack gap="sm">
      <SegmentedControl
        aria-label="Show conversations"
        value={filter}
        onChange={(value) => onFilter(value as ConsoleFilter)}
        data={[
          { value: "all", label: "All" },
          { value: "open", label: "Open" },
          { value: "closed", label: "Closed" },
        ]}
        fullWidth
      />
      {list.isPending ? (
        <Center py="lg" role="status" aria-label="Loading conversations">
          <Loader size="sm" aria-hidden />
        </Center>
      ) : list.isError ? (
        <Text c="red.9" size="sm">
          {describeError(list.error)}
        </Text>
      ) : items.length === 0 ? (
        <Text c="dimmed" size="sm" ta="center" py="md">
          No conversations here yet.
        </Text>
      ) : (
        <Stack component="ul" gap={4} m={0} p={0} style={{ listStyle: "none" }} aria-label="Conversations">
          {items.map((c) => {
            const selected = c.id === selectedId;
            return (
              <Box component="li" key={c.id}>
                <UnstyledButton
                  component={Link}
                  to={`/console/${encodeURIComponent(c.id)}`}
                  aria-current={selected ? "page" : undefined}
                  display="block"
                  w="100%"
                  p="xs"
                  bg={selected ? "indigo.0" : undefined}
                  style={{ borderRadius: 8, border: "1px solid var(--mantine-color-gray-3)" }}
                >
                  <Group justify="space-between" wrap="nowrap" gap="xs">
                    <Text fw={c.unread > 0 ? 700 : 500} size="sm" truncate>
                      {c.person.name || c.person.email}
                    </Text>
                    <Group gap={4} wrap="nowrap">
                      {c.status === "closed" && (
                        <Badge color="gray" variant="dot" size="sm" tt="none">
                          Closed
                        </Badge>
                      )}
                      {c.unread > 0 && (
                        <Badge color="red.8" size="sm" aria-label={`${c.unread} unread`}>
                          {c.unread}
                        </Badge>
                      )}
                    </Group>
                  </Group>
                  <Text size="xs" c="dimmed" truncate>
                    {personSummary(c.person)}
                  </Text>
                  {c.lastMessage && (
                    <Text size="xs" lineClamp={2} style={{ overflowWrap: "anywhere" }}>
                      {c.lastMessage.from === "agent" ? "Support: " : ""}
                      {c.lastMessage.preview}
                    </Text>
                  )}
                  <Text size="xs" c="dimmed">
                    <time dateTime={c.lastMessageAt}>{formatMessageTime(c.lastMessageAt)}</time>
                  </Text>
                </UnstyledButton>
              </Box>
            );
          })}
        </Stack>
      )}
      {list.hasNextPage && (
        <Button variant="default" onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage}>
          Load more
        </Button>
      )}
    </Stack>
  );
}
