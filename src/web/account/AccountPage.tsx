import { Anchor, Button, Group, Paper, SimpleGrid, Stack, Switch, Table, Text, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { Link, useSearchParams } from "react-router";
import { api } from "../api/client.ts";
import { describeError } from "../api/problem.ts";
import { queryKeys } from "../api/query-keys.ts";
import { useSignedInMe, useSignOut } from "../app/session.ts";
import { PageHeading, usePageTitle } from "../ui/page.tsx";
import { StatusBadge } from "../ui/StatusBadge.tsx";
import { useAccount } from "./account-api.ts";
import { DeleteSection, DeletionNotice, ExportSection, HistorySection } from "./DataSection.tsx";
import { DevicesSection, SessionsSection } from "./DevicesSection.tsx";
import { EmailSection } from "./EmailSection.tsx";
import { PasswordSection } from "./PasswordSection.tsx";
import { TwoStepSection } from "./TwoStepSection.tsx";

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

/** A company's owner requires every member to sign in with a second step; others see whether it is on. */
function RequirementSwitch({
  companyId,
  companyName,
  owner,
  required,
}: {
  companyId: string;
  companyName: string;
  owner: boolean;
  required: boolean;
}) {
  const queryClient = useQueryClient();
  const change = useMutation({
    mutationFn: (next: boolean) =>
      api.put(`/api/companies/${encodeURIComponent(companyId)}/two-step-requirement`, { required: next }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.account() }),
    onError: (error) =>
      notifications.show({ color: "red", title: "Could not change it", message: describeError(error) }),
  });
  if (!owner) return <Text size="sm">{required ? "Required" : "Not required"}</Text>;
  return (
    <Switch
      aria-label={`Require two-step sign-in of every member of ${companyName}`}
      label={required ? "Required" : "Not required"}
      checked={required}
      disabled={change.isPending}
      onChange={(event) => change.mutate(event.currentTarget.checked)}
    />
  );
}

/**
 * Account: who is signed in, their address, password, second step, devices, companies, data and history,
 * and deletion.
 */
export function AccountPage() {
  const me = useSignedInMe();
  const account = useAccount();
  const [params] = useSearchParams();
  usePageTitle("Account");
  const signOut = useSignOut();
  const leave = useMutation({
    mutationFn: signOut,
    onError: (error) =>
      notifications.show({ color: "red", title: "Sign-out failed", message: describeError(error) }),
  });

  return (
    <Stack gap="md" maw={900}>
      <PageHeading>Account</PageHeading>
      <Paper withBorder p={{ base: "md", sm: "lg" }} radius="md" component="section" aria-labelledby="you">
        <Title order={2} size="h4" mb="md" id="you">
          You
        </Title>
        <SimpleGrid component="dl" cols={{ base: 1, xs: 2 }} m={0} spacing="md">
          <Fact label="Name">{me.user.name}</Fact>
          <Fact label="Email">{me.user.email}</Fact>
        </SimpleGrid>
      </Paper>

      {account.data && (
        <>
          <DeletionNotice account={account.data} />
          <TwoStepSection account={account.data} setupAsked={params.get("setup") === "two-step"} />
          <EmailSection account={account.data} verified={me.user.emailVerified} />
        </>
      )}
      <PasswordSection email={me.user.email} />
      <SessionsSection />
      <DevicesSection />

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
                <Table.Th scope="col">Two-step sign-in for every member</Table.Th>
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
                  <Table.Td>
                    <RequirementSwitch
                      companyId={c.id}
                      companyName={c.name}
                      owner={c.role === "owner"}
                      required={account.data?.companies.find((a) => a.id === c.id)?.twoStepRequired ?? false}
                    />
                  </Table.Td>
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

      {account.data && (
        <>
          <ExportSection />
          <HistorySection />
          <DeleteSection account={account.data} />
        </>
      )}

      <Group>
        <Button variant="default" onClick={() => leave.mutate()} loading={leave.isPending}>
          Sign out
        </Button>
      </Group>
    </Stack>
  );
}
