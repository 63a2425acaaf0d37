import * as ipaddr from 'ipaddr.js';

/** An inclusive range of addresses of one family, as integers. */
export interface AddressRange {
  /** Address family. */
  readonly family: 'ipv4' | 'ipv6';
  /** First address, as an integer. */
  readonly first: bigint;
  /** Last address, as an integer. */
  readonly last: bigint;
  /** The text the range was parsed from. */
  readonly source: string;
}

function toBigInt(addr: ipaddr.IPv4 | ipaddr.IPv6): bigint {
  return addr.toByteArray().reduce((acc, byte) => (acc << 8n) | BigInt(byte), 0n);
}

/** Strict: IPv4 in four-part dotted decimal only (ipaddr.js also accepts `10.1` and hex forms). */
function isStrictAddress(text: string): boolean {
  return ipaddr.IPv4.isValidFourPartDecimal(text) || (text.includes(':') && ipaddr.IPv6.isValid(text));
}

function parseAddress(text: string): ipaddr.IPv4 | ipaddr.IPv6 {
  if (!isStrictAddress(text)) throw new Error(`"${text}" is not an IPv4 or IPv6 address`);
  return ipaddr.parse(text);
}

/**
 * Parses a MetalLB pool entry: a CIDR (`192.168.50.240/29`, `fd00::/120`) or an inclusive range
 * (`192.168.50.240-192.168.50.247`). Throws a message that says what is wrong with the text.
 */
export function parseAddressRange(text: string): AddressRange {
  const source = text.trim();
  if (source.includes('/')) {
    let parsed: [ipaddr.IPv4 | ipaddr.IPv6, number];
    if (!isStrictAddress(source.slice(0, source.indexOf('/')))) throw new Error(`"${source}" is not a valid CIDR`);
    try {
      parsed = ipaddr.parseCIDR(source);
    } catch {
      throw new Error(`"${source}" is not a valid CIDR`);
    }
    const [addr, prefix] = parsed;
    const bits = addr.kind() === 'ipv4' ? 32 : 128;
    const hostBits = BigInt(bits - prefix);
    const base = (toBigInt(addr) >> hostBits) << hostBits;
    if (base !== toBigInt(addr)) {
      throw new Error(`"${source}" has host bits set (the network is ${addressText(base, addr.kind())}/${prefix})`);
    }
    return { family: addr.kind(), first: base, last: base + (1n << hostBits) - 1n, source };
  }
  const parts = source.split('-');
  if (parts.length !== 2) throw new Error(`"${source}" is neither a CIDR nor a range "first-last"`);
  const [firstText, lastText] = parts.map((p) => p.trim());
  if (!isStrictAddress(firstText) || !isStrictAddress(lastText)) {
    throw new Error(`"${source}" is neither a CIDR nor a range "first-last" of two IP addresses`);
  }
  const first = parseAddress(firstText);
  const last = parseAddress(lastText);
  if (first.kind() !== last.kind()) throw new Error(`"${source}" mixes IPv4 and IPv6`);
  if (toBigInt(first) > toBigInt(last)) throw new Error(`"${source}" ends before it starts`);
  return { family: first.kind(), first: toBigInt(first), last: toBigInt(last), source };
}

/** Whether a single address lies in a range. */
export function rangeContains(range: AddressRange, address: string): boolean {
  const addr = parseAddress(address);
  const value = toBigInt(addr);
  return addr.kind() === range.family && value >= range.first && value <= range.last;
}

/** Whether two ranges share an address. */
export function rangesOverlap(a: AddressRange, b: AddressRange): boolean {
  return a.family === b.family && a.first <= b.last && b.first <= a.last;
}

/** Whether text is a single IPv4 or IPv6 address. */
export function isIpAddress(text: string): boolean {
  return isStrictAddress(text);
}

/** The text of an address of `family` given as an integer (as in {@link AddressRange}). */
export function addressText(value: bigint, family: AddressRange['family']): string {
  return ipaddr.fromByteArray(bigIntToBytes(value, family === 'ipv4' ? 32 : 128)).toString();
}

function bigIntToBytes(value: bigint, bits: number): number[] {
  const bytes: number[] = [];
  for (let i = bits / 8 - 1; i >= 0; i--) bytes.push(Number((value >> BigInt(i * 8)) & 0xffn));
  return bytes;
}

/** Whether `text` is a CIDR (`203.0.113.0/24`, `2001:db8::/32`), as NetworkPolicy `ipBlock.cidr` and GKE authorized networks take. */
export function isCidr(text: string): boolean {
  if (!text.includes('/') || text.trim() !== text) return false;
  try {
    parseAddressRange(text);
    return true;
  } catch {
    return false;
  }
}
