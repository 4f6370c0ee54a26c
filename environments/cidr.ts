/** IPv4 CIDR arithmetic for config validation and subnet planning. Pure functions, no dependencies. */
/* eslint-disable no-bitwise */ // address arithmetic is bit arithmetic

/** A parsed IPv4 CIDR block. */
export interface Cidr {
  /** Network address as an unsigned 32-bit integer. */
  readonly network: number;
  /** Prefix length, 0-32. */
  readonly prefix: number;
}

const OCTET = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;

/** Parses `a.b.c.d/n`; returns undefined when it is not a canonical IPv4 CIDR. */
export function parseCidr(text: string): Cidr | undefined {
  const m = /^(\d+)\.(\d+)\.(\d+)\.(\d+)\/(\d+)$/.exec(text);
  if (!m) return undefined;
  const octets = m.slice(1, 5);
  if (!octets.every((o) => OCTET.test(o))) return undefined;
  const prefix = Number(m[5]);
  if (!/^(3[0-2]|[12]?\d)$/.test(m[5])) return undefined;
  const address = octets.reduce((acc, o) => acc * 256 + Number(o), 0);
  const network = prefix === 0 ? 0 : (address >>> (32 - prefix)) * 2 ** (32 - prefix);
  return { network: network >>> 0, prefix };
}

/** True when the address part has no bits set beyond the prefix (10.0.0.0/16, not 10.0.0.1/16). */
export function isCanonical(text: string): boolean {
  const c = parseCidr(text);
  return c !== undefined && formatCidr(c) === text;
}

export function formatCidr(c: Cidr): string {
  const n = c.network >>> 0;
  return `${n >>> 24}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}/${c.prefix}`;
}

/** Number of addresses in the block. */
export function size(c: Cidr): number {
  return 2 ** (32 - c.prefix);
}

/** True when the two blocks share at least one address. */
export function overlaps(a: Cidr, b: Cidr): boolean {
  return a.network < b.network + size(b) && b.network < a.network + size(a);
}

/** True when `inner` lies entirely inside `outer`. */
export function contains(outer: Cidr, inner: Cidr): boolean {
  return inner.network >= outer.network && inner.network + size(inner) <= outer.network + size(outer);
}

/**
 * The `index`-th subnet of `newBits` extra prefix bits inside `parent`, like Terraform's
 * `cidrsubnet(parent, newBits, index)`.
 */
export function subnet(parent: string, newBits: number, index: number): string {
  const p = parseCidr(parent);
  if (!p) throw new Error(`not a CIDR: ${parent}`);
  const prefix = p.prefix + newBits;
  if (prefix > 32 || index < 0 || index >= 2 ** newBits) {
    throw new Error(`cidrsubnet(${parent}, ${newBits}, ${index}) is out of range`);
  }
  return formatCidr({ network: p.network + index * 2 ** (32 - prefix), prefix });
}
