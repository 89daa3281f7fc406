import { Anchor, Box, Container, Paper, Stack } from "@mantine/core";
import type { ReactNode } from "react";
import { Link } from "react-router";

/** Pages outside the app (sign-in, sign-up, emailed links): the product name and one card. */
export function AuthLayout({ children, wide = false }: { children: ReactNode; wide?: boolean }) {
  return (
    // On a phone the floating Support button needs room below the card, so that the card's end scrolls
    // clear of it.
    <Box mih="100vh" bg="gray.0" pt={{ base: "md", sm: 48 }} pb={{ base: 88, sm: 48 }}>
      <Container size={wide ? 560 : 460} px="md">
        <Stack gap="lg">
          <Anchor component={Link} to="/" fw={800} fz={28} underline="never" c="indigo.8" ta="center">
            Crewdesk
          </Anchor>
          <Paper component="main" id="main" withBorder shadow="sm" p={{ base: "md", sm: "xl" }} radius="md">
            {children}
          </Paper>
        </Stack>
      </Container>
    </Box>
  );
}
