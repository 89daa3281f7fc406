import { useCallback } from "react";
import { api } from "../api/client.ts";
import { type Me, useMe } from "../api/me.ts";

/** The signed-in user inside app pages (RequireSignedIn has made sure there is one). */
export function useSignedInMe(): Me {
  const me = useMe();
  if (!me.data) throw new Error("useSignedInMe used outside RequireSignedIn");
  return me.data;
}

/**
 * Ends the session, then loads the sign-in page afresh: nothing of this user (cached data, the live-events
 * stream) survives in the tab for whoever uses it next.
 */
export function useSignOut(): () => Promise<void> {
  return useCallback(async () => {
    await api.post<void>("/api/auth/sign-out");
    window.location.replace("/sign-in");
  }, []);
}
