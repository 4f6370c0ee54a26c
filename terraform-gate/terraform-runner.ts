import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** Environment variable naming the local provider mirror (the folder above `registry.terraform.io`). */
export const MIRROR_ENV = 'TF_PROVIDER_MIRROR';

/** Result of one terraform command. */
export interface TerraformResult {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** True when a `terraform` binary is on the PATH. */
export function terraformAvailable(): boolean {
  return spawnSync('terraform', ['version'], { encoding: 'utf8' }).status === 0;
}

/**
 * A scratch workspace for running the real terraform against rendered stacks offline: a CLI
 * config that uses the provider mirror from `TF_PROVIDER_MIRROR` (or the registry without one),
 * and a shared plugin cache so every stack links the provider instead of copying 700 MB.
 */
export class TerraformSandbox {
  public readonly root: string;
  private readonly env: NodeJS.ProcessEnv;

  constructor(mirror: string | undefined = process.env[MIRROR_ENV]) {
    this.root = mkdtempSync(join(tmpdir(), 'platform-tf-'));
    const cache = join(this.root, 'plugin-cache');
    mkdirSync(cache);
    const lines = [`plugin_cache_dir = ${JSON.stringify(cache)}`];
    if (mirror) {
      lines.push(
        'provider_installation {',
        `  filesystem_mirror {\n    path    = ${JSON.stringify(resolve(mirror))}\n    include = ["registry.terraform.io/*/*"]\n  }`,
        '  direct {\n    exclude = ["registry.terraform.io/*/*"]\n  }',
        '}',
      );
    }
    const cliConfig = join(this.root, 'terraformrc');
    writeFileSync(cliConfig, `${lines.join('\n')}\n`);
    this.env = {
      ...process.env,
      TF_CLI_CONFIG_FILE: cliConfig,
      TF_IN_AUTOMATION: '1',
      TF_INPUT: '0',
      CHECKPOINT_DISABLE: '1',
      TF_PLUGIN_CACHE_MAY_BREAK_DEPENDENCY_LOCK_FILE: '1',
    };
  }

  /** Copies a rendered stack folder (only its files) into the sandbox; returns the copy's path. */
  public copyStack(stackDir: string, name: string, extraFiles: Record<string, string> = {}): string {
    const dir = join(this.root, 'stacks', name);
    mkdirSync(dir, { recursive: true });
    for (const f of readdirSync(stackDir)) copyFileSync(join(stackDir, f), join(dir, f));
    for (const [f, content] of Object.entries(extraFiles)) writeFileSync(join(dir, f), content);
    return dir;
  }

  /** Runs terraform in `dir` with the sandbox's CLI config. */
  public run(dir: string, args: string[], extraEnv: NodeJS.ProcessEnv = {}): TerraformResult {
    const r = spawnSync('terraform', [...args, '-no-color'], {
      cwd: dir, env: { ...this.env, ...extraEnv }, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024,
    });
    return { status: r.status ?? 1, stdout: r.stdout ?? '', stderr: r.stderr ?? String(r.error ?? '') };
  }

  /** Runs terraform in `dir` with the sandbox's CLI config, without blocking: stacks plan side by side. */
  public runAsync(dir: string, args: string[], extraEnv: NodeJS.ProcessEnv = {}): Promise<TerraformResult> {
    return new Promise((done) => {
      const child = spawn('terraform', [...args, '-no-color'], { cwd: dir, env: { ...this.env, ...extraEnv }, stdio: ['ignore', 'pipe', 'pipe'] });
      const out: Buffer[] = [];
      const err: Buffer[] = [];
      child.stdout.on('data', (b: Buffer) => out.push(b));
      child.stderr.on('data', (b: Buffer) => err.push(b));
      child.on('error', (e) => done({ status: 1, stdout: '', stderr: String(e) }));
      child.on('close', (code) => done({ status: code ?? 1, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') }));
    });
  }

  public dispose(): void {
    rmSync(this.root, { recursive: true, force: true });
  }
}
