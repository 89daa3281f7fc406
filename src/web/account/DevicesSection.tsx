import { Button, Group, Table, Text } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api } from "../api/client.ts";
import { describeError } from "../api/problem.ts";
import { queryKeys } from "../api/query-keys.ts";
import { DateTimeText } from "../ui/dates.tsx";
import { ScrollTable } from "../ui/ScrollTable.tsx";
import { useDevices, useSessions } from "./account-api.ts";
import { Section } from "./Section.tsx";

function useAccountAction<T>(fn: (arg: T) => Promise<unknown>, failed: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.account() }),
    onError: (error) => notifications.show({ color: "red", title: failed, message: describeError(error) }),
  });
}

/** Where the person is signed in; sign out one device or every other. */
export function SessionsSection() {
  const sessions = useSessions();
  const end = useAccountAction(
    (id: string) => api.delete(`/api/account/sessions/${encodeURIComponent(id)}`),
    "Sign-out failed",
  );
  const others = useAccountAction(() => api.post("/api/account/sessions/sign-out-others"), "Sign-out failed");
  const items = sessions.data?.items ?? [];
  return (
    <Section id="sessions" title="Where you are signed in">
      <ScrollTable label="Signed-in devices" minWidth={640}>
        <Table aria-labelledby="sessions" verticalSpacing="xs">
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">Device</Table.Th>
              <Table.Th scope="col">IP address</Table.Th>
              <Table.Th scope="col">Signed in</Table.Th>
              <Table.Th scope="col">Last seen</Table.Th>
              <Table.Th scope="col">
                <Text span size="sm" fw={700}>
                  Action
                </Text>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((s) => (
              <Table.Tr key={s.id}>
                <Table.Td>
                  {s.browser} on {s.system}
                  {s.current && (
                    <Text span size="sm" c="dimmed">
                      {" "}
                      · this device
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>{s.ip ?? "—"}</Table.Td>
                <Table.Td>
                  <DateTimeText iso={s.createdAt} />
                </Table.Td>
                <Table.Td>
                  <DateTimeText iso={s.lastSeenAt} />
                </Table.Td>
                <Table.Td>
                  {!s.current && (
                    <Button
                      size="compact-sm"
                      variant="default"
                      aria-label={`Sign out ${s.browser} on ${s.system}`}
                      onClick={() => end.mutate(s.id)}
                      loading={end.isPending && end.variables === s.id}
                    >
                      Sign out
                    </Button>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </ScrollTable>
      {items.length > 1 && (
        <Group mt="sm">
          <Button variant="default" onClick={() => others.mutate(undefined)} loading={others.isPending}>
            Sign out every other device
          </Button>
        </Group>
      )}
    </Section>
  );
}

/** Browsers that skip the second step; forget one and it is asked again. */
export function DevicesSection() {
  const devices = useDevices();
  const forget = useAccountAction(
    (id: string) => api.delete(`/api/account/remembered-devices/${encodeURIComponent(id)}`),
    "Could not forget the device",
  );
  const items = devices.data?.items ?? [];
  return (
    <Section
      id="devices"
      title="Remembered browsers"
      description="These browsers skip the second step until the date shown."
    >
      {items.length === 0 ? (
        <Text size="sm">No browser is remembered.</Text>
      ) : (
        <ScrollTable label="Remembered browsers" minWidth={520}>
          <Table aria-labelledby="devices" verticalSpacing="xs">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Browser</Table.Th>
                <Table.Th scope="col">IP address</Table.Th>
                <Table.Th scope="col">Remembered until</Table.Th>
                <Table.Th scope="col">
                  <Text span size="sm" fw={700}>
                    Action
                  </Text>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((d) => (
                <Table.Tr key={d.id}>
                  <Table.Td>
                    {d.browser} on {d.system}
                  </Table.Td>
                  <Table.Td>{d.ip ?? "—"}</Table.Td>
                  <Table.Td>
                    <DateTimeText iso={d.expiresAt} />
                  </Table.Td>
                  <Table.Td>
                    <Button
                      size="compact-sm"
                      variant="default"
                      aria-label={`Forget ${d.browser} on ${d.system}`}
                      onClick={() => forget.mutate(d.id)}
                      loading={forget.isPending && forget.variables === d.id}
                    >
                      Forget
                    </Button>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollTable>
      )}
    </Section>
  );
}
