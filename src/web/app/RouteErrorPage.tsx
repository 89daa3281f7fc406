import { Anchor, Text } from "@mantine/core";
import { useRouteError } from "react-router";
import { usePageTitle } from "../ui/page.tsx";
import { ErrorState } from "../ui/states.tsx";

/** A page that crashed: say so, and offer the two ways out. */
export function RouteErrorPage() {
  const error = useRouteError();
  usePageTitle("Something went wrong");
  return (
    <ErrorState
      title="Something went wrong on this page"
      error={error}
      onRetry={() => window.location.reload()}
    >
      <Text>
        Reload the page to try again. If it keeps happening, <Anchor href="/">go to your home page</Anchor>{" "}
        and contact support.
      </Text>
    </ErrorState>
  );
}
