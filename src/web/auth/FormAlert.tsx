import { Alert } from "@mantine/core";
import type { ReactNode } from "react";

/** The error above a form that no field takes; announced to screen readers as it appears. */
export function FormAlert({ children, title }: { children: ReactNode; title?: string }) {
  if (!children) return null;
  return (
    <Alert color="red" variant="light" role="alert" title={title}>
      {children}
    </Alert>
  );
}
