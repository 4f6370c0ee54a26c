/**
 * Availability rules for production: a service there must survive a node drain and a zone outage.
 * Self-contained, so that the rules move with the config model: `production` is decided by the caller.
 */
import type { EnvironmentConfig, ServiceDefinition } from './types';
import { fail } from './validation-rules';

/** The fewest replicas a production service may run with: one pod is down during every drain. */
export const PRODUCTION_MIN_REPLICAS = 2;

/**
 * In production, every service runs at least {@link PRODUCTION_MIN_REPLICAS} replicas at the fewest
 * (its replicas, or the HPA minimum), and spreads them across zones.
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
    if (s.spreadAcrossZones !== true) {
      fail(env, `${at}.spreadAcrossZones`, `production runs the replicas of "${def.name}" without spreading them across zones`,
        'set spreadAcrossZones: true, so that one zone outage cannot take every replica');
    }
  }
}
