import { Alert, Button, Center, Group, Loader, Paper, Stack, Text, Title } from "@mantine/core";
import type { ReactNode } from "react";
import { describeError } from "../api/problem.ts";
import { PageHeading } from "./page.tsx";

/** The whole page is loading. */
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

/** A part of a page is loading (a list, a drawer's content). */
export function LoadingState({ label }: { label: string }) {
  return (
    <Center py="xl" role="status">
      <Group gap="xs">
        <Loader size="sm" aria-hidden />
        <Text>{label}…</Text>
      </Group>
    </Center>
  );
}

/** An error in place of a page: what went wrong and what to do next. The page's heading is its title. */
export function ErrorState({
  title = "This page could not be loaded",
  error,
  onRetry,
  children,
  heading = "page",
}: {
  title?: string;
  error?: unknown;
  onRetry?: () => void;
  children?: ReactNode;
  /** "page": the error is the page (its h1); "section": it stands for a part of one (an h2). */
  heading?: "page" | "section";
}) {
  return (
    <Center mih={heading === "page" ? "50vh" : undefined} p="md">
      <Stack maw={480} gap="md">
        {heading === "page" ? (
          <PageHeading size="h2">{title}</PageHeading>
        ) : (
          <Title order={2} size="h3">
            {title}
          </Title>
        )}
        {error !== undefined && (
          <Alert color="red" variant="light" title="What happened" role="alert">
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

/** Nothing to show yet: say why, and offer the next step. */
export function EmptyState({
  title,
  children,
  action,
}: {
  title: string;
  children?: ReactNode;
  action?: ReactNode;
}) {
  return (
    <Paper withBorder p="xl" radius="md" ta="center">
      <Stack align="center" gap="sm">
        <Title order={2} size="h3">
          {title}
        </Title>
        {children && (
          <Text c="dimmed" maw={480}>
            {children}
          </Text>
        )}
        {action}
      </Stack>
    </Paper>
  );
}

/** A list with nothing matching its filters: say so, and offer to clear them. */
export function NoMatch({ children, onClear }: { children: ReactNode; onClear?: () => void }) {
  return (
    <Paper withBorder p="lg" radius="md" ta="center">
      <Stack align="center" gap="xs">
        <Text role="status">{children}</Text>
        {onClear && (
          <Button variant="default" size="xs" onClick={onClear}>
            Clear filters
          </Button>
        )}
      </Stack>
    </Paper>
  );
}
