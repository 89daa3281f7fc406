import {
  Alert,
  Anchor,
  Button,
  Checkbox,
  Group,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Title,
  VisuallyHidden,
} from "@mantine/core";
import { useForm } from "@mantine/form";
import { notifications } from "@mantine/notifications";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useMemo, useState } from "react";
import { Link, useLocation, useNavigate, useSearchParams } from "react-router";
import { countryOptions } from "../../common/countries.ts";
import { AGREEMENT_REQUIRED, type ProfileTextField, profileFieldProblem } from "../../common/profile.ts";
import { showProblemInForm } from "../api/forms.ts";
import { homePath } from "../api/me.ts";
import { queryKeys } from "../api/query-keys.ts";
import { lastCompanyId } from "../app/last-company.ts";
import { FormAlert } from "../auth/FormAlert.tsx";
import { companyList, joinedFrom } from "../auth/joined.ts";
import { useRefreshSession } from "../auth/session-refresh.ts";
import { PageHeading, usePageTitle } from "../ui/page.tsx";
import { ErrorState, FullPageLoader } from "../ui/states.tsx";
import {
  fetchProfile,
  type Profile,
  type ProfileValues,
  profileQueryKey,
  saveProfile,
  valuesOf,
} from "./profile-api.ts";

/** The field's rule of src/common/profile.ts, as the form checks it. */
const rule = (field: ProfileTextField) => (value: string) => profileFieldProblem(field, value);

function ProfileForm({ profile, onboarding }: { profile: Profile; onboarding: boolean }) {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const refreshSession = useRefreshSession();
  const countries = useMemo(() => countryOptions(), []);
  const [problem, setProblem] = useState<string | null>(null);
  const form = useForm<ProfileValues>({
    mode: "controlled",
    initialValues: valuesOf(profile),
    validate: {
      firstName: rule("firstName"),
      lastName: rule("lastName"),
      country: rule("country"),
      city: rule("city"),
      address: rule("address"),
      postalCode: rule("postalCode"),
      taxId: rule("taxId"),
      phone: rule("phone"),
      agreementAccepted: (value) => (value ? null : AGREEMENT_REQUIRED),
    },
  });

  const saving = useMutation({
    mutationFn: saveProfile,
    onSuccess: async (saved, values) => {
      queryClient.setQueryData(profileQueryKey, saved);
      const me = await refreshSession();
      notifications.show({
        color: "green",
        title: "Saved",
        message: "Your required information is complete.",
      });
      if (onboarding && me) await navigate(homePath(me, lastCompanyId()), { replace: true });
      else form.resetDirty(values);
    },
    onError: (error) => setProblem(showProblemInForm(form, error)),
  });

  const submit = form.onSubmit((values) => {
    setProblem(null);
    saving.mutate(values);
  });

  return (
    <form onSubmit={submit} noValidate aria-label="Required information">
      <Stack gap="md">
        <FormAlert>{problem}</FormAlert>
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md" verticalSpacing="md">
          <TextInput
            label="Legal first name"
            description="In Latin letters, as in your passport"
            autoComplete="given-name"
            required
            {...form.getInputProps("firstName")}
          />
          <TextInput
            label="Legal last name"
            description="In Latin letters, as in your passport"
            autoComplete="family-name"
            required
            {...form.getInputProps("lastName")}
          />
          <Select
            label="Country"
            description="Where you are resident for tax"
            placeholder="Type to search"
            data={countries}
            searchable
            nothingFoundMessage="No country by that name"
            autoComplete="off"
            required
            {...form.getInputProps("country")}
            onChange={(value) => form.setFieldValue("country", value ?? "")}
          />
          <TextInput
            label="City"
            description="Where you live"
            autoComplete="address-level2"
            required
            {...form.getInputProps("city")}
          />
          <TextInput
            label="Address"
            description="Street, house number, apartment"
            autoComplete="street-address"
            required
            {...form.getInputProps("address")}
          />
          <TextInput
            label="Postal code"
            description="ZIP code or postcode"
            autoComplete="postal-code"
            required
            {...form.getInputProps("postalCode")}
          />
          <TextInput
            label="Tax ID"
            description="Your tax identification number"
            required
            {...form.getInputProps("taxId")}
          />
          <TextInput
            label="Phone"
            description="With the country code, e.g. +49 30 1234567"
            type="tel"
            autoComplete="tel"
            required
            {...form.getInputProps("phone")}
          />
        </SimpleGrid>
        <Checkbox
          label="I accept the service agreement"
          description={
            // Outside the label: following the link must not tick the box.
            <>
              Read the{" "}
              <Anchor href="/agreement" target="_blank" rel="noopener" size="sm">
                service agreement
                <VisuallyHidden> (opens in a new tab)</VisuallyHidden>
              </Anchor>{" "}
              first: it opens in a new tab, and what you typed here stays.
            </>
          }
          {...form.getInputProps("agreementAccepted", { type: "checkbox" })}
        />
        <Group justify="flex-end">
          {onboarding && (
            <Button variant="default" component={Link} to="/my/tasks">
              Later
            </Button>
          )}
          <Button type="submit" loading={saving.isPending}>
            Save
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** The required information: asked for after choosing a password (`?onboarding=1`), editable later. */
export function ProfilePage() {
  usePageTitle("Profile");
  const [params] = useSearchParams();
  const onboarding = params.get("onboarding") === "1";
  // Arriving from a set-password link that accepted invitations: which companies the person joined.
  const joined = joinedFrom(useLocation().state);
  const profile = useQuery({ queryKey: profileQueryKey, queryFn: ({ signal }) => fetchProfile(signal) });
  const queryClient = useQueryClient();

  // Completing it changes what /api/me says (profileComplete): keep the banners in step.
  useEffect(() => {
    if (profile.data?.complete) void queryClient.invalidateQueries({ queryKey: queryKeys.me(), exact: true });
  }, [profile.data?.complete, queryClient]);

  if (profile.isPending) return <FullPageLoader label="Loading your profile" />;
  if (profile.isError) return <ErrorState error={profile.error} onRetry={() => void profile.refetch()} />;

  return (
    <Stack gap="md" maw={800}>
      <PageHeading>Profile</PageHeading>
      {joined.length > 0 && (
        <Alert color="green" variant="light" role="status" title="Invitation accepted">
          You joined {companyList(joined)}.
        </Alert>
      )}
      {onboarding && !profile.data.complete ? (
        <Alert color="indigo" variant="light" title="One more step: your required information">
          The companies that invited you need it to work with you and pay you. Until it is complete they see
          you as Invited. You can already look at your tasks: choose Later, and we will remind you.
        </Alert>
      ) : (
        <Text c="dimmed">
          {profile.data.complete
            ? "Your required information is complete. Change it here whenever it changes."
            : "Complete your required information: until you do, companies see you as Invited."}
        </Text>
      )}
      <Paper withBorder p={{ base: "md", sm: "lg" }} radius="md">
        <Title order={2} size="h4" mb="md">
          Required information
        </Title>
        <ProfileForm profile={profile.data} onboarding={onboarding} />
      </Paper>
    </Stack>
  );
}
