/**
 * The person asking for help: a signed-in user, or a visitor without a session, known only by the
 * conversation their cookie proves (null before their first message).
 */
export type ChatPerson =
  | { kind: "user"; userId: string; name: string; email: string }
  | { kind: "guest"; conversationId: string | null; ip: string };
