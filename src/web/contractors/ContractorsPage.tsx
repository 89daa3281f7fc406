import { PlaceholderPage } from "../app/PlaceholderPage.tsx";

export function ContractorsPage() {
  return (
    <PlaceholderPage
      title="Contractors"
      intro="Here you will build your team of contractors:"
      items={[
        "Add: invite one or many contractors at once by email, with a welcome message.",
        "Follow each contractor from Invited to Active, live, without refreshing.",
        "See whether each invitation email was delivered, Resend invitation, or Remove a contractor.",
      ]}
    />
  );
}
