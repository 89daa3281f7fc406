import { isIP } from "node:net";
import type { FastifyRequest } from "fastify";
import type { TrustProxy } from "../config.ts";

type TrustFunction = (address: string, hop: number) => boolean;

/**
 * TRUST_PROXY as Fastify takes it. Fastify reads a bare number as "trust nothing" (it cannot check who the
 * peer is), so a count becomes a function trusting the last `n` hops: the socket's peer and the `n - 1`
 * entries at the right end of X-Forwarded-For, the ones our own proxies wrote. The client's address is the
 * entry just left of them; whatever the client wrote further left is never read.
 */
export function fastifyTrustProxy(trust: TrustProxy): boolean | string[] | TrustFunction {
  if (trust === false) return false;
  if (typeof trust === "number") return (_address, hop) => hop < trust;
  return trust;
}

/** 127.0.0.0/8 and ::1, in either notation an IPv6 socket may report them. */
function isLoopbackAddress(address: string): boolean {
  const plain = address.replace(/^::ffff:/i, "");
  if (isIP(plain) === 4) return plain.startsWith("127.");
  // The URL parser writes an IPv6 address in its one canonical form: 0:0:0:0:0:0:0:1 becomes ::1.
  return isIP(address) === 6 && new URL(`http://[${address}]/`).hostname === "[::1]";
}

function listHeader(value: string | string[] | undefined): string[] {
  if (value === undefined) return [];
  return (Array.isArray(value) ? value.join(",") : value)
    .split(",")
    .map((part) => part.trim())
    .filter(Boolean);
}

/** The `for=` addresses of an RFC 7239 Forwarded header, quotes, brackets and ports removed. */
function forwardedFor(value: string | string[] | undefined): string[] {
  return listHeader(value).flatMap((element) =>
    element
      .split(";")
      .map((pair) => pair.trim())
      .filter((pair) => pair.toLowerCase().startsWith("for="))
      .map((pair) => {
        const node = pair.slice(4).replace(/^"|"$/g, "");
        const bracketed = /^\[([^\]]+)\]/.exec(node);
        if (bracketed?.[1]) return bracketed[1];
        return isIP(node) ? node : node.replace(/:\d+$/, "");
      }),
  );
}

/**
 * A client on this machine: the connection comes from a loopback address, and every address a proxy header
 * names is loopback too. A remote client reaching the app through a local reverse proxy is not local (the
 * proxy names it), and a forged X-Forwarded-For cannot help: it would have to hide the real address, which
 * the proxy appends. Independent of TRUST_PROXY, so no setting can open this to the network.
 */
export function isLoopbackClient(request: FastifyRequest): boolean {
  const peer = request.raw.socket?.remoteAddress;
  if (!peer || !isLoopbackAddress(peer)) return false;
  const { headers } = request;
  const named = [
    ...listHeader(headers["x-forwarded-for"]),
    ...listHeader(headers["x-real-ip"]),
    ...forwardedFor(headers.forwarded),
  ];
  return named.every(isLoopbackAddress);
}

/** Headers a reverse proxy adds; a request carrying any of them came through one, whatever its peer is. */
const PROXY_HEADERS = [
  "forwarded",
  "x-forwarded-for",
  "x-real-ip",
  "x-forwarded-host",
  "x-forwarded-proto",
  "via",
];

/**
 * The request names a proxy (X-Forwarded-For, Forwarded, X-Real-IP, Via, …). Behind a reverse proxy on the
 * same machine every outside request reaches the app from loopback; what it carries is what tells it apart.
 */
export function cameThroughProxy(request: FastifyRequest): boolean {
  return PROXY_HEADERS.some((name) => request.headers[name] !== undefined);
}
