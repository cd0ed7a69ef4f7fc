import { lookup as dnsLookup, LookupAddress } from 'node:dns';
import { BlockList, isIP } from 'node:net';

/**
 * Where a webhook may not be delivered (spec 9): loopback, private, shared (CGNAT), link-local,
 * multicast, reserved and unspecified addresses, so an admin's webhook cannot be used to reach
 * the service's own network. Checked at creation and again, on the address actually connected
 * to, at each delivery (a name may resolve elsewhere by then).
 */
const FORBIDDEN = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) {
  FORBIDDEN.addSubnet(network, prefix, 'ipv4');
}
for (const [network, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const) {
  FORBIDDEN.addSubnet(network, prefix, 'ipv6');
}

const MAPPED_V4 = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i;

export function isForbiddenAddress(address: string): boolean {
  const mapped = MAPPED_V4.exec(address);
  if (mapped) return FORBIDDEN.check(mapped[1], 'ipv4');
  const family = isIP(address);
  if (family === 0) return true;
  return FORBIDDEN.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

/** A destination that may not receive deliveries; its message names no address. */
export class ForbiddenDestinationError extends Error {
  readonly code = 'EFORBIDDENDESTINATION';
  constructor() {
    super('the destination is a loopback, private or otherwise internal address');
    this.name = 'ForbiddenDestinationError';
  }
}

const hostOf = (url: URL): string => url.hostname.replace(/^\[(.*)\]$/, '$1');

function resolveAll(host: string): Promise<LookupAddress[]> {
  return new Promise((resolve, reject) =>
    dnsLookup(host, { all: true }, (error, addresses) =>
      error ? reject(error) : resolve(addresses),
    ),
  );
}

/** Resolves the URL's host and refuses it when any address it names is internal. */
export async function assertPublicDestination(url: string): Promise<void> {
  const host = hostOf(new URL(url));
  const addresses = isIP(host) ? [host] : (await resolveAll(host)).map((entry) => entry.address);
  if (addresses.length === 0 || addresses.some(isForbiddenAddress)) {
    throw new ForbiddenDestinationError();
  }
}

type LookupCallback = (
  error: NodeJS.ErrnoException | null,
  address: string | LookupAddress[],
  family?: number,
) => void;

/**
 * A `lookup` for http.request that checks what the name resolves to at connection time, so the
 * address checked is the address connected to (no window for DNS rebinding).
 */
export function guardedLookup(
  hostname: string,
  options: { all?: boolean },
  callback: LookupCallback,
): void {
  dnsLookup(hostname, { all: true }, (error, addresses) => {
    if (error) return callback(error, []);
    if (addresses.length === 0 || addresses.some((entry) => isForbiddenAddress(entry.address))) {
      return callback(new ForbiddenDestinationError(), []);
    }
    if (options.all) return callback(null, addresses);
    callback(null, addresses[0].address, addresses[0].family);
  });
}

/** The host of a URL when it is an address literal (no lookup happens for those). */
export function literalAddressOf(url: string): string | null {
  const host = hostOf(new URL(url));
  return isIP(host) ? host : null;
}
