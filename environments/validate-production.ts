/**
 * Rules for production environments only: services survive a node drain and a zone outage, and the
 * platform enforces its policies with trusted certificates. Self-contained, so that they move with
 * the config model: the caller decides which environments are production.
 */
import { type PlatformSettings, PolicyEnforcement } from './platform';
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

/** In production, Kyverno enforces the policies and cert-manager gets certificates browsers trust. */
export function validateProductionPlatform(env: string, settings: PlatformSettings): void {
  const at = `environments/platform.ts: platformSettings.${env}`;
  if (settings.policyEnforcement !== PolicyEnforcement.ENFORCE) {
    fail(env, `${at}.policyEnforcement`, `"${settings.policyEnforcement}" only reports pods that break the policies`,
      'use PolicyEnforcement.ENFORCE in production');
  }
  if (/staging/.test(settings.acmeServer)) {
    fail(env, `${at}.acmeServer`, `"${settings.acmeServer}" issues certificates browsers do not trust`,
      'use Let\'s Encrypt\'s production directory, "https://acme-v02.api.letsencrypt.org/directory"');
  }
}
