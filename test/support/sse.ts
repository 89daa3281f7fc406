import type { FastifyInstance } from "fastify";

export interface SseEvent {
  event: string;
  // biome-ignore lint/suspicious/noExplicitAny: event data is asserted field by field
  data: any;
}

/** A live `/api/events` stream read over real HTTP, as a browser's EventSource would. */
export interface SseStream {
  events: SseEvent[];
  /** Resolves with the first event (already received or still to come) that matches. */
  waitFor(predicate: (event: SseEvent) => boolean, timeoutMs?: number): Promise<SseEvent>;
  /** True once the server has ended the stream. */
  readonly ended: boolean;
  /**
   * Resolves with the milliseconds from `since` (default: now) to the server ending the stream; rejects
   * if it is still open after `timeoutMs`.
   */
  waitForEnd(timeoutMs?: number, since?: number): Promise<number>;
  close(): void;
}

/** Listens on a free local port (once) and returns the base URL. */
export async function listenLocally(app: FastifyInstance): Promise<string> {
  const address = app.server.address();
  if (address && typeof address === "object") return `http://127.0.0.1:${address.port}`;
  await app.listen({ port: 0, host: "127.0.0.1" });
  const bound = app.server.address();
  if (!bound || typeof bound !== "object") throw new Error("not listening");
  return `http://127.0.0.1:${bound.port}`;
}

function parseBlock(block: string): SseEvent | null {
  let event = "message";
  const data: string[] = [];
  for (const line of block.split("\n")) {
    if (line.startsWith("event: ")) event = line.slice(7);
    else if (line.startsWith("data: ")) data.push(line.slice(6));
  }
  if (data.length === 0) return null;
  return { event, data: JSON.parse(data.join("\n")) };
}

/**
 * Opens the event stream with the given cookies and resolves once the server has answered its first bytes,
 * i.e. once the subscription exists: events published after that are delivered.
 */
export async function openEventStream(baseUrl: string, cookies: Map<string, string>): Promise<SseStream> {
  const controller = new AbortController();
  const cookie = [...cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  const res = await fetch(`${baseUrl}/api/events`, { headers: { cookie }, signal: controller.signal });
  if (res.status !== 200 || !res.body) throw new Error(`/api/events answered ${res.status}`);
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  const events: SseEvent[] = [];
  let buffer = "";
  let endedAt: number | null = null;
  const first = await reader.read();
  buffer += decoder.decode(first.value ?? new Uint8Array(), { stream: true });
  const pump = async () => {
    try {
      for (;;) {
        const blocks = buffer.split("\n\n");
        buffer = blocks.pop() ?? "";
        for (const block of blocks) {
          const parsed = parseBlock(block);
          if (parsed) events.push(parsed);
        }
        const { value, done } = await reader.read();
        if (done) {
          endedAt = performance.now();
          return;
        }
        buffer += decoder.decode(value, { stream: true });
      }
    } catch {
      // Aborted by close().
    }
  };
  void pump();
  return {
    events,
    async waitFor(predicate, timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = events.find(predicate);
        if (found) return found;
        if (Date.now() > deadline)
          throw new Error(`no matching event within ${timeoutMs} ms (got ${JSON.stringify(events)})`);
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    get ended() {
      return endedAt !== null;
    },
    async waitForEnd(timeoutMs = 5000, since = performance.now()) {
      const deadline = since + timeoutMs;
      for (;;) {
        if (endedAt !== null) return endedAt - since;
        if (performance.now() > deadline) throw new Error(`the stream was still open after ${timeoutMs} ms`);
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    close: () => controller.abort(),
  };
}
