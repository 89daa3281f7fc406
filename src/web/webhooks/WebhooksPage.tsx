import {
  Alert,
  Anchor,
  Button,
  Card,
  Checkbox,
  Code,
  CopyButton,
  Group,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from "@mantine/core";
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { WEBHOOK_EVENT_LABELS, WEBHOOK_EVENT_TYPES, type WebhookEventType } from "../../common/webhooks.ts";
import { formProblem } from "../api/problem.ts";
import { queryKeys } from "../api/query-keys.ts";
import { useCurrentCompany } from "../app/CompanyScope.tsx";
import { useSignedInMe } from "../app/session.ts";
import { DateTimeText } from "../ui/dates.tsx";
import { LoadMore } from "../ui/lists.tsx";
import { PageHeading, usePageTitle } from "../ui/page.tsx";
import { ScrollTable } from "../ui/ScrollTable.tsx";
import { Badge } from "../ui/StatusBadge.tsx";
import { EmptyState, ErrorState, LoadingState } from "../ui/states.tsx";
import { type Webhook, type WebhookDelivery, webhooksApi } from "./api.ts";

const DELIVERY_LABELS: Record<WebhookDelivery["status"], string> = {
  queued: "Waiting",
  sending: "Sending",
  delivered: "Delivered",
  failed: "Failed",
  cancelled: "Not sent",
};
const DELIVERY_COLORS: Record<WebhookDelivery["status"], string> = {
  queued: "yellow",
  sending: "blue",
  delivered: "green",
  failed: "red",
  cancelled: "gray",
};

/** The company's webhooks (owners only: a manager finds no such page, and the API answers 404 to them). */
export function WebhooksPage() {
  usePageTitle("Webhooks");
  const company = useCurrentCompany();
  const me = useSignedInMe();
  const owner = me.companies.find((c) => c.id === company.id)?.role === "owner";
  if (!owner) {
    return (
      <ErrorState title="Page not found">
        <Text>Webhooks are set up by the company's owners.</Text>
      </ErrorState>
    );
  }
  return <Webhooks companyId={company.id} />;
}

function Webhooks({ companyId }: { companyId: string }) {
  const list = useQuery({
    queryKey: queryKeys.webhooks(companyId),
    queryFn: () => webhooksApi.list(companyId),
  });
  return (
    <Stack gap="lg">
      <PageHeading>Webhooks</PageHeading>
      <Text c="dimmed" size="sm" maw={720}>
        Crewdesk sends a signed POST to your URL when something happens in the company. Each request carries a{" "}
        <Code>crewdesk-signature</Code> header, <Code>t=&lt;unix time&gt;,v1=&lt;HMAC-SHA256&gt;</Code> of{" "}
        <Code>&lt;t&gt;.&lt;body&gt;</Code> with the webhook's secret: check it before you trust the body.
      </Text>
      <AddWebhook companyId={companyId} />
      <section aria-labelledby="webhooks-heading">
        <Title order={2} size="h3" id="webhooks-heading" mb="xs">
          Your webhooks
        </Title>
        {list.isPending ? (
          <LoadingState label="Loading the webhooks" />
        ) : list.isError ? (
          <ErrorState heading="section" error={list.error} onRetry={() => void list.refetch()} />
        ) : list.data.items.length === 0 ? (
          <EmptyState title="No webhook yet">
            Add a URL above to hear of invitations, tasks, imports and the balance as they change.
          </EmptyState>
        ) : (
          <Stack gap="md">
            {list.data.items.map((w) => (
              <WebhookCard key={w.id} companyId={companyId} webhook={w} />
            ))}
          </Stack>
        )}
      </section>
    </Stack>
  );
}

function AddWebhook({ companyId }: { companyId: string }) {
  const client = useQueryClient();
  const [url, setUrl] = useState("");
  const [description, setDescription] = useState("");
  const [events, setEvents] = useState<string[]>([...WEBHOOK_EVENT_TYPES]);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [general, setGeneral] = useState<string | null>(null);
  const [secret, setSecret] = useState<string | null>(null);
  const add = useMutation({
    mutationFn: () =>
      webhooksApi.create(companyId, {
        url: url.trim(),
        events: events as WebhookEventType[],
        ...(description.trim() ? { description: description.trim() } : {}),
      }),
    onSuccess: (created) => {
      setSecret(created.secret);
      setUrl("");
      setDescription("");
      setErrors({});
      setGeneral(null);
      void client.invalidateQueries({ queryKey: queryKeys.webhooks(companyId) });
    },
    onError: (error) => {
      const problem = formProblem(error, ["url", "events", "description"]);
      setErrors(problem.fieldErrors);
      setGeneral(problem.general);
    },
  });
  return (
    <section aria-labelledby="add-webhook-heading">
      <Title order={2} size="h3" id="add-webhook-heading" mb="xs">
        Add a webhook
      </Title>
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          if (events.length === 0) {
            setErrors({ events: "Choose at least one event." });
            return;
          }
          add.mutate();
        }}
      >
        <Stack gap="sm" maw={620}>
          {general && (
            <Alert color="red" variant="light" role="alert">
              {general}
            </Alert>
          )}
          <TextInput
            label="URL"
            description="An https:// address of your system; internal and private addresses are refused."
            placeholder="https://hooks.example.com/crewdesk"
            required
            type="url"
            value={url}
            onChange={(e) => setUrl(e.currentTarget.value)}
            error={errors.url}
          />
          <TextInput
            label="Description"
            description="Optional: what this webhook is for."
            value={description}
            onChange={(e) => setDescription(e.currentTarget.value)}
            error={errors.description}
          />
          <Checkbox.Group label="Events" value={events} onChange={setEvents} error={errors.events} required>
            <Stack gap={6} mt={6}>
              {WEBHOOK_EVENT_TYPES.map((e) => (
                <Checkbox key={e} value={e} label={`${WEBHOOK_EVENT_LABELS[e]} (${e})`} />
              ))}
            </Stack>
          </Checkbox.Group>
          <Group>
            <Button type="submit" loading={add.isPending}>
              Add webhook
            </Button>
          </Group>
          {secret && (
            <Alert color="green" variant="light" role="status" title="Webhook added: copy its secret now">
              <Stack gap="xs">
                <Text size="sm">
                  This secret signs every delivery. It is shown this once; keep it in your system.
                </Text>
                <Group gap="xs" wrap="nowrap">
                  <Code data-testid="webhook-secret" style={{ overflowWrap: "anywhere" }}>
                    {secret}
                  </Code>
                  <CopyButton value={secret}>
                    {({ copied, copy }) => (
                      <Button size="compact-sm" variant="light" onClick={copy}>
                        {copied ? "Copied" : "Copy secret"}
                      </Button>
                    )}
                  </CopyButton>
                </Group>
              </Stack>
            </Alert>
          )}
        </Stack>
      </form>
    </section>
  );
}

function WebhookCard({ companyId, webhook }: { companyId: string; webhook: Webhook }) {
  const client = useQueryClient();
  const [showLog, setShowLog] = useState(false);
  const refresh = () => client.invalidateQueries({ queryKey: queryKeys.webhooks(companyId) });
  const toggle = useMutation({
    mutationFn: () => webhooksApi.update(companyId, webhook.id, { enabled: webhook.status !== "active" }),
    onSettled: refresh,
  });
  const remove = useMutation({
    mutationFn: () => webhooksApi.remove(companyId, webhook.id),
    onSettled: refresh,
  });
  const headingId = `webhook-${webhook.id}`;
  return (
    <Card withBorder padding="md" component="article" aria-labelledby={headingId}>
      <Stack gap="xs">
        <Group justify="space-between" wrap="wrap" gap="xs">
          <Title order={3} size="h4" id={headingId} style={{ overflowWrap: "anywhere" }}>
            {webhook.url}
          </Title>
          <Badge
            color={webhook.status === "active" ? "green" : "red"}
            label={webhook.status === "active" ? "On" : "Off"}
            value={webhook.status}
          />
        </Group>
        {webhook.description && <Text size="sm">{webhook.description}</Text>}
        <Text size="sm" c="dimmed">
          Events: {webhook.events.join(", ")}
        </Text>
        {webhook.status === "disabled" && webhook.disabledReason && (
          <Alert color="red" variant="light" title="This webhook is off">
            {webhook.disabledReason} Fix the receiver, then turn it on again.
          </Alert>
        )}
        <Group gap="xs">
          <Button
            size="compact-sm"
            variant="default"
            onClick={() => setShowLog((v) => !v)}
            aria-expanded={showLog}
          >
            {showLog ? "Hide delivery log" : "Show delivery log"}
          </Button>
          <Button
            size="compact-sm"
            variant="light"
            loading={toggle.isPending}
            onClick={() => toggle.mutate()}
          >
            {webhook.status === "active" ? "Turn off" : "Turn on"}
          </Button>
          <Button
            size="compact-sm"
            variant="subtle"
            color="red"
            loading={remove.isPending}
            onClick={() => remove.mutate()}
          >
            Delete webhook
          </Button>
        </Group>
        {showLog && <DeliveryLog companyId={companyId} webhook={webhook} />}
      </Stack>
    </Card>
  );
}

function DeliveryLog({ companyId, webhook }: { companyId: string; webhook: Webhook }) {
  const client = useQueryClient();
  const key = [...queryKeys.webhooks(companyId), webhook.id, "deliveries"];
  const log = useInfiniteQuery({
    queryKey: key,
    queryFn: ({ pageParam }) => webhooksApi.deliveries(companyId, webhook.id, pageParam),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.nextCursor,
    // Deliveries go out in the background: the log follows them while it is open.
    refetchInterval: 3000,
  });
  const again = useMutation({
    mutationFn: (deliveryId: string) => webhooksApi.redeliver(companyId, webhook.id, deliveryId),
    onSettled: () => client.invalidateQueries({ queryKey: key }),
  });
  const items = log.data?.pages.flatMap((p) => p.items) ?? [];
  if (log.isPending) return <LoadingState label="Loading the delivery log" />;
  if (log.isError)
    return <ErrorState heading="section" error={log.error} onRetry={() => void log.refetch()} />;
  if (items.length === 0) {
    return (
      <Text size="sm" c="dimmed" role="status">
        No delivery yet. The next event the webhook hears will be listed here.
      </Text>
    );
  }
  return (
    <Stack gap="xs">
      {again.isError && (
        <Alert color="red" variant="light" role="alert">
          {formProblem(again.error, []).general}
        </Alert>
      )}
      <ScrollTable minWidth={720} label={`Deliveries to ${webhook.url}`}>
        <Table striped>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Created</Table.Th>
              <Table.Th>Event</Table.Th>
              <Table.Th>Status</Table.Th>
              <Table.Th>Response</Table.Th>
              <Table.Th>Attempts</Table.Th>
              <Table.Th>Actions</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((d) => (
              <Table.Tr key={d.id}>
                <Table.Td style={{ whiteSpace: "nowrap" }}>
                  <DateTimeText iso={d.createdAt} size="sm" />
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{d.eventType}</Text>
                </Table.Td>
                <Table.Td>
                  <Badge
                    color={DELIVERY_COLORS[d.status]}
                    label={DELIVERY_LABELS[d.status]}
                    value={d.status}
                  />
                </Table.Td>
                <Table.Td>
                  <Text size="sm" data-testid="delivery-response">
                    {d.responseStatus !== null ? `HTTP ${d.responseStatus}` : (d.error ?? "—")}
                  </Text>
                </Table.Td>
                <Table.Td>{d.attempts}</Table.Td>
                <Table.Td>
                  <Button
                    size="compact-sm"
                    variant="default"
                    disabled={webhook.status !== "active"}
                    loading={again.isPending && again.variables === d.id}
                    onClick={() => again.mutate(d.id)}
                  >
                    Send again
                  </Button>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </ScrollTable>
      <LoadMore
        hasNextPage={log.hasNextPage}
        loading={log.isFetchingNextPage}
        onLoad={() => void log.fetchNextPage()}
      />
      <Anchor component="button" type="button" size="sm" onClick={() => void log.refetch()}>
        Refresh the log
      </Anchor>
    </Stack>
  );
}
