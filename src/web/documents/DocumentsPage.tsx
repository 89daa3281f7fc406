import { Anchor, Select, Stack, Table, Text } from "@mantine/core";
import { useInfiniteQuery } from "@tanstack/react-query";
import { useState } from "react";
import { DOCUMENT_KIND_LABELS } from "../../common/documents.ts";
import { formatMonth, monthsEndingWith, today } from "../../common/format.ts";
import type { DocumentPage } from "../../common/wire/documents.ts";
import { queryKeys } from "../api/query-keys.ts";
import { useCurrentCompany } from "../app/CompanyScope.tsx";
import { DateText } from "../ui/dates.tsx";
import { FilterBar } from "../ui/FilterBar.tsx";
import { LoadMore } from "../ui/lists.tsx";
import { PageHeading, usePageTitle } from "../ui/page.tsx";
import { ScrollTable } from "../ui/ScrollTable.tsx";
import { EmptyState, ErrorState, LoadingState, NoMatch } from "../ui/states.tsx";
import { type DocumentFilters, documentsApi } from "./api.ts";

const KIND_OPTIONS = Object.entries(DOCUMENT_KIND_LABELS).map(([value, label]) => ({ value, label }));

/** The company's acts of acceptance and monthly statements (owners and managers). */
export function CompanyDocumentsPage() {
  const company = useCurrentCompany();
  return (
    <DocumentsList
      queryKey={queryKeys.companyDocuments(company.id)}
      load={(filters, cursor) => documentsApi.company(company.id, filters, cursor)}
      pdfUrl={(id) => documentsApi.companyPdfUrl(company.id, id)}
      empty="An act of acceptance is issued for each task the company pays, and a statement for each month once it is over."
    />
  );
}

/** The contractor's own acts of acceptance and monthly statements. */
export function MyDocumentsPage() {
  return (
    <DocumentsList
      queryKey={queryKeys.myDocuments()}
      load={documentsApi.mine}
      pdfUrl={documentsApi.myPdfUrl}
      empty="An act of acceptance is issued for each task a company pays you for, and a statement for each month once it is over."
    />
  );
}

function DocumentsList({
  queryKey,
  load,
  pdfUrl,
  empty,
}: {
  queryKey: readonly string[];
  load: (filters: DocumentFilters, cursor: string | null) => Promise<DocumentPage>;
  pdfUrl: (id: string) => string;
  empty: string;
}) {
  usePageTitle("Documents");
  const [kind, setKind] = useState<string | null>(null);
  const [month, setMonth] = useState<string | null>(null);
  const filters = { kind, month };
  const list = useInfiniteQuery({
    queryKey: [...queryKey, filters],
    queryFn: ({ pageParam }) => load(filters, pageParam),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.nextCursor,
  });
  const months = monthsEndingWith(today(), 24)
    .reverse()
    .map((m) => ({ value: m, label: formatMonth(m) }));
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  const filtered = kind !== null || month !== null;
  const clear = () => {
    setKind(null);
    setMonth(null);
  };
  return (
    <Stack gap="lg">
      <PageHeading>Documents</PageHeading>
      <FilterBar activeCount={(kind ? 1 : 0) + (month ? 1 : 0)} onClear={clear}>
        <Select
          label="Kind"
          placeholder="Any kind"
          clearable
          data={KIND_OPTIONS}
          value={kind}
          onChange={setKind}
        />
        <Select
          label="Month"
          placeholder="Any month"
          clearable
          searchable
          data={months}
          value={month}
          onChange={setMonth}
        />
      </FilterBar>
      {list.isPending ? (
        <LoadingState label="Loading the documents" />
      ) : list.isError ? (
        <ErrorState heading="section" error={list.error} onRetry={() => void list.refetch()} />
      ) : items.length === 0 ? (
        filtered ? (
          <NoMatch onClear={clear}>No document matches these filters.</NoMatch>
        ) : (
          <EmptyState title="No documents yet">{empty}</EmptyState>
        )
      ) : (
        <>
          <ScrollTable minWidth={520} label="Documents">
            <Table striped>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Document (PDF)</Table.Th>
                  <Table.Th>About</Table.Th>
                  <Table.Th>Issued</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {items.map((d) => (
                  <Table.Tr key={d.id}>
                    <Table.Td style={{ whiteSpace: "nowrap" }}>
                      <Anchor
                        href={pdfUrl(d.id)}
                        download
                        size="sm"
                        aria-label={`Download ${d.number} (PDF)`}
                      >
                        {d.number}
                      </Anchor>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm" fw={500}>
                        {DOCUMENT_KIND_LABELS[d.kind]}
                      </Text>
                      <Text size="sm" c="dimmed" style={{ overflowWrap: "anywhere" }}>
                        {d.period ? `For ${formatMonth(d.period)}` : d.title}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <DateText date={d.createdAt.slice(0, 10)} size="sm" />
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </ScrollTable>
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
