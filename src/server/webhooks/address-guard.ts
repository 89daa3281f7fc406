import { lookup } from "node:dns/promises";
import { BlockList, isIP } from "node:net";

/**
 * SSRF: where a webhook may not point. Loopback, private (RFC 1918, unique local), shared (CGNAT),
 * link-local (cloud metadata lives at 169.254.169.254), multicast, unspecified and reserved addresses, in
 * IPv4 and IPv6; an IPv4-mapped or IPv4-compatible IPv6 address is judged by its IPv4 address.
 */
const refused = new BlockList();
for (const [net, bits] of [
  ["0.0.0.0", 8],
  ["10.0.0.0", 8],
  ["100.64.0.0", 10],
  ["127.0.0.0", 8],
  ["169.254.0.0", 16],
  ["172.16.0.0", 12],
  ["192.0.0.0", 24],
  ["192.168.0.0", 16],
  ["198.18.0.0", 15],
  ["224.0.0.0", 4],
  ["240.0.0.0", 4],
] as const) {
  refused.addSubnet(net, bits, "ipv4");
}
for (const [net, bits] of [
  ["::", 128],
  ["::1", 128],
  ["fc00::", 7],
  ["fe80::", 10],
  ["fec0::", 10],
  ["ff00::", 8],
  ["64:ff9b::", 96],
  ["2001:db8::", 32],
] as const) {
  refused.addSubnet(net, bits, "ipv6");
}

/** The IPv4 address inside an IPv4-mapped (::ffff:a.b.c.d) or -compatible (::a.b.c.d) IPv6 address. */
function embeddedIpv4(address: string): string | null {
  const lower = address.toLowerCase();
  const dotted = /^::(?:ffff:(?:0:)?)?(\d+\.\d+\.\d+\.\d+)$/.exec(lower);
  if (dotted?.[1]) return dotted[1];
  const hex = /^::(?:ffff:(?:0:)?)?([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(lower);
  if (hex?.[1] && hex[2]) {
    const high = Number.parseInt(hex[1], 16);
    const low = Number.parseInt(hex[2], 16);
    return `${high >> 8}.${high & 255}.${low >> 8}.${low & 255}`;
  }
  return null;
}

/** True when a webhook may not be delivered to this IP address. */
export function isRefusedAddress(address: string): boolean {
  const version = isIP(address);
  if (version === 4) return refused.check(address, "ipv4");
  if (version === 6) {
    const v4 = embeddedIpv4(address);
    if (v4) return refused.check(v4, "ipv4");
    return refused.check(address, "ipv6");
  }
  return true;
}

export class RefusedAddress extends Error {}

/** The URL's host without the brackets of an IPv6 literal. */
export function hostOf(url: URL): string {
  return url.hostname.replace(/^\[|\]$/g, "");
}

/**
 * Resolves the host and answers its addresses, refusing (RefusedAddress) when any of them is one a webhook
 * may not reach, unless `allowPrivate`. A host that does not resolve is refused too.
 */
export async function vetHost(
  host: string,
  allowPrivate: boolean,
): Promise<{ address: string; family: number }[]> {
  let addresses: { address: string; family: number }[];
  if (isIP(host)) addresses = [{ address: host, family: isIP(host) }];
  else {
    try {
      addresses = await lookup(host, { all: true, verbatim: true });
    } catch {
      throw new RefusedAddress(`The host ${host} could not be resolved.`);
    }
  }
  if (addresses.length === 0) throw new RefusedAddress(`The host ${host} could not be resolved.`);
  if (!allowPrivate) {
    const bad = addresses.find((a) => isRefusedAddress(a.address));
    if (bad) {
      throw new RefusedAddress(
        `${host} resolves to ${bad.address}, a loopback, private, link-local or otherwise internal address: webhooks only go to public addresses.`,
      );
    }
  }
  return addresses;
}
