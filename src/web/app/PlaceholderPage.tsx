import { Alert, List, Stack, Text, Title } from "@mantine/core";

/** A page a later feature fills: what it will hold, and that it is not available yet. */
export function PlaceholderPage({ title, intro, items }: { title: string; intro: string; items: string[] }) {
  return (
    <Stack maw={720} gap="md">
      <Title order={1}>{title}</Title>
      <Alert color="gray" variant="light" title="Not available yet">
        This page is being built and is not available yet.
      </Alert>
      <Text>{intro}</Text>
      <List spacing="xs">
        {items.map((item) => (
          <List.Item key={item}>{item}</List.Item>
        ))}
      </List>
    </Stack>
  );
}
