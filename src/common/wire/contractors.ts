import { type Static, Type } from "@sinclair/typebox";
import { CONTRACTOR_STATUSES } from "../contractor-status.ts";
import { MailDeliverySchema } from "./mail.ts";
import { PageSchema } from "./page.ts";

export const ContractorStatusSchema = Type.Union(CONTRACTOR_STATUSES.map((s) => Type.Literal(s)));

/**
 * The contract's contractor object; `id` is the company–contractor relation. Nothing in it tells whether the
 * address had an account before the invitation: no account id, no time before the invitation.
 */
export const ContractorSchema = Type.Object({
  id: Type.String({ description: "The company–contractor relation" }),
  email: Type.String(),
  name: Type.String({
    description:
      "Before the contractor accepts: the display name this company typed, else the address's local part. After acceptance, once the required information is complete: the legal name from it.",
  }),
  status: ContractorStatusSchema,
  invitedAt: Type.String(),
  activatedAt: Type.Union([Type.String(), Type.Null()]),
  invitationEmail: Type.Union([MailDeliverySchema, Type.Null()]),
});
export type Contractor = Static<typeof ContractorSchema>;

export const ContractorPageSchema = PageSchema(ContractorSchema);
export type ContractorPage = Static<typeof ContractorPageSchema>;

export const InviteOutcomeSchema = Type.Union([
  Type.Literal("invited"),
  Type.Literal("already_in_team"),
  Type.Literal("invalid"),
]);
export type InviteOutcome = Static<typeof InviteOutcomeSchema>;
/** format: not an address; glued: several addresses written without a separator; self: the inviter's own. */
const InviteInvalidReasonSchema = Type.Union([
  Type.Literal("format"),
  Type.Literal("glued"),
  Type.Literal("self"),
]);

/** One entry of POST /api/companies/{cid}/contractors/invitations' `results`. */
export const InviteResultSchema = Type.Object({
  email: Type.String(),
  outcome: InviteOutcomeSchema,
  contractorId: Type.Optional(Type.String()),
  reason: Type.Optional(InviteInvalidReasonSchema),
});
export type InviteResult = Static<typeof InviteResultSchema>;

export const InviteResponseSchema = Type.Object({ results: Type.Array(InviteResultSchema) });
export type InviteResponse = Static<typeof InviteResponseSchema>;

/** POST /api/invitations/accept and /api/me/invitations/{contractorId}/accept. */
export const AcceptedInvitationSchema = Type.Object({
  contractorId: Type.String(),
  companyId: Type.String(),
  companyName: Type.String(),
  status: ContractorStatusSchema,
});
export type AcceptedInvitation = Static<typeof AcceptedInvitationSchema>;
