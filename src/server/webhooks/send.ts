import http from "node:http";
import https from "node:https";
import type { LookupFunction } from "node:net";
import { hostOf, vetHost } from "./address-guard.ts";

export interface SendResult {
  status: number;
  durationMs: number;
}

/**
 * POSTs `body` to `url`. The host is resolved and vetted here (public addresses only unless
 * `allowPrivate`), and the connection goes to the very address that was vetted: a DNS answer that changes
 * between the check and the connection (rebinding) cannot lead it inside. No redirect is followed; the
 * answer's body is read and dropped. Throws on a refused address, a network error or a timeout.
 */
export async function postWebhook(
  url: URL,
  body: string,
  headers: Record<string, string>,
  options: { allowPrivate: boolean; timeoutMs: number },
): Promise<SendResult> {
  const [chosen] = await vetHost(hostOf(url), options.allowPrivate);
  if (!chosen) throw new Error(`The host ${url.hostname} could not be resolved.`);
  const pinned: LookupFunction = (_hostname, lookupOptions, callback) => {
    if (lookupOptions.all) callback(null, [{ address: chosen.address, family: chosen.family }]);
    else callback(null, chosen.address, chosen.family);
  };
  const started = performance.now();
  const transport = url.protocol === "https:" ? https : http;
  return new Promise<SendResult>((resolve, reject) => {
    const request = transport.request(
      url,
      {
        method: "POST",
        headers: { ...headers, "content-length": String(Buffer.byteLength(body)) },
        lookup: pinned,
        timeout: options.timeoutMs,
        agent: false,
      },
      (response) => {
        response.resume();
        response.on("end", () =>
          resolve({ status: response.statusCode ?? 0, durationMs: Math.round(performance.now() - started) }),
        );
        response.on("error", reject);
      },
    );
    request.on("timeout", () => request.destroy(new Error(`No answer within ${options.timeoutMs} ms.`)));
    request.on("error", reject);
    request.end(body);
  });
}
