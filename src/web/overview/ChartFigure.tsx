import { Paper, Stack, Text, Title, VisuallyHidden } from "@mantine/core";
import { type ReactNode, useId } from "react";
import { formatCount } from "../../common/format.ts";

export interface ChartRow {
  label: string;
  value: number;
  /** How the table writes the value, when not as a count (an amount of money). */
  text?: string;
}

/**
 * A chart with its words: a heading, a one-line summary everyone reads, the picture (hidden from screen
 * readers, which get the same numbers as a table instead), and what to do next if anything.
 */
export function ChartFigure({
  title,
  summary,
  rows,
  labelHeading = "Status",
  valueHeading,
  chart,
  children,
  testId,
}: {
  title: string;
  summary: ReactNode;
  rows: readonly ChartRow[];
  /** The table's column of names ("Status", "Step"). */
  labelHeading?: string;
  /** The table's column of numbers ("Contractors", "Tasks"). */
  valueHeading: string;
  chart: ReactNode;
  children?: ReactNode;
  testId?: string;
}) {
  const headingId = useId();
  return (
    <Paper withBorder radius="md" p="md" component="section" aria-labelledby={headingId} data-testid={testId}>
      <Stack gap="sm">
        <div>
          <Title order={2} size="h4" id={headingId}>
            {title}
          </Title>
          <Text size="sm" c="dimmed">
            {summary}
          </Text>
        </div>
        {/* inert: nothing in the picture takes the focus, whatever the chart library adds. */}
        <div aria-hidden="true" inert>
          {chart}
        </div>
        <VisuallyHidden>
          <table>
            <caption>{title}</caption>
            <thead>
              <tr>
                <th scope="col">{labelHeading}</th>
                <th scope="col">{valueHeading}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.label}>
                  <th scope="row">{row.label}</th>
                  <td>{row.text ?? formatCount(row.value)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </VisuallyHidden>
        {children}
      </Stack>
    </Paper>
  );
}
