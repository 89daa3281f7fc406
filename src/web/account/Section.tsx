import { Paper, Text, Title } from "@mantine/core";
import type { ReactNode } from "react";

/** One card of the Account page, named by its heading. */
export function Section({
  id,
  title,
  description,
  children,
}: {
  id: string;
  title: string;
  description?: ReactNode;
  children: ReactNode;
}) {
  return (
    <Paper withBorder p={{ base: "md", sm: "lg" }} radius="md" component="section" aria-labelledby={id}>
      <Title order={2} size="h4" mb={description ? 4 : "md"} id={id}>
        {title}
      </Title>
      {description && (
        <Text size="sm" c="dimmed" mb="md">
          {description}
        </Text>
      )}
      {children}
    </Paper>
  );
}
