import { PlaceholderPage } from "../app/PlaceholderPage.tsx";
import { AuthLayout } from "../auth/AuthLayout.tsx";

/** `/invitation?token=…`: the token has already left the address bar (see auth/link-token.ts). */
export function InvitationPage() {
  return (
    <AuthLayout>
      <PlaceholderPage
        title="Invitation"
        intro="Here you will accept a company's invitation with the account you already have:"
        items={[
          "See which company invited you.",
          "Sign in with the invited email address, then accept to join the team.",
        ]}
      />
    </AuthLayout>
  );
}
