import { Alert, Anchor, Button, Group, Paper, SimpleGrid, Stack, Table, Text, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { Link } from "react-router";
import { describeError } from "../api/problem.ts";
import { useSignedInMe, useSignOut } from "../app/session.ts";
import { PageHeading, usePageTitle } from "../ui/page.tsx";
import { StatusBadge } from "../ui/StatusBadge.tsx";

const ROLE_LABELS = { owner: "Owner", manager: "Manager" } as const;

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <Text component="dt" size="sm" c="dimmed">
        {label}
      </Text>
      <Text component="dd" m={0} fw={600} style={{ overflowWrap: "anywhere" }}>
        {children}
      </Text>
    </div>
  );
}

/** Account: who is signed in, where they work, and how to sign out. */
export function AccountPage() {
  const me = useSignedInMe();
  usePageTitle("Account");
  const signOut = useSignOut();
  const leave = useMutation({
    mutationFn: signOut,
    onError: (error) =>
      notifications.show({ color: "red", title: "Sign-out failed", message: describeError(error) }),
  });

  return (
    <Stack gap="md" maw={800}>
      <PageHeading>Account</PageHeading>
      <Paper withBorder p={{ base: "md", sm: "lg" }} radius="md" component="section" aria-labelledby="you">
        <Title order={2} size="h4" mb="md" id="you">
          You
        </Title>
        <SimpleGrid component="dl" cols={{ base: 1, xs: 2 }} m={0} spacing="md">
          <Fact label="Name">{me.user.name}</Fact>
          <Fact label="Email">
            {me.user.email}
            <Text span size="sm" fw={400} c={me.user.emailVerified ? "dimmed" : "red.9"}>
              {me.user.emailVerified ? " · confirmed" : " · not confirmed yet"}
            </Text>
          </Fact>
        </SimpleGrid>
        <Alert color="gray" variant="light" mt="md" title="Changing these">
          Your name and email address cannot be changed here yet: contact support and we will change them for
          you. To choose a new password, sign out and use <strong>Forgot password?</strong> on the sign-in
          page.
        </Alert>
      </Paper>

      {me.companies.length > 0 && (
        <Paper
          withBorder
          p={{ base: "md", sm: "lg" }}
          radius="md"
          component="section"
          aria-labelledby="teams"
        >
          <Title order={2} size="h4" mb="sm" id="teams">
            Companies you manage
          </Title>
          <Table aria-labelledby="teams" verticalSpacing="xs">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Company</Table.Th>
                <Table.Th scope="col">Your role</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {me.companies.map((c) => (
                <Table.Tr key={c.id}>
                  <Table.Td>
                    <Anchor component={Link} to={`/companies/${encodeURIComponent(c.id)}/overview`}>
                      {c.name}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>{ROLE_LABELS[c.role]}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Paper>
      )}

      {me.contractorOf.length > 0 && (
        <Paper withBorder p={{ base: "md", sm: "lg" }} radius="md" component="section" aria-labelledby="work">
          <Title order={2} size="h4" mb="sm" id="work">
            Companies you work for
          </Title>
          <Stack gap="xs" component="ul" p={0} m={0} style={{ listStyle: "none" }}>
            {me.contractorOf.map((c) => (
              <Group component="li" key={c.companyId} justify="space-between" wrap="nowrap" gap="sm">
                <Text style={{ overflowWrap: "anywhere" }}>{c.companyName}</Text>
                <StatusBadge kind="contractor" status={c.status} />
              </Group>
            ))}
          </Stack>
          <Text size="sm" c="dimmed" mt="sm">
            Your required information is kept in your{" "}
            <Anchor component={Link} to="/profile" size="sm">
              profile
            </Anchor>
            , once for every company.
          </Text>
        </Paper>
      )}

      <Group>
        <Button variant="default" onClick={() => leave.mutate()} loading={leave.isPending}>
          Sign out
        </Button>
      </Group>
    </Stack>
  );
}
