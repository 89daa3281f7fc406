import { useQueryClient } from "@tanstack/react-query";
import { useCallback } from "react";
import { useNavigate } from "react-router";
import { api } from "../api/client.ts";
import { type Me, useMe } from "../api/me.ts";

/** The signed-in user inside app pages (RequireSignedIn has made sure there is one). */
export function useSignedInMe(): Me {
  const me = useMe();
  if (!me.data) throw new Error("useSignedInMe used outside RequireSignedIn");
  return me.data;
}

/** Ends the session, forgets everything cached for this user, and opens the sign-in page. */
export function useSignOut(): () => Promise<void> {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  return useCallback(async () => {
    try {
      await api.post<void>("/api/auth/sign-out");
    } finally {
      queryClient.setQueryData(["me"], null);
      queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== "me" });
      await navigate("/sign-in", { replace: true });
    }
  }, [queryClient, navigate]);
}
