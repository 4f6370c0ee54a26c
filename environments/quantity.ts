/** Kubernetes resource quantities, parsed just enough to compare requests with limits. */

const CPU = /^(\d+(?:\.\d+)?)(m?)$/;
const MEMORY = /^(\d+(?:\.\d+)?)(Ki|Mi|Gi|Ti|k|M|G|T)?$/;
const MEMORY_UNITS: Record<string, number> = {
  '': 1,
  'k': 1e3,
  'M': 1e6,
  'G': 1e9,
  'T': 1e12,
  'Ki': 2 ** 10,
  'Mi': 2 ** 20,
  'Gi': 2 ** 30,
  'Ti': 2 ** 40,
};

/** CPU in millicores (`250m` -> 250, `1.5` -> 1500); undefined when not a CPU quantity. */
export function cpuMillis(q: string): number | undefined {
  const m = CPU.exec(q);
  if (!m) return undefined;
  return m[2] === 'm' ? Number(m[1]) : Number(m[1]) * 1000;
}

/** Memory in bytes (`256Mi` -> 268435456); undefined when not a memory quantity. */
export function memoryBytes(q: string): number | undefined {
  const m = MEMORY.exec(q);
  if (!m) return undefined;
  return Number(m[1]) * MEMORY_UNITS[m[2] ?? ''];
}
