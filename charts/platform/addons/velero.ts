import type { AddonDefinition } from './addon';
import { backupBucketName, PLATFORM_ADDONS } from '../../../environments/naming';
import { ADDON_CHARTS } from '../../../environments/platform';

/** The velero chart values the platform sets. */
export interface VeleroValues {
  readonly initContainers: readonly {
    readonly name: string;
    readonly image: string;
    readonly volumeMounts: readonly { readonly mountPath: string; readonly name: string }[];
  }[];
  readonly credentials: { readonly useSecret: boolean };
  readonly configuration: {
    readonly backupStorageLocation: readonly { readonly name: string; readonly provider: 'aws'; readonly bucket: string; readonly config: { readonly region: string } }[];
    readonly volumeSnapshotLocation: readonly { readonly name: string; readonly provider: 'aws'; readonly config: { readonly region: string } }[];
  };
  readonly schedules: Record<string, {
    readonly schedule: string;
    readonly template: { readonly ttl: string; readonly includedNamespaces: readonly string[]; readonly snapshotVolumes: boolean };
  }>;
}

export const velero: AddonDefinition<VeleroValues> = {
  name: 'velero',
  chart: ADDON_CHARTS.velero,
  namespace: PLATFORM_ADDONS.velero.namespace,
  podSecurity: 'baseline',
  purpose: 'daily backups of every namespace and volume snapshots into the environment\'s S3 bucket (IRSA)',
  usedBy: 'restores after a lost cluster or namespace',
  irsa: { serviceAccount: PLATFORM_ADDONS.velero, valuesPath: ['serviceAccount', 'server'] },
  values: ({ environment: env, settings }) => ({
    initContainers: [{
      name: 'velero-plugin-for-aws',
      image: 'velero/velero-plugin-for-aws:v1.12.1',
      volumeMounts: [{ mountPath: '/target', name: 'plugins' }],
    }],
    credentials: { useSecret: false },
    configuration: {
      backupStorageLocation: [{ name: 'default', provider: 'aws', bucket: backupBucketName(env.name, env.aws.accountId), config: { region: env.aws.region } }],
      volumeSnapshotLocation: [{ name: 'default', provider: 'aws', config: { region: env.aws.region } }],
    },
    schedules: {
      daily: { schedule: settings.backupSchedule, template: { ttl: settings.backupTtl, includedNamespaces: ['*'], snapshotVolumes: true } },
    },
  }),
};
