import { Grid, Paper, Stack, Text, Title } from "@mantine/core";
import { useState } from "react";
import { useParams } from "react-router";
import { ConversationList } from "./ConversationList.tsx";
import { PersonContextPanel } from "./PersonContextPanel.tsx";
import type { ConsoleFilter } from "./support-api.ts";
import { ThreadView } from "./ThreadView.tsx";

/** The support console: conversations, the one chosen, and what helps answer it. */
export function ConsolePage() {
  const { conversationId } = useParams();
  const [filter, setFilter] = useState<ConsoleFilter>("all");

  return (
    <Stack gap="md">
      <Title order={1}>Support console</Title>
      <Grid gap="md">
        <Grid.Col span={{ base: 12, md: 4, lg: 3 }}>
          <Paper withBorder p="sm" radius="md" component="nav" aria-label="Conversations">
            <ConversationList filter={filter} onFilter={setFilter} selectedId={conversationId} />
          </Paper>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 8, lg: 5 }}>
          <Paper withBorder p="sm" radius="md" component="section" aria-label="Conversation">
            {conversationId ? (
              // A key per conversation: its state (earlier messages, the reply box) starts afresh.
              <ThreadView key={conversationId} conversationId={conversationId} />
            ) : (
              <Text c="dimmed" ta="center" py="xl">
                Choose a conversation to read and answer it.
              </Text>
            )}
          </Paper>
        </Grid.Col>
        {conversationId && (
          <Grid.Col span={{ base: 12, lg: 4 }}>
            <Paper withBorder p="sm" radius="md" component="aside" aria-label="About this person">
              <PersonContextPanel key={conversationId} conversationId={conversationId} />
            </Paper>
          </Grid.Col>
        )}
      </Grid>
    </Stack>
  );
}
