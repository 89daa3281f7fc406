import { useEffect, useMemo, useState } from "react";
import { useLocation } from "react-router";
import type { TokenInfo } from "../../common/wire/auth.ts";
import { api } from "../api/client.ts";
import { ApiError } from "../api/problem.ts";
import { linkToken } from "./link-token.ts";

export type { TokenInfo };

/** What a page opened from an emailed link knows about its link: one state, not a pile of booleans. */
export type LinkState =
  | { kind: "missing" }
  | { kind: "checking" }
  | { kind: "gone" }
  | { kind: "failed"; error: unknown; retry: () => void }
  | { kind: "ready"; token: string; info: TokenInfo };

/** Reads (never uses) the token the page was opened with. */
export function useLinkState(): LinkState {
  const { pathname } = useLocation();
  const token = useMemo(() => linkToken(pathname), [pathname]);
  const [attempt, setAttempt] = useState(0);
  const [state, setState] = useState<LinkState>(token ? { kind: "checking" } : { kind: "missing" });

  // biome-ignore lint/correctness/useExhaustiveDependencies: `attempt` re-runs the inspection after a failure
  useEffect(() => {
    if (!token) return;
    const controller = new AbortController();
    setState({ kind: "checking" });
    api
      .post<TokenInfo>("/api/auth/tokens/inspect", { token })
      .then((info) => {
        if (!controller.signal.aborted) setState({ kind: "ready", token, info });
      })
      .catch((error: unknown) => {
        if (controller.signal.aborted) return;
        if (error instanceof ApiError && error.status === 410) setState({ kind: "gone" });
        else setState({ kind: "failed", error, retry: () => setAttempt((n) => n + 1) });
      });
    return () => controller.abort();
  }, [token, attempt]);

  return state;
}
