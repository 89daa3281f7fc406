import { createContext, useCallback, useContext } from "react";
import { api } from "../api/client.ts";
import type { Me } from "../api/me.ts";

/**
 * The signed-in user, as RequireSignedIn last saw them. A page keeps reading it while the session ends under
 * it (its own request answered 401 first): the next render of RequireSignedIn takes it to the sign-in page.
 */
export const SignedInUser = createContext<Me | null>(null);

/** The signed-in user inside app pages (RequireSignedIn has made sure there is one). */
export function useSignedInMe(): Me {
  const me = useContext(SignedInUser);
  if (!me) throw new Error("useSignedInMe used outside RequireSignedIn");
  return me;
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
