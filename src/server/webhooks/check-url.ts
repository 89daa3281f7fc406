import { MAX_WEBHOOK_URL_LENGTH } from "../../common/webhooks.ts";
import type { Config } from "../config.ts";
import { invalidField } from "../http/problem.ts";
import { hostOf, RefusedAddress, vetHost } from "./address-guard.ts";

/**
 * A webhook URL as it may be saved: absolute http(s), no credentials in it, and a host that resolves to
 * public addresses only (unless WEBHOOKS_ALLOW_PRIVATE). Answers the normalised URL; refuses with a 400
 * naming `url`.
 */
export async function checkWebhookUrl(config: Config, raw: string): Promise<string> {
  const text = raw.trim();
  if (text.length > MAX_WEBHOOK_URL_LENGTH) {
    throw invalidField("url", `url must be at most ${MAX_WEBHOOK_URL_LENGTH} characters`);
  }
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw invalidField("url", "url must be an absolute URL, e.g. https://hooks.example.com/crewdesk");
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw invalidField("url", "url must start with https:// (or http://)");
  }
  if (url.username || url.password) {
    throw invalidField("url", "url must not carry a user name or password: verify the signature instead");
  }
  try {
    await vetHost(hostOf(url), config.webhooks.allowPrivate);
  } catch (error) {
    if (error instanceof RefusedAddress) throw invalidField("url", error.message);
    throw error;
  }
  url.hash = "";
  return url.toString();
}
