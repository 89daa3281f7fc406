import { Anchor, Text } from "@mantine/core";
import { Link } from "react-router";
import { usePageTitle } from "../ui/page.tsx";
import { ErrorState } from "../ui/states.tsx";

export function NotFoundPage() {
  usePageTitle("Page not found");
  return (
    <ErrorState title="Page not found">
      <Text>
        There is no page at this address. Check it for typos, or{" "}
        <Anchor component={Link} to="/">
          go to your home page
        </Anchor>
        .
      </Text>
    </ErrorState>
  );
}
