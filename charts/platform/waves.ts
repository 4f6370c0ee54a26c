/** Sync waves: namespaces, then operators (with their CRDs), then their configuration, then services. */
export const WAVE = { NAMESPACES: -2, OPERATORS: -1, CONFIGURATION: 0, SERVICES: 1 } as const;
