/**
 * Availability rule for production (`tier: 'production'`): every service survives a node drain.
 * The caller decides which environments are production.
 */
import type { EnvironmentConfig, ServiceDefinition } from './types';
import { fail } from './validation-rules';

/** The fewest replicas a production service may run with: one pod is down during every drain. */
export const PRODUCTION_MIN_REPLICAS = 2;

/**
 * In production, every service runs at least {@link PRODUCTION_MIN_REPLICAS} replicas at the fewest
 * (its replicas, or the HPA minimum); that they spread across zones is validate-services.ts's rule.
 */
export function validateProductionAvailability(env: string, config: EnvironmentConfig, catalog: readonly ServiceDefinition[]): void {
  for (const def of catalog) {
    const s = config.services[def.name];
    const at = `services.${def.name}`;
    const field = s.autoscaling ? `${at}.autoscaling.minReplicas` : `${at}.replicas`;
    const fewest = s.autoscaling ? s.autoscaling.minReplicas : s.replicas;
    if (fewest < PRODUCTION_MIN_REPLICAS) {
      fail(env, field, `production runs "${def.name}" with ${fewest} replica at the fewest, which a node drain takes down`,
        `run at least ${PRODUCTION_MIN_REPLICAS} replicas in production`);
    }
  }
}

