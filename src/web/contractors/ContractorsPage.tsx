import {
  Alert,
  Button,
  Center,
  Group,
  Loader,
  Paper,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
  VisuallyHidden,
} from "@mantine/core";
import { useDebouncedValue, useDisclosure, useMediaQuery } from "@mantine/hooks";
import { useInfiniteQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useParams } from "react-router";
import { isRefetch } from "../../common/events.ts";
import { describeError } from "../api/problem.ts";
import { queryKeys } from "../api/query-keys.ts";
import { useLiveEvent } from "../events/useLiveEvents.ts";
import { AddContractorsDialog } from "./AddContractorsDialog.tsx";
import { ContractorActions } from "./ContractorActions.tsx";
import { DateTime, InvitationDelivery, StatusBadge } from "./ContractorBadges.tsx";
import {
  applyContractorUpdate,
  type Contractor,
  type ContractorFilter,
  fetchContractorPage,
} from "./contractors-api.ts";
import { EmailText } from "./EmailText.tsx";
import { formatDateTime } from "./format.ts";
import { HeldEmailsNotice } from "./HeldEmailsNotice.tsx";

const STATUS_OPTIONS: { value: ContractorFilter["status"]; label: string }[] = [
  { value: "current", label: "Invited and Active" },
  { value: "invited", label: "Invited" },
  { value: "active", label: "Active" },
  { value: "removed", label: "Removed" },
];

/** Search waits for a pause in typing: one request per word typed, not per key. */
const SEARCH_DEBOUNCE_MS = 300;

function isStatusFilter(value: string | null): value is ContractorFilter["status"] {
  return STATUS_OPTIONS.some((o) => o.value === value);
}

function ContractorTable({ companyId, items }: { companyId: string; items: Contractor[] }) {
  return (
    <Table.ScrollContainer minWidth={900}>
      <Table verticalSpacing="sm" highlightOnHover aria-label="Contractors">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Name</Table.Th>
            <Table.Th>Email</Table.Th>
            <Table.Th>Status</Table.Th>
            <Table.Th>Invited</Table.Th>
            <Table.Th>Activated</Table.Th>
            <Table.Th>Invitation email</Table.Th>
            <Table.Th>
              <VisuallyHidden>Actions</VisuallyHidden>
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((c) => (
            <Table.Tr key={c.id} data-contractor-id={c.id}>
              <Table.Td fw={600}>{c.name || "—"}</Table.Td>
              <Table.Td style={{ overflowWrap: "anywhere", minWidth: 200 }}>
                <EmailText email={c.email} />
              </Table.Td>
              <Table.Td>
                <StatusBadge status={c.status} />
              </Table.Td>
              <Table.Td>
                <DateTime iso={c.invitedAt} />
              </Table.Td>
              <Table.Td>
                <DateTime iso={c.activatedAt} />
              </Table.Td>
              <Table.Td maw={260}>
                <InvitationDelivery email={c.invitationEmail} />
              </Table.Td>
              <Table.Td ta="right">
                <ContractorActions companyId={companyId} contractor={c} />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

/** Phones: one card per contractor, the same facts as the table's row. */
function ContractorCards({ companyId, items }: { companyId: string; items: Contractor[] }) {
  return (
    <Stack gap="sm" component="ul" p={0} m={0} style={{ listStyle: "none" }} aria-label="Contractors">
      {items.map((c) => (
        <Paper component="li" key={c.id} withBorder p="sm" radius="md" data-contractor-id={c.id}>
          <Group justify="space-between" wrap="nowrap" align="center" gap="xs">
            <Text fw={600} truncate style={{ minWidth: 0 }}>
              {c.name || c.email}
            </Text>
            <Group gap={4} wrap="nowrap" style={{ flexShrink: 0 }}>
              <StatusBadge status={c.status} />
              <ContractorActions companyId={companyId} contractor={c} />
            </Group>
          </Group>
          <Text size="sm" c="dimmed" style={{ overflowWrap: "anywhere" }}>
            <EmailText email={c.email} />
          </Text>
          <Stack gap={4} mt="xs">
            <Text size="xs">
              <Text span size="xs" c="dimmed">
                Invited:{" "}
              </Text>
              {formatDateTime(c.invitedAt)}
              {c.activatedAt && (
                <>
                  <Text span size="xs" c="dimmed">
                    {" "}
                    · Activated:{" "}
                  </Text>
                  {formatDateTime(c.activatedAt)}
                </>
              )}
            </Text>
            <Group gap={6} align="flex-start" wrap="nowrap">
              <Text size="xs" c="dimmed" style={{ flexShrink: 0 }}>
                Invitation email:
              </Text>
              <InvitationDelivery email={c.invitationEmail} />
            </Group>
          </Stack>
        </Paper>
      ))}
    </Stack>
  );
}

function EmptyTeam({ onAdd }: { onAdd: () => void }) {
  return (
    <Paper withBorder p="xl" radius="md">
      <Stack align="center" gap="sm" ta="center" maw={460} mx="auto">
        <Title order={2} size="h3">
          Invite your first contractor
        </Title>
        <Text c="dimmed">
          Click Add and enter one or many email addresses. Each contractor gets an email with a link to choose
          a password; you can give them tasks at once, before they are Active.
        </Text>
        <Button onClick={onAdd}>Add</Button>
      </Stack>
    </Paper>
  );
}

/** The Contractors section: the team, its invitations, live. */
export function ContractorsPage() {
  const { cid = "" } = useParams();
  const queryClient = useQueryClient();
  const [adding, add] = useDisclosure(false);
  const [search, setSearch] = useState("");
  const [q] = useDebouncedValue(search.trim(), SEARCH_DEBOUNCE_MS);
  const [status, setStatus] = useState<ContractorFilter["status"]>("current");
  const isPhone = useMediaQuery("(max-width: 47.99em)") ?? false;

  const filter: ContractorFilter = { q, status };
  const queryKey = [...queryKeys.contractors(cid), filter] as const;
  const list = useInfiniteQuery({
    queryKey,
    queryFn: ({ pageParam, signal }) => fetchContractorPage(cid, filter, pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    placeholderData: (previous) => previous,
  });

  // The row changes at once (e.g. Invited → Active); the refetch the event also causes brings new rows.
  useLiveEvent("contractor.updated", (data) => {
    if (isRefetch(data) || data.companyId !== cid) return;
    const { contractor } = data;
    queryClient.setQueryData(queryKey, (old: Parameters<typeof applyContractorUpdate>[0]) =>
      applyContractorUpdate(old, contractor, status),
    );
  });

  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  const filtered = q !== "" || status !== "current";
  const emptyTeam = list.isSuccess && items.length === 0 && !filtered && search.trim() === "";

  return (
    <Stack gap="md">
      <Group justify="space-between" align="center">
        <Title order={1}>Contractors</Title>
        {!emptyTeam && <Button onClick={add.open}>Add</Button>}
      </Group>

      <HeldEmailsNotice companyId={cid} />

      {!emptyTeam && (
        <Group gap="sm" align="flex-end" wrap="wrap">
          <TextInput
            label="Search"
            placeholder="Name or email"
            type="search"
            value={search}
            onChange={(e) => setSearch(e.currentTarget.value)}
            style={{ flex: "1 1 240px" }}
            maw={420}
          />
          <Select
            label="Status"
            data={STATUS_OPTIONS}
            value={status}
            allowDeselect={false}
            onChange={(value) => {
              if (isStatusFilter(value)) setStatus(value);
            }}
            w={isPhone ? "100%" : 200}
          />
        </Group>
      )}

      {list.isPending ? (
        <Center py="xl" role="status">
          <Loader aria-label="Loading contractors" />
        </Center>
      ) : list.isError && !list.data ? (
        <Alert color="red" variant="light" title="The contractors could not be loaded" role="alert">
          <Stack gap="xs" align="flex-start">
            <Text size="sm">{describeError(list.error)}</Text>
            <Button size="xs" onClick={() => void list.refetch()}>
              Try again
            </Button>
          </Stack>
        </Alert>
      ) : emptyTeam ? (
        <EmptyTeam onAdd={add.open} />
      ) : items.length === 0 ? (
        <Paper withBorder p="lg" radius="md">
          <Text ta="center" c="dimmed" role="status">
            {q ? `No contractor matches “${q}”` : "No contractors"}
            {status !== "current"
              ? ` with status ${STATUS_OPTIONS.find((o) => o.value === status)?.label}`
              : ""}
            .
          </Text>
        </Paper>
      ) : (
        <>
          {isPhone ? (
            <ContractorCards companyId={cid} items={items} />
          ) : (
            <ContractorTable companyId={cid} items={items} />
          )}
          {list.hasNextPage && (
            <Center>
              <Button
                variant="default"
                onClick={() => void list.fetchNextPage()}
                loading={list.isFetchingNextPage}
              >
                Load more
              </Button>
            </Center>
          )}
        </>
      )}

      <AddContractorsDialog companyId={cid} opened={adding} onClose={add.close} />
    </Stack>
  );
}
