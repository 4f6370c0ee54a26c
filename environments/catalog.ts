import type { ServiceDefinition } from './types';

/**
 * The service catalog: every deployable service, independent of environment.
 * Adding a service: add an entry here, its settings in each `<env>.ts`, and its tag in each
 * `versions/<env>.json`; then `npm run synth`.
 */
export const catalog: readonly ServiceDefinition[] = [
  {
    name: 'web',
    namespace: 'shop',
    description: 'Public storefront web front end',
    port: 8080,
  },
];
