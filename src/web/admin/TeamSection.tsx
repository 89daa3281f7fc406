import {
  Badge,
  Button,
  Group,
  Modal,
  NativeSelect,
  Stack,
  Table,
  Text,
  TextInput,
  VisuallyHidden,
} from "@mantine/core";
import { useForm } from "@mantine/form";
import { notifications } from "@mantine/notifications";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useNavigate } from "react-router";
import { ROLE_DESCRIPTIONS } from "../../common/admin.ts";
import type { Member } from "../../common/wire/admin.ts";
import type { CompanyRole } from "../../common/wire/me.ts";
import { Section } from "../account/Section.tsx";
import { api } from "../api/client.ts";
import { showProblemInForm } from "../api/forms.ts";
import { describeError } from "../api/problem.ts";
import { queryKeys } from "../api/query-keys.ts";
import { useSignedInMe } from "../app/session.ts";
import { FormAlert } from "../auth/FormAlert.tsx";
import { DateTimeText } from "../ui/dates.tsx";
import { ScrollTable } from "../ui/ScrollTable.tsx";
import { ErrorState, LoadingState } from "../ui/states.tsx";
import { companyPath, ROLE_OPTIONS, settingsKeys, useMembers } from "./admin-api.ts";

/** The team: owners and managers, added by email, their roles changed, removed. */
export function TeamSection({ companyId }: { companyId: string }) {
  const members = useMembers(companyId);
  return (
    <Section
      id="team"
      title="Team"
      description={`Owners: ${ROLE_DESCRIPTIONS.owner} Managers: ${ROLE_DESCRIPTIONS.manager}`}
    >
      <Stack gap="lg">
        <AddMemberForm companyId={companyId} />
        {members.isPending ? (
          <LoadingState label="Loading the team" />
        ) : members.isError ? (
          <ErrorState
            heading="section"
            title="The team could not be loaded"
            error={members.error}
            onRetry={() => void members.refetch()}
          />
        ) : (
          <MemberTable companyId={companyId} members={members.data.items} />
        )}
      </Stack>
    </Section>
  );
}

function AddMemberForm({ companyId }: { companyId: string }) {
  const queryClient = useQueryClient();
  const [problem, setProblem] = useState<string | null>(null);
  const form = useForm({
    mode: "controlled",
    initialValues: { email: "", role: "manager" as CompanyRole },
    validate: {
      email: (v) => (/^\S+@\S+$/.test(v.trim()) ? null : "Enter an email address, like name@example.com."),
    },
  });
  const add = useMutation({
    mutationFn: (values: typeof form.values) => api.post<Member>(companyPath(companyId, "/members"), values),
    onSuccess: async (member) => {
      form.reset();
      notifications.show({
        color: "green",
        title: "Member added",
        message: `We emailed ${member.email}: a new address gets a link to choose a password.`,
      });
      await queryClient.invalidateQueries({ queryKey: settingsKeys.members(companyId) });
    },
    onError: (error) => setProblem(showProblemInForm(form, error)),
  });
  return (
    <form
      noValidate
      aria-label="Add a team member"
      onSubmit={form.onSubmit((values) => {
        setProblem(null);
        add.mutate(values);
      })}
    >
      <Stack gap="sm">
        <FormAlert>{problem}</FormAlert>
        <Group align="flex-start" gap="sm" wrap="wrap">
          <TextInput
            label="Email address"
            type="email"
            autoComplete="off"
            required
            style={{ flex: "1 1 240px" }}
            {...form.getInputProps("email")}
          />
          <NativeSelect
            label="Role"
            data={ROLE_OPTIONS}
            style={{ flex: "0 1 160px" }}
            {...form.getInputProps("role")}
          />
        </Group>
        <Group>
          <Button type="submit" loading={add.isPending}>
            Add member
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function MemberTable({ companyId, members }: { companyId: string; members: Member[] }) {
  return (
    <ScrollTable minWidth={560} label="Team members">
      <Table verticalSpacing="sm" highlightOnHover>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Email</Table.Th>
            <Table.Th>Role</Table.Th>
            <Table.Th>Added</Table.Th>
            <Table.Th>
              <VisuallyHidden>Actions</VisuallyHidden>
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {members.map((member) => (
            <MemberRow key={member.userId} companyId={companyId} member={member} />
          ))}
        </Table.Tbody>
      </Table>
    </ScrollTable>
  );
}

function MemberRow({ companyId, member }: { companyId: string; member: Member }) {
  const me = useSignedInMe();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [confirming, setConfirming] = useState(false);
  const self = member.userId === me.user.id;
  const refresh = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: settingsKeys.members(companyId) }),
      self ? queryClient.invalidateQueries({ queryKey: queryKeys.me() }) : Promise.resolve(),
    ]);
  const changeRole = useMutation({
    mutationFn: (role: CompanyRole) =>
      api.patch<Member>(companyPath(companyId, `/members/${encodeURIComponent(member.userId)}`), { role }),
    onSuccess: async (changed) => {
      notifications.show({
        color: "green",
        title: "Role changed",
        message: `${changed.email} is now ${changed.role === "owner" ? "an owner" : "a manager"}.`,
      });
      if (self && changed.role !== "owner")
        await navigate(`/companies/${encodeURIComponent(companyId)}/contractors`);
      await refresh();
    },
    onError: (error) =>
      notifications.show({ color: "red", title: "The role was not changed", message: describeError(error) }),
  });
  const remove = useMutation({
    mutationFn: () =>
      api.delete<void>(companyPath(companyId, `/members/${encodeURIComponent(member.userId)}`)),
    onSuccess: async () => {
      setConfirming(false);
      notifications.show({
        color: "green",
        title: self ? "You left the team" : "Member removed",
        message: self
          ? "You no longer have access to this company."
          : `${member.email} no longer has access.`,
      });
      if (self) await navigate("/");
      await refresh();
    },
  });
  return (
    <Table.Tr>
      <Table.Td style={{ overflowWrap: "anywhere" }}>
        <Group gap="xs">
          <Text size="sm">{member.email}</Text>
          {self && (
            <Badge variant="light" color="gray" style={{ flexShrink: 0, overflow: "visible" }}>
              You
            </Badge>
          )}
        </Group>
      </Table.Td>
      <Table.Td>
        <NativeSelect
          aria-label={`Role of ${member.email}`}
          data={ROLE_OPTIONS}
          value={member.role}
          disabled={changeRole.isPending}
          onChange={(event) => changeRole.mutate(event.currentTarget.value as CompanyRole)}
          w={130}
        />
      </Table.Td>
      <Table.Td>
        <DateTimeText iso={member.addedAt} size="sm" />
      </Table.Td>
      <Table.Td ta="right">
        <Button
          variant="subtle"
          color="red"
          c="red.9"
          size="compact-sm"
          onClick={() => {
            remove.reset();
            setConfirming(true);
          }}
          aria-label={self ? "Leave the team" : `Remove ${member.email}`}
        >
          {self ? "Leave" : "Remove"}
        </Button>
        <Modal
          opened={confirming}
          onClose={() => setConfirming(false)}
          title={self ? "Leave the team?" : `Remove ${member.email}?`}
          styles={{ title: { fontWeight: 700 } }}
        >
          <Stack gap="md">
            <Text size="sm" ta="left">
              {self
                ? "You lose access to this company at once. An owner can add you again."
                : `${member.email} loses access to this company at once: their next page shows it is not found. You can add them again later.`}
            </Text>
            {remove.error && (
              <Text size="sm" c="red.8" role="alert" ta="left">
                {describeError(remove.error)}
              </Text>
            )}
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setConfirming(false)} data-autofocus>
                Cancel
              </Button>
              <Button color="red" onClick={() => remove.mutate()} loading={remove.isPending}>
                {self ? "Leave" : "Remove"}
              </Button>
            </Group>
          </Stack>
        </Modal>
      </Table.Td>
    </Table.Tr>
  );
}
