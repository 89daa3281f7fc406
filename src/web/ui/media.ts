import { useMediaQuery } from "@mantine/hooks";

/** Mantine's "sm" breakpoint: below it the navigation is a drawer, lists are cards, filters are a sheet. */
export const PHONE_QUERY = "(max-width: 47.99em)";

export function useIsPhone(): boolean {
  return useMediaQuery(PHONE_QUERY) ?? false;
}
