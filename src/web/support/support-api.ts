import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { SupportConversationStatus } from "../../common/support.ts";
import type {
  SupportChat,
  SupportContext,
  SupportConversation,
  SupportConversationPage,
  SupportMessage,
  SupportMessagePage,
  SupportMessagePosted,
  SupportThread,
} from "../../common/wire/support.ts";
import { api } from "../api/client.ts";
import { queryKeys } from "../api/query-keys.ts";

export type {
  SupportChat,
  SupportContext,
  SupportConversation,
  SupportMessage,
  SupportMessagePage,
  SupportThread,
};

const enc = encodeURIComponent;

/** Messages in order, each once: a live event and a refetch may bring the same message. */
export function mergeMessages(current: SupportMessage[], incoming: SupportMessage[]): SupportMessage[] {
  const byId = new Map(current.map((m) => [m.id, m]));
  for (const m of incoming) byId.set(m.id, m);
  return [...byId.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

// The person's side -------------------------------------------------------------------------------------

export function useSupportChat(enabled: boolean) {
  return useQuery({
    queryKey: queryKeys.supportChat(),
    queryFn: ({ signal }) => api.get<SupportChat>("/api/support/chat", signal),
    enabled,
    staleTime: 30_000,
  });
}

export interface SendInput {
  body: string;
  conversationId?: string;
  guestName?: string;
  guestEmail?: string;
}

/** Writing to support; the message shows at once in the chat (the live event may come before or after). */
export function useSendSupportMessage() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: SendInput) => api.post<SupportMessagePosted>("/api/support/messages", input),
    onSuccess: (posted) => {
      const current = queryClient.getQueryData<SupportChat>(queryKeys.supportChat());
      if (current?.conversation?.id === posted.conversationId) {
        queryClient.setQueryData<SupportChat>(queryKeys.supportChat(), {
          ...current,
          conversation: { ...current.conversation, status: "open" },
          messages: { ...current.messages, items: mergeMessages(current.messages.items, [posted.message]) },
        });
      } else {
        // A new conversation (and, for a visitor, a new cookie): read it whole.
        void queryClient.invalidateQueries({ queryKey: queryKeys.supportChat() });
      }
    },
  });
}

export function markChatRead(conversationId: string, through: string): Promise<void> {
  return api.post<void>("/api/support/chat/read", { conversationId, through });
}

export function openGuestLink(token: string): Promise<SupportChat> {
  return api.post<SupportChat>("/api/support/guest-link", { token });
}

export function fetchEarlierChatMessages(
  conversationId: string,
  before: string,
): Promise<SupportMessagePage> {
  return api.get<SupportMessagePage>(
    `/api/support/chat/messages?conversationId=${enc(conversationId)}&before=${enc(before)}`,
  );
}

// The console ------------------------------------------------------------------------------------------

export type ConsoleFilter = SupportConversationStatus | "all";

export function useConversations(filter: ConsoleFilter) {
  return useInfiniteQuery({
    queryKey: queryKeys.supportConversations(filter),
    queryFn: ({ pageParam, signal }) => {
      const params = new URLSearchParams();
      if (filter !== "all") params.set("status", filter);
      if (pageParam) params.set("cursor", pageParam);
      const query = params.toString();
      return api.get<SupportConversationPage>(
        `/api/support/conversations${query ? `?${query}` : ""}`,
        signal,
      );
    },
    initialPageParam: "",
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

export function useThread(conversationId: string) {
  return useQuery({
    queryKey: queryKeys.supportConversation(conversationId),
    queryFn: ({ signal }) =>
      api.get<SupportThread>(`/api/support/conversations/${enc(conversationId)}`, signal),
  });
}

export function fetchEarlierThreadMessages(
  conversationId: string,
  before: string,
): Promise<SupportMessagePage> {
  return api.get<SupportMessagePage>(
    `/api/support/conversations/${enc(conversationId)}/messages?before=${enc(before)}`,
  );
}

export function usePersonContext(conversationId: string) {
  return useQuery({
    queryKey: queryKeys.supportContext(conversationId),
    queryFn: ({ signal }) =>
      api.get<SupportContext>(`/api/support/conversations/${enc(conversationId)}/context`, signal),
  });
}

export function useReply(conversationId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: string) =>
      api.post<SupportMessagePosted>(`/api/support/conversations/${enc(conversationId)}/messages`, { body }),
    onSuccess: (posted) => {
      queryClient.setQueryData<SupportThread>(queryKeys.supportConversation(conversationId), (thread) =>
        thread
          ? {
              ...thread,
              conversation: { ...thread.conversation, unread: 0 },
              messages: { ...thread.messages, items: mergeMessages(thread.messages.items, [posted.message]) },
            }
          : thread,
      );
    },
  });
}

export function useConversationMove(conversationId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (move: "close" | "reopen") =>
      api.post<SupportConversation>(`/api/support/conversations/${enc(conversationId)}/${move}`),
    onSuccess: (conversation) => {
      queryClient.setQueryData<SupportThread>(queryKeys.supportConversation(conversationId), (thread) =>
        thread ? { ...thread, conversation } : thread,
      );
      void queryClient.invalidateQueries({ queryKey: ["support", "conversations", "list"] });
    },
  });
}

export function markThreadRead(conversationId: string, through: string): Promise<void> {
  return api.post<void>(`/api/support/conversations/${enc(conversationId)}/read`, { through });
}

export function useResendInvitation(conversationId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (contractorId: string) =>
      api.post<SupportContext>(
        `/api/support/conversations/${enc(conversationId)}/contractors/${enc(contractorId)}/resend-invitation`,
      ),
    onSuccess: (context) => queryClient.setQueryData(queryKeys.supportContext(conversationId), context),
  });
}
