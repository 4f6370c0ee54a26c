/**
 * Alertmanager's configuration of an environment (kube-prometheus-stack's `alertmanager.config`):
 * routes by the alert's `team` label and severity, pages only in prod, inhibits a service's
 * warnings while one of its criticals fires. Receiver secrets (chat webhooks, pager keys) are never
 * in the config: it names files that Alertmanager reads from a Secret an ExternalSecret fills.
 */
import { AlertSeverity } from './slo-rules';
import type { Environment } from '../../environments/types';

/** The Secret with the receivers' credentials, mounted into Alertmanager (`alertmanagerSpec.secrets`). */
export const ALERTMANAGER_RECEIVERS_SECRET = 'alertmanager-receivers';
/** Where the Prometheus Operator mounts a Secret listed in `alertmanagerSpec.secrets`. */
const SECRET_DIR = `/etc/alertmanager/secrets/${ALERTMANAGER_RECEIVERS_SECRET}`;
/** The team of the platform's own alerts. */
export const PLATFORM_TEAM = 'platform';

/** Keys of the receivers' Secret for one team. */
export function receiverSecretKeys(team: string): { chatWebhook: string; pagerKey: string } {
  return { chatWebhook: `${team}-slack-webhook-url`, pagerKey: `${team}-pagerduty-routing-key` };
}

/** Receiver names of a team. */
export function receiverNames(team: string): { ticket: string; page: string } {
  return { ticket: `${team}-ticket`, page: `${team}-page` };
}

/** Whether an environment pages people. */
export function pagesIn(env: Environment): boolean {
  return env.tier === 'production';
}

/** Every team that receives alerts in an environment: the services' owners and the platform. */
export function teamsOf(env: Environment): string[] {
  return [...new Set([...env.services.map((s) => s.team), PLATFORM_TEAM])].sort();
}

/** The Secret keys Alertmanager needs in an environment (what the ExternalSecret syncs). */
export function receiverSecretKeysOf(env: Environment): string[] {
  return teamsOf(env).flatMap((t) => {
    const k = receiverSecretKeys(t);
    return pagesIn(env) ? [k.chatWebhook, k.pagerKey] : [k.chatWebhook];
  });
}

/** The Alertmanager configuration of an environment. */
export function alertmanagerConfig(env: Environment): Record<string, unknown> {
  const teams = teamsOf(env);
  const pages = pagesIn(env);
  return {
    global: { resolve_timeout: '5m' },
    route: {
      receiver: receiverNames(PLATFORM_TEAM).ticket,
      group_by: ['alertname', 'namespace', 'service', 'slo'],
      group_wait: '30s',
      group_interval: '5m',
      repeat_interval: '4h',
      routes: [
        // kube-prometheus-stack's always-firing heartbeat and its inhibitor helper reach no one
        { matchers: ['alertname=~"Watchdog|InfoInhibitor"'], receiver: 'null' },
        ...teams.map((team) => ({
          matchers: [`team="${team}"`],
          receiver: receiverNames(team).ticket,
          ...(pages ? {
            routes: [{ matchers: [`severity="${AlertSeverity.CRITICAL}"`], receiver: receiverNames(team).page, repeat_interval: '1h' }],
          } : {}),
        })),
      ],
    },
    inhibit_rules: [{
      // a service's page says it all: its warnings wait until the page resolves
      source_matchers: [`severity="${AlertSeverity.CRITICAL}"`, 'service=~".+"'],
      target_matchers: [`severity="${AlertSeverity.WARNING}"`],
      equal: ['namespace', 'service'],
    }],
    receivers: [
      { name: 'null' },
      ...teams.flatMap((team) => {
        const keys = receiverSecretKeys(team);
        const names = receiverNames(team);
        return [
          {
            name: names.ticket,
            slack_configs: [{ api_url_file: `${SECRET_DIR}/${keys.chatWebhook}`, channel: `#${team}-alerts-${env.name}`, send_resolved: true }],
          },
          ...(pages ? [{ name: names.page, pagerduty_configs: [{ routing_key_file: `${SECRET_DIR}/${keys.pagerKey}`, send_resolved: true }] }] : []),
        ];
      }),
    ],
  };
}
