import { Anchor, Group, Select, Stack, Table, Text } from "@mantine/core";
import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import {
  AUDIT_ACTION_LABELS,
  AUDIT_ACTIONS,
  AUDIT_DOOR_LABELS,
  AUDIT_DOORS,
  type AuditAction,
} from "../../common/audit.ts";
import { queryKeys } from "../api/query-keys.ts";
import { useCurrentCompany } from "../app/CompanyScope.tsx";
import { useSignedInMe } from "../app/session.ts";
import { DateField } from "../ui/DateField.tsx";
import { DateTimeText } from "../ui/dates.tsx";
import { LoadMore } from "../ui/lists.tsx";
import { PageHeading, usePageTitle } from "../ui/page.tsx";
import { ScrollTable } from "../ui/ScrollTable.tsx";
import { Badge } from "../ui/StatusBadge.tsx";
import { EmptyState, ErrorState, LoadingState, NoMatch } from "../ui/states.tsx";
import { type AuditEntry, type AuditFilters, auditApi } from "./api.ts";

const ACTION_OPTIONS = AUDIT_ACTIONS.map((a) => ({ value: a, label: AUDIT_ACTION_LABELS[a] }));
const DOOR_OPTIONS = AUDIT_DOORS.map((d) => ({ value: d, label: AUDIT_DOOR_LABELS[d] }));

/** Owners only: a manager finds no such page (the API answers 404 to them too). */
export function AuditPage() {
  usePageTitle("Audit log");
  const company = useCurrentCompany();
  const me = useSignedInMe();
  const owner = me.companies.find((c) => c.id === company.id)?.role === "owner";
  if (!owner) {
    return (
      <ErrorState title="Page not found">
        <Text>The audit log is for the company's owners. Ask an owner if you need to know who did what.</Text>
      </ErrorState>
    );
  }
  return <AuditLog companyId={company.id} />;
}

function AuditLog({ companyId }: { companyId: string }) {
  const [action, setAction] = useState<string | null>(null);
  const [person, setPerson] = useState<string | null>(null);
  const [door, setDoor] = useState<string | null>(null);
  const [from, setFrom] = useState("");
  const [to, setTo] = useState("");
  const filters: AuditFilters = { action, person, door, from: from || null, to: to || null };
  const filtered = Boolean(action || person || door || from || to);
  const people = useQuery({
    queryKey: [...queryKeys.audit(companyId), "people"],
    queryFn: () => auditApi.people(companyId),
  });
  const list = useInfiniteQuery({
    queryKey: [...queryKeys.audit(companyId), "entries", filters],
    queryFn: ({ pageParam }) => auditApi.entries(companyId, filters, pageParam),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.nextCursor,
  });
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  const clear = () => {
    setAction(null);
    setPerson(null);
    setDoor(null);
    setFrom("");
    setTo("");
  };
  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-end">
        <PageHeading>Audit log</PageHeading>
        <Anchor href={auditApi.csvUrl(companyId, filters)} download>
          Export CSV
        </Anchor>
      </Group>
      <Text c="dimmed" size="sm">
        Who did what in the company, when, and through which door: the web app, an API token, or support.
      </Text>
      <Group align="flex-end" gap="sm" wrap="wrap">
        <Select
          label="Action"
          placeholder="All actions"
          clearable
          searchable
          data={ACTION_OPTIONS}
          value={action}
          onChange={setAction}
          w={220}
        />
        <Select
          label="Person"
          placeholder="Everyone"
          clearable
          searchable
          data={(people.data?.items ?? []).map((p) => ({ value: p.id, label: p.name }))}
          value={person}
          onChange={setPerson}
          w={200}
        />
        <Select
          label="Door"
          placeholder="Every door"
          clearable
          data={DOOR_OPTIONS}
          value={door}
          onChange={setDoor}
          w={160}
        />
        <DateField label="From" value={from} onChange={setFrom} />
        <DateField label="To" value={to} onChange={setTo} />
      </Group>
      {list.isPending ? (
        <LoadingState label="Loading the audit log" />
      ) : list.isError ? (
        <ErrorState heading="section" error={list.error} onRetry={() => void list.refetch()} />
      ) : items.length === 0 ? (
        filtered ? (
          <NoMatch onClear={clear}>No entry matches these filters.</NoMatch>
        ) : (
          <EmptyState title="Nothing recorded yet">
            Invitations, tasks, imports and money of the company will be listed here as they happen.
          </EmptyState>
        )
      ) : (
        <>
          <AuditTable items={items} />
          <LoadMore
            hasNextPage={list.hasNextPage}
            loading={list.isFetchingNextPage}
            onLoad={() => void list.fetchNextPage()}
          />
        </>
      )}
    </Stack>
  );
}

function AuditTable({ items }: { items: AuditEntry[] }) {
  return (
    <ScrollTable minWidth={760} label="Audit log">
      <Table striped>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>When</Table.Th>
            <Table.Th>Person</Table.Th>
            <Table.Th>Action</Table.Th>
            <Table.Th>What</Table.Th>
            <Table.Th>Door</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((e) => (
            <Table.Tr key={e.id}>
              <Table.Td style={{ whiteSpace: "nowrap" }}>
                <DateTimeText iso={e.at} size="sm" />
              </Table.Td>
              <Table.Td>
                {e.person ? (
                  <Text size="sm" fs={e.person.deleted ? "italic" : undefined}>
                    {e.person.name}
                  </Text>
                ) : (
                  <Text size="sm" c="dimmed">
                    Crewdesk
                  </Text>
                )}
              </Table.Td>
              <Table.Td>
                <Text size="sm">{AUDIT_ACTION_LABELS[e.action as AuditAction] ?? e.action}</Text>
              </Table.Td>
              <Table.Td>
                <Text size="sm" style={{ overflowWrap: "anywhere" }}>
                  {e.summary}
                </Text>
              </Table.Td>
              <Table.Td>
                <Badge color={e.door === "web" ? "gray" : "blue"} label={AUDIT_DOOR_LABELS[e.door]} />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </ScrollTable>
  );
}
