import { Anchor, Text } from "@mantine/core";
import { useEffect } from "react";
import { Link, Outlet, useParams } from "react-router";
import { usePageTitle } from "../ui/page.tsx";
import { ErrorState } from "../ui/states.tsx";
import { rememberCompany } from "./last-company.ts";
import { useSignedInMe } from "./session.ts";

/** The company of a `/companies/:cid/…` page, as the signed-in user sees it (CompanyScope checked it). */
export function useCurrentCompany(): { id: string; name: string } {
  const me = useSignedInMe();
  const { cid } = useParams();
  const company = me.companies.find((c) => c.id === cid);
  return company ?? { id: cid ?? "", name: "" };
}

/** `/companies/:cid/…`: only the companies the user belongs to; any other id is simply not found. */
export function CompanyScope() {
  const me = useSignedInMe();
  const { cid } = useParams();
  const company = me.companies.find((c) => c.id === cid);
  useEffect(() => {
    if (company) rememberCompany(company.id);
  }, [company]);
  if (!company) return <CompanyNotFound />;
  return <Outlet />;
}

function CompanyNotFound() {
  usePageTitle("Company not found");
  return (
    <ErrorState title="Company not found">
      <Text>
        You are not a member of this company, or it does not exist. Check the address, or{" "}
        <Anchor component={Link} to="/">
          go to your home page
        </Anchor>
        .
      </Text>
    </ErrorState>
  );
}
