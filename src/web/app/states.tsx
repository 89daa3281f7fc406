import { Alert, Button, Center, Group, Loader, Stack, Text, Title } from "@mantine/core";
import type { ReactNode } from "react";
import { describeError } from "../api/problem.ts";

export function FullPageLoader({ label = "Loading Crewdesk" }: { label?: string }) {
  return (
    <Center mih="60vh" role="status" aria-live="polite">
      <Stack align="center" gap="xs">
        <Loader aria-hidden />
        <Text c="dimmed">{label}…</Text>
      </Stack>
    </Center>
  );
}

/** An error in place of a page: what went wrong and what to do next. */
export function ErrorState({
  title = "This page could not be loaded",
  error,
  onRetry,
  children,
}: {
  title?: string;
  error?: unknown;
  onRetry?: () => void;
  children?: ReactNode;
}) {
  return (
    <Center mih="50vh" p="md">
      <Stack maw={480} gap="md">
        <Title order={1} size="h2">
          {title}
        </Title>
        {error !== undefined && (
          <Alert color="red" variant="light" title="What happened">
            {describeError(error)}
          </Alert>
        )}
        {children}
        {onRetry && (
          <Group>
            <Button onClick={onRetry}>Try again</Button>
          </Group>
        )}
      </Stack>
    </Center>
  );
}
