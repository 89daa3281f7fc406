import { Stack, Text } from "@mantine/core";
import { useCurrentCompany } from "../app/CompanyScope.tsx";
import { NotFoundPage } from "../app/NotFoundPage.tsx";
import { useSignedInMe } from "../app/session.ts";
import { PageHeading, usePageTitle } from "../ui/page.tsx";
import { ErrorState, LoadingState } from "../ui/states.tsx";
import { useCompanySettings } from "./admin-api.ts";
import { CompanyNameSection } from "./CompanyNameSection.tsx";
import { TeamSection } from "./TeamSection.tsx";
import { TokensSection } from "./TokensSection.tsx";

/** `/companies/:cid/settings`: the company's name, team and API tokens. Owners only; to others it does not exist. */
export function SettingsPage() {
  const me = useSignedInMe();
  const company = useCurrentCompany();
  const owner = me.companies.some((c) => c.id === company.id && c.role === "owner");
  if (!owner) return <NotFoundPage />;
  return <OwnerSettings companyId={company.id} />;
}

function OwnerSettings({ companyId }: { companyId: string }) {
  const settings = useCompanySettings(companyId);
  usePageTitle("Settings", settings.data?.name);
  if (settings.isPending) return <LoadingState label="Loading the settings" />;
  if (settings.isError) return <ErrorState error={settings.error} onRetry={() => void settings.refetch()} />;
  return (
    <Stack gap="lg" maw={960}>
      <div>
        <PageHeading>Settings</PageHeading>
        <Text c="dimmed">Who works in {settings.data.name}, and what may reach it from outside.</Text>
      </div>
      <CompanyNameSection company={settings.data} />
      <TeamSection companyId={companyId} />
      <TokensSection companyId={companyId} />
    </Stack>
  );
}
