import { PlaceholderPage } from "../app/PlaceholderPage.tsx";

export function ProfilePage() {
  return (
    <PlaceholderPage
      title="Profile"
      intro="Here you will fill in the required information that makes you Active with the companies you work for:"
      items={[
        "Legal first and last name, country, city, address and postal code.",
        "Tax ID and phone number.",
        "Acceptance of the service agreement.",
      ]}
    />
  );
}
