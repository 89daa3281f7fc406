import { useQueryClient } from "@tanstack/react-query";
import { useCallback } from "react";
import { fetchMe, type Me } from "../api/me.ts";
import { queryKeys } from "../api/query-keys.ts";

/** After the session changed (signed in, signed up, password set): load who we are now, forgetting the rest. */
export function useRefreshSession(): () => Promise<Me | null> {
  const queryClient = useQueryClient();
  return useCallback(async () => {
    queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== "me" });
    const me = await queryClient.fetchQuery({
      queryKey: queryKeys.me(),
      queryFn: () => fetchMe(),
      staleTime: 0,
    });
    return me;
  }, [queryClient]);
}
