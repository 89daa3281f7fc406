/**
 * The platform's fee on an amount, in minor units: `basisPoints` hundredths of a percent, rounded half up
 * to the minor unit. Computed in BigInt: amounts times percentages can pass 2^53.
 */
export function feeFor(amountMinor: number, basisPoints: number): number {
  if (basisPoints === 0) return 0;
  return Number((BigInt(amountMinor) * BigInt(basisPoints) + 5000n) / 10000n);
}
