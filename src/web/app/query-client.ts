import { MutationCache, QueryCache, QueryClient } from "@tanstack/react-query";
import { TWO_STEP_REQUIRED_PROBLEM, TWO_STEP_SETUP_PATH } from "../../common/account.ts";
import { ApiError, NETWORK_STATUS } from "../api/problem.ts";

/** A 4xx will answer the same next time: only network failures and 5xx are worth retrying. */
export function shouldRetry(failureCount: number, error: unknown): boolean {
  if (failureCount >= 2) return false;
  if (!(error instanceof ApiError)) return false;
  return error.status === NETWORK_STATUS || error.status >= 500;
}

/**
 * Where an error should take the person instead of being shown: a company that requires two-step sign-in
 * of a member without it leads them to set it up on the Account page (unless they are there already).
 */
export function redirectFor(error: unknown, pathname: string): string | null {
  if (!(error instanceof ApiError) || error.problem.type !== TWO_STEP_REQUIRED_PROBLEM) return null;
  return pathname === "/account" ? null : TWO_STEP_SETUP_PATH;
}

/**
 * `leadTo` moves the app to another address (the router's own navigation, so a page in the middle of
 * loading is not reloaded from scratch when several requests answer the same way).
 */
export function createQueryClient(leadTo: (to: string) => void): QueryClient {
  const leadAway = (error: unknown) => {
    const to = redirectFor(error, window.location.pathname);
    if (to) leadTo(to);
  };
  return new QueryClient({
    queryCache: new QueryCache({ onError: leadAway }),
    mutationCache: new MutationCache({ onError: leadAway }),
    defaultOptions: {
      queries: { retry: shouldRetry, staleTime: 10_000 },
      mutations: { retry: false },
    },
  });
}
