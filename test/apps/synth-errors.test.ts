import { join } from 'node:path';
import { cleanupTemp, copyRepo, edit, readTree, runScript } from '../helpers/repo';

afterAll(cleanupTemp);

let repo: string;
let committed: Map<string, string>;
beforeAll(() => {
  repo = copyRepo();
  committed = readTree(join(repo, 'dist'));
});

/** Applies an edit, runs `npm run synth`'s entry point, and undoes the edit. */
function synthWith(file: string, from: string | RegExp, to: string, args: string[] = []) {
  edit(repo, file, from, to);
  try {
    return runScript(repo, 'apps/synth.ts', args);
  } finally {
    edit(repo, file, to, typeof from === 'string' ? from : from.source.replace(/\\/g, ''));
  }
}

test.each<[string, string, string | RegExp, string, string]>([
  ['a bad CIDR', 'environments/dev.ts', "vpcCidr: '10.10.0.0/16'", "vpcCidr: '10.10.0.0/8'",
    'error: environment "dev", field "network.vpcCidr": "10.10.0.0/8" is not an IPv4 CIDR with a prefix from /16 to /20. Fix: use a private block such as "10.10.0.0/16"\n'],
  ['an unknown environment name', 'environments/staging.ts', "name: 'staging'", "name: 'stage'",
    'error: environment "stage", field "name": "stage" is registered in environments/index.ts but environments/stage.ts does not exist. Fix: name the environment after its file, or rename the file to environments/stage.ts\n'],
  ['a duplicate service name', 'environments/catalog.ts', '];', "  { name: 'web', namespace: 'shop', description: 'again', port: 8080 },\n];",
    'error: environment "*", field "catalog[3].name": service "web" is defined twice. Fix: give every service in environments/catalog.ts a unique name\n'],
  ['a versions file that is not JSON', 'environments/versions/prod.json', '"web": "1.4.1"', '"web": 1.4.1,',
    'error: environment "prod", field "environments/versions/prod.json": the file is not valid JSON (Expected \',\' or \'}\' after property value in JSON at position 53). Fix: fix the JSON syntax, e.g. { "web": "1.4.2" }\n'],
  ['limits below requests', 'environments/prod.ts', "limits: { cpu: '1', memory: '1Gi' }", "limits: { cpu: '1', memory: '256Mi' }",
    'error: environment "prod", field "services.web.resources.limits.memory": limit 256Mi is below the request 512Mi. Fix: raise the limit to at least the request\n'],
])('%s: exit 1, one message, no stack trace, dist/ untouched', (_, file, from, to, message) => {
  const r = synthWith(file, from, to);
  expect(r.stderr).toBe(message);
  expect(r.status).toBe(1);
  expect(r.stdout).toBe('');
  expect([...readTree(join(repo, 'dist'))]).toEqual([...committed]);
});

test('--verbose adds the stack trace to a config error', () => {
  const r = synthWith('environments/dev.ts', "vpcCidr: '10.10.0.0/16'", "vpcCidr: 'ten'", ['--verbose']);
  expect(r.status).toBe(1);
  expect(r.stderr).toMatch(/^error: environment "dev", field "network.vpcCidr"/);
  expect(r.stderr).toMatch(/\n {4}at /);
});
