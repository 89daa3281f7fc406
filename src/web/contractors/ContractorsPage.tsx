import { Button, Group, Paper, Select, Stack, Table, Text, TextInput, VisuallyHidden } from "@mantine/core";
import { useDebouncedValue, useDisclosure } from "@mantine/hooks";
import { useInfiniteQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { isRefetch } from "../../common/events.ts";
import { queryKeys } from "../api/query-keys.ts";
import { useCurrentCompany } from "../app/CompanyScope.tsx";
import { useLiveEvent } from "../events/useLiveEvents.ts";
import { TimeAgo } from "../ui/dates.tsx";
import { FilterBar } from "../ui/FilterBar.tsx";
import { ListTotalText, LoadMore } from "../ui/lists.tsx";
import { useIsPhone } from "../ui/media.ts";
import { PageHeading, usePageTitle } from "../ui/page.tsx";
import { StatusBadge } from "../ui/StatusBadge.tsx";
import { EmptyState, ErrorState, LoadingState, NoMatch } from "../ui/states.tsx";
import { Truncate } from "../ui/Truncate.tsx";
import { AddContractorsDialog } from "./AddContractorsDialog.tsx";
import { ContractorActions } from "./ContractorActions.tsx";
import classes from "./ContractorsPage.module.css";
import {
  applyContractorUpdate,
  type Contractor,
  type ContractorFilter,
  fetchContractorPage,
} from "./contractors-api.ts";
import { deliveryAttention, deliveryNote } from "./delivery.ts";
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

/** The invitation email's trouble, in red, with the mail server's answer in full on hover. */
function Attention({ contractor }: { contractor: Contractor }) {
  const attention = deliveryAttention(contractor);
  if (!attention) return null;
  const text = attention.detail ? `${attention.summary}: ${attention.detail}` : attention.summary;
  return (
    <Truncate size="xs" c="red.9" fw={600} maw="100%">
      {text}
    </Truncate>
  );
}

/** Invited "3 days ago", the exact time and the invitation email's delivery on hover. */
function Invited({ contractor }: { contractor: Contractor }) {
  const note = deliveryNote(contractor);
  return (
    <span title={note ?? undefined}>
      <TimeAgo iso={contractor.invitedAt} />
      {note && <VisuallyHidden>. {note}</VisuallyHidden>}
    </span>
  );
}

/** Name and email in one cell, each on one line, cut with the whole text on hover. */
function Who({ contractor }: { contractor: Contractor }) {
  return (
    <Stack gap={0} miw={0}>
      <Truncate size="sm" fw={600}>
        {contractor.name || contractor.email}
      </Truncate>
      <Truncate size="xs" c="dimmed">
        {contractor.email}
      </Truncate>
    </Stack>
  );
}

function ContractorTable({ companyId, items }: { companyId: string; items: Contractor[] }) {
  return (
    <div className={classes.tableBox}>
      <Table verticalSpacing={6} highlightOnHover aria-label="Contractors" className={classes.table}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">Contractor</Table.Th>
            <Table.Th scope="col" className={classes.status}>
              Status
            </Table.Th>
            <Table.Th scope="col" className={classes.date}>
              Invited
            </Table.Th>
            <Table.Th scope="col" className={classes.date}>
              Active since
            </Table.Th>
            <Table.Th scope="col" className={classes.actions}>
              <VisuallyHidden>Actions</VisuallyHidden>
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((c) => (
            <Table.Tr key={c.id} data-contractor-id={c.id}>
              <Table.Td>
                <Who contractor={c} />
              </Table.Td>
              <Table.Td>
                <Stack gap={2} align="flex-start" miw={0}>
                  <StatusBadge kind="contractor" status={c.status} />
                  <Attention contractor={c} />
                </Stack>
              </Table.Td>
              <Table.Td fz="sm">
                <Invited contractor={c} />
              </Table.Td>
              <Table.Td fz="sm">
                {c.activatedAt ? (
                  <TimeAgo iso={c.activatedAt} />
                ) : (
                  <Text span c="dimmed" fz="sm" aria-label="Not yet">
                    —
                  </Text>
                )}
              </Table.Td>
              <Table.Td className={classes.actions}>
                <ContractorActions companyId={companyId} contractor={c} />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </div>
  );
}

/** Phones: one dense row per contractor, the facts that matter first. */
function ContractorCards({ companyId, items }: { companyId: string; items: Contractor[] }) {
  return (
    <Paper
      withBorder
      radius="md"
      component="ul"
      p={0}
      m={0}
      aria-label="Contractors"
      className={classes.cards}
    >
      {items.map((c) => (
        <li key={c.id} data-contractor-id={c.id} className={classes.card}>
          <Group justify="space-between" wrap="nowrap" gap="xs" align="center">
            <div style={{ minWidth: 0, flex: 1 }}>
              <Who contractor={c} />
            </div>
            <StatusBadge kind="contractor" status={c.status} />
            <div className={classes.cardActions}>
              <ContractorActions companyId={companyId} contractor={c} />
            </div>
          </Group>
          <Attention contractor={c} />
        </li>
      ))}
    </Paper>
  );
}

/** The Contractors section: the team, its invitations, live. */
export function ContractorsPage() {
  const company = useCurrentCompany();
  const cid = company.id;
  usePageTitle("Contractors", company.name);
  const queryClient = useQueryClient();
  const [adding, add] = useDisclosure(false);
  const [search, setSearch] = useState("");
  const [q] = useDebouncedValue(search.trim(), SEARCH_DEBOUNCE_MS);
  const [status, setStatus] = useState<ContractorFilter["status"]>("current");
  const isPhone = useIsPhone();

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
  const unfiltered = !filtered && search.trim() === "";
  const emptyTeam = list.isSuccess && items.length === 0 && unfiltered;
  // Until the first page arrives an empty team cannot be told from a full one: the header's Add and the
  // filters wait for it, so that nothing a person has already focused is taken away by the empty state.
  const showControls = !emptyTeam && !(list.isPending && unfiltered);
  const clearFilters = () => {
    setSearch("");
    setStatus("current");
  };

  return (
    <Stack gap="md">
      <Group justify="space-between" align="center">
        <PageHeading>Contractors</PageHeading>
        {showControls && <Button onClick={add.open}>Add</Button>}
      </Group>

      <HeldEmailsNotice companyId={cid} />

      {showControls && (
        <FilterBar
          activeCount={status !== "current" ? 1 : 0}
          onClear={clearFilters}
          clearInline={items.length > 0}
          summary={<ListTotalText total={list.data?.pages[0]?.total} one="contractor" many="contractors" />}
          search={
            <TextInput
              label="Search"
              placeholder="Name or email"
              type="search"
              value={search}
              onChange={(e) => setSearch(e.currentTarget.value)}
              w={isPhone ? "100%" : 320}
            />
          }
        >
          <Select
            label="Status"
            data={STATUS_OPTIONS}
            value={status}
            allowDeselect={false}
            onChange={(value) => {
              if (isStatusFilter(value)) setStatus(value);
            }}
            w={isPhone ? "100%" : 200}
            comboboxProps={{ withinPortal: true }}
          />
        </FilterBar>
      )}

      {list.isPending ? (
        <LoadingState label="Loading contractors" />
      ) : list.isError && !list.data ? (
        <ErrorState
          heading="section"
          title="The contractors could not be loaded"
          error={list.error}
          onRetry={() => void list.refetch()}
        />
      ) : emptyTeam ? (
        <EmptyState title="Invite your first contractor" action={<Button onClick={add.open}>Add</Button>}>
          Click Add and enter one or many email addresses. Each contractor gets an email with a link to choose
          a password; you can give them tasks at once, before they are Active.
        </EmptyState>
      ) : items.length === 0 ? (
        <NoMatch onClear={clearFilters}>
          {q ? `No contractor matches “${q}”` : "No contractors"}
          {status !== "current"
            ? ` with status ${STATUS_OPTIONS.find((o) => o.value === status)?.label}`
            : ""}
          .
        </NoMatch>
      ) : (
        <>
          {isPhone ? (
            <ContractorCards companyId={cid} items={items} />
          ) : (
            <ContractorTable companyId={cid} items={items} />
          )}
          <LoadMore
            hasNextPage={list.hasNextPage}
            loading={list.isFetchingNextPage}
            onLoad={() => void list.fetchNextPage()}
          />
        </>
      )}

      <AddContractorsDialog companyId={cid} opened={adding} onClose={add.close} />
    </Stack>
  );
}
