import { Text, type TextProps } from "@mantine/core";
import { formatAmount } from "../../common/format.ts";

/** An amount in its currency, in the reader's locale, on one line, digits aligned in columns. */
export function Money({ amount, currency, ...props }: { amount: string; currency: string } & TextProps) {
  return (
    <Text span inherit style={{ whiteSpace: "nowrap", fontVariantNumeric: "tabular-nums" }} {...props}>
      {formatAmount(amount, currency)}
    </Text>
  );
}
