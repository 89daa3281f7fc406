import { type QueryClient, useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import { EVENT_NAMES, type EventData, type EventName } from "../../common/events.ts";
import { queryKeys } from "../api/query-keys.ts";
import { dispatchLiveEvent, type LiveListener, queriesChangedBy, subscribeLiveEvent } from "./live-events.ts";

export type LiveStatus = "connecting" | "open" | "closed";

/** Refetches of the same list within this window are merged: a bulk invite sends one event per address. */
const MERGE_MS = 250;
/** After the server refused the stream (e.g. 401, 502), when to try again. */
const RETRY_CLOSED_MS = 5_000;

function mergedInvalidator(queryClient: QueryClient) {
  const pending = new Map<string, readonly string[]>();
  let timer: ReturnType<typeof setTimeout> | null = null;
  const flush = () => {
    timer = null;
    for (const queryKey of pending.values()) void queryClient.invalidateQueries({ queryKey });
    pending.clear();
  };
  return {
    add(keys: readonly (readonly string[])[]) {
      for (const key of keys) pending.set(JSON.stringify(key), key);
      timer ??= setTimeout(flush, MERGE_MS);
    },
    cancel() {
      if (timer) clearTimeout(timer);
      pending.clear();
    },
  };
}

/**
 * Keeps one EventSource on /api/events while `enabled` (signed in). Each event refreshes the queries it
 * changes and reaches the pages' `useLiveEvent` listeners. The stream replays nothing, so every (re)connect
 * refetches what the page shows.
 */
export function useLiveEvents(enabled: boolean): LiveStatus {
  const queryClient = useQueryClient();
  const [status, setStatus] = useState<LiveStatus>("closed");

  useEffect(() => {
    if (!enabled || typeof EventSource === "undefined") return;
    const invalidator = mergedInvalidator(queryClient);
    let source: EventSource | null = null;
    let retry: ReturnType<typeof setTimeout> | null = null;
    let stopped = false;

    const connect = () => {
      setStatus("connecting");
      const es = new EventSource("/api/events", { withCredentials: true });
      source = es;
      es.addEventListener("open", () => {
        setStatus("open");
        // Whatever happened while we were not listening is only in the API: refetch the visible queries.
        void queryClient.invalidateQueries();
      });
      for (const name of EVENT_NAMES) {
        es.addEventListener(name, (event) => {
          let data: EventData<typeof name>;
          try {
            // The server sends each name with its payload (src/common/events.ts).
            data = JSON.parse((event as MessageEvent<string>).data);
          } catch {
            return;
          }
          invalidator.add(queriesChangedBy(name, data));
          dispatchLiveEvent(name, data);
        });
      }
      es.addEventListener("error", () => {
        if (es.readyState === EventSource.CONNECTING) {
          setStatus("connecting");
          return; // the browser retries by itself
        }
        // The server answered with an error (a 401 after the session ended, a proxy's 502): the browser
        // gives up, so we retry, and check whether we are still signed in.
        es.close();
        setStatus("closed");
        void queryClient.invalidateQueries({ queryKey: queryKeys.me(), exact: true });
        if (!stopped) retry = setTimeout(connect, RETRY_CLOSED_MS);
      });
    };
    connect();

    return () => {
      stopped = true;
      if (retry) clearTimeout(retry);
      invalidator.cancel();
      source?.close();
      setStatus("closed");
    };
  }, [enabled, queryClient]);

  return status;
}

/** Runs `handler` for every live event of `name` while the component is mounted. */
export function useLiveEvent<N extends EventName>(name: N, handler: LiveListener<N>): void {
  const latest = useRef(handler);
  latest.current = handler;
  useEffect(() => subscribeLiveEvent(name, (data) => latest.current(data)), [name]);
}
