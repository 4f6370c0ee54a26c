/**
 * Scanners for the rendered output: secrets, and machine data that would make a render depend on
 * who ran it where. Each returns findings, never throws, so that tests
 * can prove every detector with a positive fixture.
 */
import { parseAllDocuments } from 'yaml';

/** One thing a scanner found. */
export interface Finding {
  /** File relative to dist/. */
  readonly file: string;
  /** Which detector fired. */
  readonly detector: string;
  /** Where and what (values shortened so that a real secret is not echoed whole). */
  readonly detail: string;
}

const shorten = (s: string) => (s.length > 12 ? `${s.slice(0, 6)}...(${s.length} chars)` : s);

/** Shannon entropy of a string in bits per character. */
export function shannonEntropy(s: string): number {
  const counts = new Map<string, number>();
  for (const c of s) counts.set(c, (counts.get(c) ?? 0) + 1);
  let h = 0;
  for (const n of counts.values()) {
    const p = n / s.length;
    h -= p * Math.log2(p);
  }
  return h;
}

/** Values whose shape is known to be safe even when they look random. */
const SAFE_SHAPES: RegExp[] = [
  /^sha(256|384|512):[a-f0-9]{32,}$/, // image and content digests
  /^[\w.-]+(:\d+)?\/[\w./-]+@sha256:[a-f0-9]{64}$/, // image references pinned by digest
  /^arn:aws[\w-]*:/, // ARNs
  /^[a-f0-9]{40}$|^[a-f0-9]{64}$/, // git SHAs and sha256 hashes (config checksums)
  /^\d+$/,
  /^ELBSecurityPolicy-[A-Za-z0-9-]+$/, // names of AWS load balancers' TLS policies
];

/** Minimum length of a token the entropy check considers. */
const MIN_TOKEN = 20;
/** Bits per character above which a token looks random: base64-ish and hex alphabets. */
const BASE64_LIMIT = 4.0;
const HEX_LIMIT = 3.0;

/** True when `value` contains a token that looks like a random secret. */
export function looksRandom(value: string): string | undefined {
  if (SAFE_SHAPES.some((re) => re.test(value))) return undefined;
  for (const token of value.split(/[^A-Za-z0-9+/=_-]+/)) {
    if (token.length < MIN_TOKEN || SAFE_SHAPES.some((re) => re.test(token))) continue;
    const hex = /^[a-fA-F0-9]+$/.test(token);
    // a readable word list (kebab case, paths) is not random: require mixed character classes
    const classes = [/[a-z]/, /[A-Z]/, /\d/].filter((re) => re.test(token)).length;
    if (hex ? shannonEntropy(token) > HEX_LIMIT && /\d/.test(token) && /[a-f]/i.test(token)
      : classes >= 2 && shannonEntropy(token) > BASE64_LIMIT) {
      return token;
    }
  }
  return undefined;
}

/** Text detectors that apply to every file, YAML or JSON. */
const TEXT_DETECTORS: Array<[string, RegExp]> = [
  ['private key', /-----BEGIN ((RSA|EC|DSA|OPENSSH|ENCRYPTED|PGP) )?PRIVATE KEY( BLOCK)?-----/],
  ['AWS access key id', /(?<![A-Z0-9])(AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}(?![A-Z0-9])/],
  ['AWS secret access key', /(aws_?secret_?access_?key|secretAccessKey)["'\s:=]+[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+])/i],
  ['bearer token', /\b(Bearer|Basic)\s+[A-Za-z0-9\-._~+/]{16,}=*/],
  ['JSON web token', /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/],
  ['API token', /\b(ghp|gho|ghs|ghu|github_pat|glpat|xox[abposr]|sk_live|rk_live)[-_][A-Za-z0-9_-]{16,}/],
  ['Terraform Cloud token', /\b[A-Za-z0-9]{14}\.atlasv1\.[A-Za-z0-9_-]{20,}/],
  ['password in a URL', /\b[a-z][a-z0-9+.-]*:\/\/[^\s:/@"']+:[^\s@/"']{3,}@/i],
];

/** Walks an object, calling `visit` with the path and every value. */
function walk(node: unknown, path: string, visit: (path: string, key: string, value: unknown, parent: unknown) => void): void {
  if (Array.isArray(node)) {
    node.forEach((v, i) => { visit(`${path}[${i}]`, String(i), v, node); walk(v, `${path}[${i}]`, visit); });
  } else if (node && typeof node === 'object') {
    for (const [k, v] of Object.entries(node)) {
      visit(`${path}.${k}`, k, v, node);
      walk(v, `${path}.${k}`, visit);
    }
  }
}

/** Findings in one Kubernetes object. */
function scanKubernetesObject(file: string, obj: any): Finding[] {
  const found: Finding[] = [];
  if (!obj || typeof obj !== 'object') return found;
  const kind = String(obj.kind ?? '');
  if (kind === 'Secret') {
    for (const field of ['data', 'stringData']) {
      if (obj[field] && Object.keys(obj[field]).length > 0) {
        found.push({ file, detector: 'Secret with data', detail: `${obj.metadata?.name}: ${field} has ${Object.keys(obj[field]).join(', ')}` });
      }
    }
  }
  if (kind === 'ConfigMap') {
    for (const field of ['data', 'binaryData']) {
      for (const [k, v] of Object.entries(obj[field] ?? {})) {
        const token = typeof v === 'string' ? looksRandom(v) : undefined;
        if (token) found.push({ file, detector: 'high-entropy ConfigMap value', detail: `${field}.${k}: ${shorten(token)}` });
      }
    }
  }
  walk(obj, '', (path, key, value) => {
    // container env: `env: [{ name, value }]` anywhere (pods, templates, jobs, CRDs)
    if (key === 'env' && Array.isArray(value)) {
      for (const e of value) {
        const token = typeof e?.value === 'string' ? looksRandom(e.value) : undefined;
        if (token) found.push({ file, detector: 'high-entropy env value', detail: `${path} ${e.name}: ${shorten(token)}` });
      }
    }
    // annotations: hashes are fine only where the annotation says it is one (checksum/...)
    if (key === 'annotations' && value && typeof value === 'object' && !Array.isArray(value)) {
      for (const [k, v] of Object.entries(value)) {
        if (/checksum|hash|digest/i.test(k) || typeof v !== 'string') continue;
        const token = looksRandom(v);
        if (token) found.push({ file, detector: 'high-entropy annotation', detail: `${path}.${k}: ${shorten(token)}` });
      }
    }
  });
  return found;
}

/** Terraform attributes that must never hold a literal value in a committed stack. */
const TF_SECRET_ATTRIBUTES = /^(password|master_password|secret_string|secret_binary|secret|private_key|access_key|secret_key|token|auth_token|client_secret)$/;

/** Findings in one parsed cdk.tf.json. */
function scanTerraform(file: string, stack: any): Finding[] {
  const found: Finding[] = [];
  const resources = stack?.resource ?? {};
  if (resources.aws_iam_access_key) {
    found.push({ file, detector: 'IAM access key resource', detail: Object.keys(resources.aws_iam_access_key).join(', ') });
  }
  walk(stack, '', (path, key, value) => {
    if (TF_SECRET_ATTRIBUTES.test(key) && typeof value === 'string' && value !== '' && !/^\$\{.*\}$/.test(value)) {
      found.push({ file, detector: 'literal secret attribute', detail: `${path}: ${shorten(value)}` });
    }
  });
  return found;
}

/** Secret findings in one file of dist/ (path relative to dist/). */
export function scanForSecrets(file: string, content: string): Finding[] {
  const found: Finding[] = [];
  for (const [detector, re] of TEXT_DETECTORS) {
    const m = re.exec(content);
    if (m) found.push({ file, detector, detail: shorten(m[0]) });
  }
  if (/\.ya?ml$/.test(file)) {
    for (const doc of parseAllDocuments(content)) {
      if ('errors' in doc && doc.errors.length === 0) found.push(...scanKubernetesObject(file, doc.toJS()));
    }
  } else if (file.endsWith('.tf.json')) {
    found.push(...scanTerraform(file, JSON.parse(content)));
  }
  return found;
}

/** What identifies the machine and the user that ran a render. */
export interface MachineFacts {
  /** Absolute folders a render could leak: the repository, the temp folder, the home folder. */
  readonly paths: readonly string[];
  /** The user name, unless it is a generic word that also occurs in real content. */
  readonly user?: string;
  /** The host name, unless generic. */
  readonly host?: string;
  /** The date (YYYY-MM-DD) the render's clock said: a render must not carry the time it ran. */
  readonly today?: string;
}

/** User and host names too generic to search for. */
const GENERIC_NAMES = new Set([
  'root', 'user', 'users', 'node', 'admin', 'runner', 'ubuntu', 'ec2-user', 'app', 'build', 'builder', 'ci', 'jenkins',
  'localhost', 'default', 'web', 'test', 'dev', 'prod', 'staging', 'platform', 'docker', 'container', 'sandbox', 'work', 'main',
]);

/** `name` when it is specific enough to search for. */
export function specificName(name: string | undefined): string | undefined {
  return name && name.length >= 3 && !GENERIC_NAMES.has(name.toLowerCase()) ? name : undefined;
}

/** Absolute paths of well-known machine folders (POSIX, macOS, Windows, CI runners). */
const MACHINE_PATH = /(?<![\w.:/-])(\/(tmp|work|root|home|Users|var\/folders|private\/var|private\/tmp|builds|runner|github\/workspace|opt\/atlassian)\/|[A-Za-z]:\\\\?(Users|Windows|tmp|temp)\b|file:\/\/\/)/;

/** Findings of machine data (absolute paths, user and host names, today's date) in one file. */
export function scanForMachineData(file: string, content: string, facts: MachineFacts): Finding[] {
  const found: Finding[] = [];
  // paths inside containers (volume mounts, probes) are not paths of this machine
  const text = /\.ya?ml$/.test(file) ? content.replace(/^\s*(- )?(mountPath|path|subPath|mountPropagation): .*$/gm, '') : content;
  const m = MACHINE_PATH.exec(text);
  if (m) found.push({ file, detector: 'absolute path', detail: text.slice(Math.max(0, m.index - 20), m.index + 40) });
  for (const p of facts.paths) {
    if (p.length > 1 && content.includes(p)) found.push({ file, detector: 'absolute path', detail: p });
  }
  const word = (w: string) => new RegExp(`(?<![A-Za-z0-9])${w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![A-Za-z0-9])`, 'i');
  if (facts.user && word(facts.user).test(content)) found.push({ file, detector: 'user name', detail: facts.user });
  if (facts.host && word(facts.host).test(content)) found.push({ file, detector: 'host name', detail: facts.host });
  if (facts.today && content.includes(facts.today)) found.push({ file, detector: 'date of the render', detail: facts.today });
  return found;
}
