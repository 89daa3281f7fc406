import { Type } from "@sinclair/typebox";
import { MAX_INVITES_PER_SUBMISSION } from "../../common/email-list.ts";
import { MAX_WELCOME_MESSAGE_LENGTH } from "../../common/invitations.ts";
import { ContractorStatusSchema } from "../../common/wire/contractors.ts";
import { MAX_PAGE_SIZE } from "./queries.ts";

// The requests of the contractors routes; the objects they answer with are in src/common/wire/contractors.ts.

const Id = Type.String({ maxLength: 64 });

export const CompanyParams = Type.Object({ cid: Id });
export const ContractorParams = Type.Object({ cid: Id, id: Id });
export const InvitationParams = Type.Object({ contractorId: Id });

export const InviteBody = Type.Object({
  emails: Type.String({
    maxLength: 200_000,
    description: `Addresses separated by commas, semicolons, spaces or new lines, or "Name <address>" lists; at most ${MAX_INVITES_PER_SUBMISSION} entries of any kind (valid, repeated or not), else 400. Results come in the order typed.`,
  }),
  message: Type.Optional(Type.String({ maxLength: MAX_WELCOME_MESSAGE_LENGTH })),
});

export const ListQuery = Type.Object({
  status: Type.Optional(ContractorStatusSchema),
  q: Type.Optional(
    Type.String({
      maxLength: 200,
      description: "Search: each word typed must be the start of a word of the name or email, in any case",
    }),
  ),
  cursor: Type.Optional(Id),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_PAGE_SIZE, default: 50 })),
  total: Type.Optional(
    Type.Boolean({
      description: "true with the first page: the answer's `total` says how many match, counted up to 10,000",
    }),
  ),
});

export const TokenBody = Type.Object({ token: Type.String({ minLength: 1, maxLength: 200 }) });
