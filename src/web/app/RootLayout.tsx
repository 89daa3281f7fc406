import { useLocation } from "react-router";
import { useMe } from "../api/me.ts";
import { useLiveEvents } from "../events/useLiveEvents.ts";
import { SupportWidget } from "../support/SupportWidget.tsx";
import { useSupportChat } from "../support/support-api.ts";
import { NavigationFocus } from "../ui/page.tsx";

/**
 * Around every page: the heading takes the focus after each navigation, the live-events stream (a signed-in user's, or a visitor's with a support
 * conversation) and the Support button. Support agents answer from their console and get no button.
 */
export function RootLayout() {
  const me = useMe();
  const { pathname } = useLocation();
  const user = me.data?.user ?? null;
  const isAgent = user?.platformRole === "support";
  const chat = useSupportChat(me.isSuccess && !isAgent);
  const guestConversation = !user ? (chat.data?.conversation?.id ?? null) : null;
  useLiveEvents(user ? `user:${user.id}` : guestConversation ? `guest:${guestConversation}` : null);
  return (
    <>
      <NavigationFocus />
      {/* /support shows the chat in the page itself. */}
      {!me.isPending && !isAgent && pathname !== "/support" && <SupportWidget />}
    </>
  );
}
