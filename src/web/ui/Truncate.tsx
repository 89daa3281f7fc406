import { Text, type TextProps } from "@mantine/core";

/**
 * Text cut with an ellipsis where there is no room for all of it. The whole text stays in the page (screen
 * readers read it all) and shows on hover.
 */
export function Truncate({ children, ...props }: { children: string } & TextProps) {
  return (
    <Text truncate="end" title={children} {...props}>
      {children}
    </Text>
  );
}
