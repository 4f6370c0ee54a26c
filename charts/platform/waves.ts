/**
 * Sync waves of the root app, which waits for each wave's Applications to be Healthy before the
 * next: namespaces; the External Secrets operator (its CRDs); the secret store and every
 * ExternalSecret an add-on names; the Prometheus Operator (the ServiceMonitor kind the other
 * add-ons' charts render); the other add-ons (with their CRDs); their configuration; services.
 * An add-on that names a Secret, or renders a kind, of its own or a later wave never becomes
 * Healthy, and the first sync stops there (test/dist/sync-order.test.ts, test/dist/closure.test.ts).
 */
export const WAVE = {
  NAMESPACES: -5,
  SECRETS_OPERATOR: -4,
  SECRETS: -3,
  MONITORING: -2,
  OPERATORS: -1,
  CONFIGURATION: 0,
  SERVICES: 1,
} as const;
