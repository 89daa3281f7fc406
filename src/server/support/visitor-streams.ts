import { hashSecret } from "../auth/tokens.ts";
import type { Config } from "../config.ts";
import type { StreamAudience, StreamCredentials } from "../events/streams.ts";
import { guestChannel } from "./events.ts";
import { guestCookieName } from "./guest-cookie.ts";

/**
 * Event streams of visitors without an account: their conversation cookie proves one conversation, and the
 * stream hears that conversation's channel only. The registry keeps the secret's hash, never the secret,
 * and re-reads it like a session: once the token expires the stream ends.
 */
export function visitorStreams(config: Config): StreamCredentials {
  return {
    kind: "support visitor",
    of(request) {
      const secret = request.cookies[guestCookieName(config)];
      return secret ? hashSecret(secret) : null;
    },
    async read(db, hashes, now) {
      const audiences = new Map<string, StreamAudience>();
      if (hashes.length === 0) return audiences;
      const rows = await db
        .selectFrom("support_guest_tokens")
        .select(["token_hash", "conversation_id"])
        .where("token_hash", "in", hashes)
        .where("kind", "=", "cookie")
        .where("expires_at", ">", now.toISOString())
        .execute();
      for (const row of rows) {
        audiences.set(row.token_hash, {
          userId: null,
          companyIds: [],
          channels: [guestChannel(row.conversation_id)],
        });
      }
      return audiences;
    },
  };
}
