import { type KeyboardEvent, useState } from "react";

/**
 * A Mantine menu as a menu button should behave: opening focuses its first item (theme default), arrows
 * move between items, and Tab closes it, giving the focus back to its button.
 */
export function useMenuState() {
  const [opened, setOpened] = useState(false);
  return {
    menuProps: { opened, onChange: setOpened },
    dropdownProps: {
      onKeyDown: (event: KeyboardEvent<HTMLDivElement>) => {
        if (event.key !== "Tab") return;
        event.preventDefault();
        setOpened(false);
        // Back to the button that opened it (it names the menu with aria-controls).
        const id = event.currentTarget.id;
        if (id) document.querySelector<HTMLElement>(`[aria-controls="${CSS.escape(id)}"]`)?.focus();
      },
    },
  };
}
