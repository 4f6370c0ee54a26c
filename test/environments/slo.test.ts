import { ConfigError } from '../../environments/errors';
import { buildPlatform, defaultInput, type PlatformInput } from '../../environments/load';
import { DEFAULT_SLO_METRICS, DEFAULT_SLO_WINDOW } from '../../environments/slo';
import type { ServiceDefinition, ServiceSettings } from '../../environments/types';

const input = defaultInput();

const withEntry = (name: string, change: (s: ServiceDefinition) => unknown): PlatformInput =>
  ({ ...input, catalog: input.catalog.map((s) => (s.name === name ? change(s) as ServiceDefinition : s)) });

const withSettings = (env: string, service: string, change: (s: ServiceSettings) => unknown): PlatformInput => ({
  ...input,
  environments: input.environments.map((e) => (e.name === env
    ? { ...e, services: { ...e.services, [service]: change(e.services[service]) as ServiceSettings } } : e)),
});

function errorOf(i: PlatformInput): ConfigError {
  try {
    buildPlatform(i);
  } catch (e) {
    if (ConfigError.isConfigError(e)) return e;
    throw e;
  }
  throw new Error('the input was accepted');
}

const first = input.catalog[0].name;
const firstEnv = input.environments[0].name;

test.each(input.catalog.map((s) => s.name))('a copy of the config without the SLO of %s fails, naming the service', (name) => {
  const e = errorOf(withEntry(name, ({ slo: _slo, ...rest }) => rest));
  expect(e.field).toBe(`catalog[${input.catalog.findIndex((s) => s.name === name)}].slo`);
  expect(e.message).toContain(`service "${name}" has no service level objectives`);
});

test.each(input.catalog.map((s) => s.name))('a copy of the config without the team of %s fails, naming the service', (name) => {
  const e = errorOf(withEntry(name, ({ team: _team, ...rest }) => rest));
  expect(e.message).toContain(`service "${name}" has no owning team`);
});

test.each<[string, PlatformInput, string]>([
  ['an availability target above 99.999', withEntry(first, (s) => ({ ...s, slo: { ...s.slo, availability: { target: 100 } } })), 'slo.availability.target'],
  ['an availability target as a ratio', withEntry(first, (s) => ({ ...s, slo: { ...s.slo, availability: { target: 0.999 } } })), 'slo.availability.target'],
  ['a latency threshold of 0', withEntry(first, (s) => ({ ...s, slo: { ...s.slo, latency: { target: 99, thresholdSeconds: 0 } } })), 'slo.latency.thresholdSeconds'],
  ['a window of 7 days', withEntry(first, (s) => ({ ...s, slo: { ...s.slo, window: '7d' } })), 'slo.window'],
  ['a metric name with a dash', withEntry(first, (s) => ({ ...s, slo: { ...s.slo, metrics: { requests: 'http-requests' } } })), 'slo.metrics.requests'],
  ['a status label that is reserved', withEntry(first, (s) => ({ ...s, slo: { ...s.slo, metrics: { statusCodeLabel: '__name__' } } })), 'slo.metrics.statusCodeLabel'],
  ['a team that is no DNS label', withEntry(first, (s) => ({ ...s, team: 'Store Front' })), 'team'],
])('%s is a config error on the catalog field', (_name, i, field) => {
  const e = errorOf(i);
  expect(e.environment).toBe('*');
  expect(e.field).toMatch(new RegExp(`^catalog\\[\\d+\\]\\.${field.replace(/\./g, '\\.')}$`));
});

test.each<[string, PlatformInput, string]>([
  ['an override below 95%', withSettings(firstEnv, first, (s) => ({ ...s, sloOverrides: { availability: { target: 90 } } })), 'sloOverrides.availability.target'],
  ['an override window of 1y', withSettings(firstEnv, first, (s) => ({ ...s, sloOverrides: { window: '1y' } })), 'sloOverrides.window'],
])('%s names the environment and the override', (_name, i, field) => {
  const e = errorOf(i);
  expect(e.environment).toBe(firstEnv);
  expect(e.field).toBe(`services.${first}.${field}`);
});

test('an environment override replaces the catalog objective there only; defaults fill the rest', () => {
  const platform = buildPlatform(withSettings(firstEnv, first, (s) => ({ ...s, sloOverrides: { availability: { target: 97.5 }, window: '30d' } })));
  const def = input.catalog[0];
  const slo = def.slo!;
  for (const env of platform.environments) {
    const s = env.services.find((x) => x.name === first)!;
    if (env.name === firstEnv) {
      expect(s.slo.availability.target).toBe(97.5);
      expect(s.slo.window).toBe('30d');
    } else {
      const own = input.environments.find((e) => e.name === env.name)!.services[first].sloOverrides;
      expect(s.slo.availability).toEqual(own?.availability ?? slo.availability);
      expect(s.slo.window).toBe(own?.window ?? slo.window ?? DEFAULT_SLO_WINDOW);
    }
    expect(s.slo.latency).toEqual(slo.latency);
    expect(s.slo.metrics).toEqual({ ...DEFAULT_SLO_METRICS, ...slo.metrics });
  }
});
