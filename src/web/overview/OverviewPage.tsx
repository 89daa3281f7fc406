import "@mantine/charts/styles.css";
import { BarChart, DonutChart } from "@mantine/charts";
import { Anchor, Button, Group, Paper, SimpleGrid, Stack, Text } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { Link } from "react-router";
import { CONTRACTOR_STATUS_LABELS, CONTRACTOR_STATUSES } from "../../common/contractor-status.ts";
import { formatCount, formatDuration, plural, today } from "../../common/format.ts";
import { FINAL_STATUSES, TASK_STATUS_LABELS, TASK_STATUSES } from "../../common/task-status.ts";
import { queryKeys } from "../api/query-keys.ts";
import { useCurrentCompany } from "../app/CompanyScope.tsx";
import { PageHeading, usePageTitle } from "../ui/page.tsx";
import { CONTRACTOR_COLORS, TASK_COLORS } from "../ui/StatusBadge.tsx";
import { EmptyState, ErrorState, LoadingState } from "../ui/states.tsx";
import { ChartFigure } from "./ChartFigure.tsx";
import { MoneyPerMonth } from "./MoneyPerMonth.tsx";
import { type CompanyOverview, fetchCompanyOverview } from "./overview-api.ts";

/**
 * The charts are pictures of the numbers beside them: not focusable, not announced (see ChartFigure). Each
 * bar's name carries its number ("Invited 3"), readable at any length of bar, zero included.
 */
const QUIET = { accessibilityLayer: false } as const;
const shade = (color: string) => `${color}.${color === "gray" ? 5 : 6}`;

function percent(part: number, whole: number): string {
  return whole === 0 ? "0%" : `${Math.round((part / whole) * 100)}%`;
}

/** One number that matters, large, with what it counts. */
function Stat({
  label,
  value,
  testId,
  alert,
}: {
  label: string;
  value: string;
  testId: string;
  alert?: boolean;
}) {
  return (
    <Paper withBorder radius="md" p="md" data-testid={testId}>
      <Text size="sm" c="dimmed" fw={600}>
        {label}
      </Text>
      <Text fz={28} fw={700} lh={1.2} c={alert ? "red.9" : undefined} data-value>
        {value}
      </Text>
    </Paper>
  );
}

function Stats({ overview }: { overview: CompanyOverview }) {
  const { contractors, funnel, tasks } = overview;
  const open = TASK_STATUSES.filter((s) => !FINAL_STATUSES.includes(s)).reduce(
    (sum, s) => sum + tasks.byStatus[s],
    0,
  );
  return (
    <SimpleGrid cols={{ base: 2, sm: 3, lg: 5 }} spacing="sm">
      <Stat label="Active contractors" value={formatCount(contractors.active)} testId="stat-active" />
      <Stat label="Invited, not yet Active" value={formatCount(contractors.invited)} testId="stat-invited" />
      <Stat label="Open tasks" value={formatCount(open)} testId="stat-open-tasks" />
      <Stat
        label="Overdue tasks"
        value={formatCount(tasks.overdue)}
        testId="stat-overdue"
        alert={tasks.overdue > 0}
      />
      <Stat
        label="Median time to Active"
        value={funnel.medianSecondsToActive === null ? "—" : formatDuration(funnel.medianSecondsToActive)}
        testId="stat-median"
      />
    </SimpleGrid>
  );
}

function ContractorsByStatus({ overview }: { overview: CompanyOverview }) {
  const rows = CONTRACTOR_STATUSES.map((s) => ({
    label: CONTRACTOR_STATUS_LABELS[s],
    value: overview.contractors[s],
    color: shade(CONTRACTOR_COLORS[s]),
  }));
  const current = overview.contractors.invited + overview.contractors.active;
  return (
    <ChartFigure
      title="Contractors by status"
      summary={`${plural(current, "contractor", "contractors")} in the team: ${formatCount(overview.contractors.active)} Active, ${formatCount(overview.contractors.invited)} Invited.`}
      rows={rows}
      valueHeading="Contractors"
      testId="chart-contractors"
      chart={
        <Group gap="lg" wrap="nowrap" align="center">
          <DonutChart
            data={rows
              .filter((r) => r.value > 0)
              .map((r) => ({ name: r.label, value: r.value, color: r.color }))}
            size={140}
            thickness={24}
            withTooltip={false}
            chartLabel={formatCount(current)}
            pieChartProps={QUIET}
            // recharts makes a pie focusable by default; this one is a picture of the legend beside it.
            pieProps={{ rootTabIndex: -1 }}
          />
          <Stack gap={4} component="ul" p={0} m={0} style={{ listStyle: "none" }}>
            {rows.map((r) => (
              <Group key={r.label} gap="xs" component="li" wrap="nowrap">
                <span
                  style={{
                    width: 10,
                    height: 10,
                    borderRadius: 5,
                    background: `var(--mantine-color-${r.color.replace(".", "-")})`,
                  }}
                />
                <Text size="sm">
                  {r.label}: <strong>{formatCount(r.value)}</strong>
                </Text>
              </Group>
            ))}
          </Stack>
        </Group>
      }
    />
  );
}

function InvitationFunnel({ overview }: { overview: CompanyOverview }) {
  const { funnel } = overview;
  const rows = [
    { label: "Invited", value: funnel.invited, color: "yellow.6" },
    { label: "Accepted", value: funnel.accepted, color: "blue.6" },
    { label: "Active", value: funnel.active, color: "green.7" },
  ];
  const median =
    funnel.medianSecondsToActive === null
      ? "Nobody is Active yet."
      : `Median time from invitation to Active: ${formatDuration(funnel.medianSecondsToActive)}.`;
  return (
    <ChartFigure
      title="Invitation funnel"
      summary={`${formatCount(funnel.active)} of ${plural(funnel.invited, "invitation", "invitations")} (${percent(funnel.active, funnel.invited)}) led to an Active contractor. ${median}`}
      rows={rows}
      labelHeading="Step"
      valueHeading="Contractors"
      testId="chart-funnel"
      chart={
        <BarChart
          h={rows.length * 44 + 20}
          data={rows.map((r) => ({
            step: `${r.label} ${formatCount(r.value)}`,
            count: r.value,
            color: r.color,
          }))}
          dataKey="step"
          orientation="vertical"
          series={[{ name: "count", label: "Contractors", color: "indigo.6" }]}
          withTooltip={false}
          withXAxis={false}
          gridAxis="none"
          yAxisProps={{ width: 110 }}
          barChartProps={QUIET}
        />
      }
    />
  );
}

function TasksByStatus({ overview, companyId }: { overview: CompanyOverview; companyId: string }) {
  const { tasks } = overview;
  const rows = TASK_STATUSES.map((s) => ({
    label: TASK_STATUS_LABELS[s],
    value: tasks.byStatus[s],
    color: shade(TASK_COLORS[s]),
  }));
  const total = rows.reduce((sum, r) => sum + r.value, 0);
  const busiest = [...rows].sort((a, b) => b.value - a.value)[0];
  return (
    <ChartFigure
      title="Tasks by status"
      summary={`${plural(total, "task", "tasks")}${busiest && busiest.value > 0 ? `, most of them ${busiest.label}` : ""}.`}
      rows={rows}
      valueHeading="Tasks"
      testId="chart-tasks"
      chart={
        <BarChart
          h={rows.length * 32 + 20}
          data={rows.map((r) => ({
            status: `${r.label} ${formatCount(r.value)}`,
            count: r.value,
            color: r.color,
          }))}
          dataKey="status"
          orientation="vertical"
          series={[{ name: "count", label: "Tasks", color: "indigo.6" }]}
          withTooltip={false}
          withXAxis={false}
          gridAxis="none"
          yAxisProps={{ width: 120 }}
          barChartProps={QUIET}
        />
      }
    >
      {tasks.overdue > 0 && (
        <Text size="sm" c="red.9" fw={600}>
          {plural(tasks.overdue, "task is", "tasks are")} past the deadline.{" "}
          <Anchor component={Link} to={`/companies/${encodeURIComponent(companyId)}/tasks`} size="sm">
            Open Tasks
          </Anchor>
        </Text>
      )}
    </ChartFigure>
  );
}

/** The company's home: its team and its tasks at a glance, live. */
export function OverviewPage() {
  const company = useCurrentCompany();
  const cid = company.id;
  usePageTitle("Overview", company.name);
  const day = today();
  const overview = useQuery({
    queryKey: [...queryKeys.overview(cid), day] as const,
    queryFn: ({ signal }) => fetchCompanyOverview(cid, day, signal),
    placeholderData: (previous) => previous,
  });
  const base = `/companies/${encodeURIComponent(cid)}`;

  if (overview.isPending) {
    return (
      <Stack gap="md">
        <PageHeading>Overview</PageHeading>
        <LoadingState label="Loading the overview" />
      </Stack>
    );
  }
  if (overview.isError && !overview.data) {
    return (
      <Stack gap="md">
        <PageHeading>Overview</PageHeading>
        <ErrorState
          heading="section"
          title="The overview could not be loaded"
          error={overview.error}
          onRetry={() => void overview.refetch()}
        />
      </Stack>
    );
  }
  const data = overview.data;
  const noTeam = data.funnel.invited === 0;
  const noTasks = TASK_STATUSES.every((s) => data.tasks.byStatus[s] === 0);

  return (
    <Stack gap="md">
      <PageHeading>Overview</PageHeading>
      {!(noTeam && noTasks) && <Stats overview={data} />}
      {noTeam ? (
        <EmptyState
          title="Invite your first contractor"
          action={
            <Button component={Link} to={`${base}/contractors`}>
              Go to Contractors
            </Button>
          }
        >
          In Contractors, click Add and enter one or many email addresses. Their progress to Active shows
          here.
        </EmptyState>
      ) : (
        <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
          <ContractorsByStatus overview={data} />
          <InvitationFunnel overview={data} />
        </SimpleGrid>
      )}
      {noTasks ? (
        <EmptyState
          title="Create your first task"
          action={
            <Button component={Link} to={`${base}/tasks`} variant={noTeam ? "default" : "filled"}>
              Go to Tasks
            </Button>
          }
        >
          In Tasks, click Add, or import many at once. Their statuses and what is overdue show here.
        </EmptyState>
      ) : (
        <TasksByStatus overview={data} companyId={cid} />
      )}
      <MoneyPerMonth
        title="Spend per month"
        items={data.spend}
        empty="No payments yet. When you accept a task's result, its payment and the fee show here, per month and currency."
      />
    </Stack>
  );
}
