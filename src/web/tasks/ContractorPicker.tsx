import {
  Button,
  CloseButton,
  Combobox,
  Group,
  InputBase,
  Loader,
  Paper,
  Stack,
  Text,
  TextInput,
  useCombobox,
} from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { type KeyboardEvent, useId, useRef, useState } from "react";
import { normalizeEmail } from "../../common/email.ts";
import { useMe } from "../api/me.ts";
import { describeError } from "../api/problem.ts";
import { queryKeys } from "../api/query-keys.ts";
import { Badge, StatusBadge } from "../ui/StatusBadge.tsx";
import { Truncate } from "../ui/Truncate.tsx";
import { type ContractorOption, contractorsApi } from "./api.ts";

/** Typing pauses this long before the server is asked: one request per word typed, not per key. */
const SEARCH_DEBOUNCE_MS = 250;
const INVITE_OPTION = "__invite__";

interface ContractorPickerProps {
  companyId: string;
  label: string;
  value: ContractorOption | null;
  onChange: (contractor: ContractorOption | null) => void;
  /**
   * Offers "Invite a new contractor" (the task form, not a list filter): the address typed is chosen as the
   * contractor, and the task's own request invites it when the task is saved.
   */
  onInvite?: ((email: string) => void) | undefined;
  /** The address chosen through "Invite a new contractor", until the task is saved. */
  invitee?: string | null;
  error?: string | undefined;
  disabled?: boolean;
  placeholder?: string;
}

/**
 * A searchable picker over the company's contractors. The server searches (q=, the start of any word of the
 * name or email) and answers 20 at most, so it stays fast with 100,000 contractors.
 */
export function ContractorPicker({
  companyId,
  label,
  value,
  onChange,
  onInvite,
  invitee = null,
  error,
  disabled = false,
  placeholder = "Search by name or email",
}: ContractorPickerProps) {
  const combobox = useCombobox({ onDropdownClose: () => combobox.resetSelectedOption() });
  const inputRef = useRef<HTMLInputElement>(null);
  const allowInvite = onInvite !== undefined;
  const chosen = value?.name ?? invitee ?? "";
  const [search, setSearch] = useState(chosen);
  const [editing, setEditing] = useState(false);
  const [inviting, setInviting] = useState(false);
  // While the chosen name is shown, the list is not filtered by it.
  const typed = editing && search !== chosen ? search.trim() : "";
  const [q] = useDebouncedValue(typed, SEARCH_DEBOUNCE_MS);

  const results = useQuery({
    queryKey: [...queryKeys.contractors(companyId), "picker", q],
    queryFn: ({ signal }) => contractorsApi.search(companyId, q, signal),
    enabled: combobox.dropdownOpened,
    placeholderData: keepPreviousData,
    staleTime: 10_000,
  });

  const choose = (contractor: ContractorOption | null) => {
    onChange(contractor);
    setSearch(contractor?.name ?? "");
    setEditing(false);
    combobox.closeDropdown();
  };

  const openInvite = () => {
    combobox.closeDropdown();
    setEditing(false);
    setSearch(chosen);
    setInviting(true);
  };

  const items = results.data?.items.filter((c) => c.status !== "removed") ?? [];
  const emailTyped = normalizeEmail(typed) !== null;

  return (
    <Stack gap={6}>
      <Combobox
        store={combobox}
        withinPortal
        onOptionSubmit={(id) => {
          if (id === INVITE_OPTION) {
            openInvite();
            return;
          }
          const contractor = items.find((c) => c.id === id);
          if (contractor) choose(contractor);
        }}
      >
        <Combobox.Target withExpandedAttribute>
          <InputBase
            ref={inputRef}
            label={label}
            placeholder={placeholder}
            value={search}
            disabled={disabled}
            error={error}
            // In the task form the email tells two people of one name apart; a filter row keeps one line.
            description={allowInvite && value && !editing ? value.email : undefined}
            autoComplete="off"
            aria-autocomplete="list"
            onChange={(event) => {
              setSearch(event.currentTarget.value);
              setEditing(true);
              combobox.openDropdown();
              combobox.updateSelectedOptionIndex();
            }}
            onClick={() => combobox.openDropdown()}
            onFocus={(event) => {
              event.currentTarget.select();
              combobox.openDropdown();
            }}
            onBlur={() => {
              combobox.closeDropdown();
              setEditing(false);
              setSearch(chosen);
            }}
            rightSectionWidth={value || invitee ? 104 : undefined}
            rightSection={
              (value || invitee) && !disabled ? (
                <Group gap={4} wrap="nowrap" pr={4}>
                  {value ? (
                    <StatusBadge kind="contractor" status={value.status} />
                  ) : (
                    <Badge label="New" color="indigo" value="new" />
                  )}
                  <CloseButton size="sm" aria-label={`Clear ${label}`} onClick={() => choose(null)} />
                </Group>
              ) : results.isFetching && combobox.dropdownOpened ? (
                <Loader size="xs" aria-hidden />
              ) : (
                <Combobox.Chevron />
              )
            }
          />
        </Combobox.Target>
        <Combobox.Dropdown>
          <Combobox.Options aria-label={`${label} matches`}>
            {/* The matches scroll; "Invite a new contractor" stays in view below them. */}
            <div style={{ maxHeight: 280, overflowY: "auto" }}>
              {results.isError ? (
                <Combobox.Empty>{describeError(results.error)}</Combobox.Empty>
              ) : items.length === 0 && !results.isPending ? (
                <Combobox.Empty>{q ? `No contractor matches “${q}”.` : "No contractors yet."}</Combobox.Empty>
              ) : (
                items.map((c) => (
                  <Combobox.Option value={c.id} key={c.id} active={c.id === value?.id}>
                    <Group justify="space-between" wrap="nowrap" gap="xs">
                      <div style={{ minWidth: 0 }}>
                        <Truncate size="sm">{c.name}</Truncate>
                        <Truncate size="xs" c="dimmed">
                          {c.email}
                        </Truncate>
                      </div>
                      <StatusBadge kind="contractor" status={c.status} />
                    </Group>
                  </Combobox.Option>
                ))
              )}
              {results.data?.nextCursor && (
                <Text size="xs" c="dimmed" px="sm" py={6}>
                  Showing the first {items.length}. Type more of a name or email to narrow the list.
                </Text>
              )}
            </div>
            {allowInvite && (
              <Combobox.Option
                value={INVITE_OPTION}
                style={{ borderTop: "1px solid var(--mantine-color-gray-3)", borderRadius: 0 }}
              >
                <Text size="sm" fw={600} c="indigo.8">
                  {emailTyped ? `Invite ${typed} as a new contractor` : "Invite a new contractor"}
                </Text>
              </Combobox.Option>
            )}
          </Combobox.Options>
        </Combobox.Dropdown>
      </Combobox>

      {onInvite && !inviting && (
        <Group gap="xs">
          <Button variant="subtle" size="compact-sm" onClick={openInvite} disabled={disabled}>
            Invite a new contractor
          </Button>
          {invitee && (
            <Text size="sm" c="green.9" role="status">
              {invitee} will be invited when you save the task.
            </Text>
          )}
        </Group>
      )}
      {onInvite && inviting && (
        <InviteContractorForm
          initialEmail={emailTyped ? typed : ""}
          onCancel={() => {
            setInviting(false);
            inputRef.current?.focus();
          }}
          onInvite={(email) => {
            setInviting(false);
            combobox.closeDropdown();
            setEditing(false);
            setSearch(email);
            onInvite(email);
          }}
        />
      )}
    </Stack>
  );
}

/**
 * "Invite a new contractor" → email → "Invite", inside the task form. Nothing is sent yet: the address
 * becomes the task's contractor, and saving the task invites it in the same request (`contractorEmail`),
 * so a task abandoned in the form invites nobody. It is not a <form> of its own (forms do not nest): Enter
 * in its field invites instead of submitting the task.
 */
function InviteContractorForm({
  initialEmail,
  onCancel,
  onInvite,
}: {
  initialEmail: string;
  onCancel: () => void;
  onInvite: (email: string) => void;
}) {
  const me = useMe().data;
  const [email, setEmail] = useState(initialEmail);
  const [error, setError] = useState<string | null>(null);
  const id = useId();

  const invite = () => {
    const address = normalizeEmail(email);
    if (!address) {
      setError("Enter an email address such as name@example.com.");
      return;
    }
    // The server refuses it too (the task's contractorEmail); said here, before the task is filled in.
    if (address === me?.user.email) {
      setError("That is your own address: invite someone else.");
      return;
    }
    onInvite(address);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === "Enter") {
      event.preventDefault();
      invite();
    } else if (event.key === "Escape") {
      event.preventDefault();
      event.stopPropagation();
      onCancel();
    }
  };

  return (
    <Paper withBorder p="sm" radius="md" bg="gray.0" role="group" aria-labelledby={`${id}-title`}>
      <Stack gap="xs">
        <Text id={`${id}-title`} size="sm" fw={600}>
          Invite a new contractor
        </Text>
        <Text size="xs" c="dimmed">
          When you save the task, they get an email with their login details and the task is theirs.
        </Text>
        <TextInput
          label="Contractor's email"
          type="email"
          inputMode="email"
          autoComplete="off"
          data-autofocus
          // Escape here closes this sub-form, not the task form around it (Mantine's modal reads this).
          data-mantine-stop-propagation="true"
          // The sub-form opens on request: moving the focus into it is what the user expects.
          autoFocus
          value={email}
          onChange={(event) => setEmail(event.currentTarget.value)}
          onKeyDown={onKeyDown}
          error={error}
        />
        <Group gap="xs">
          <Button size="sm" onClick={invite}>
            Invite
          </Button>
          <Button size="sm" variant="default" onClick={onCancel}>
            Cancel
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}
