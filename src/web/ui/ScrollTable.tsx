import { Table } from "@mantine/core";
import type { ReactNode } from "react";

/**
 * A table wider than a phone scrolls sideways inside its own region. The region takes keyboard focus, so
 * it can be scrolled with the arrow keys (WCAG 2.1.1), and is named for screen readers.
 */
export function ScrollTable({
  minWidth,
  label,
  children,
}: {
  minWidth: number;
  label: string;
  children: ReactNode;
}) {
  return (
    <Table.ScrollContainer
      minWidth={minWidth}
      scrollAreaProps={{ viewportProps: { tabIndex: 0, role: "region", "aria-label": label } }}
    >
      {children}
    </Table.ScrollContainer>
  );
}
