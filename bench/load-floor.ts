/**
 * Benchmark child: the module-loading floor. Loads everything a full render loads (the config
 * loader, the renderers and through them cdk8s, cdk8s-plus-28, cdktf and the AWS provider
 * modules) and stops, rendering nothing. A render cannot be faster than this process.
 */
async function main(): Promise<void> {
  await import('../environments/load');
  await import('../render/render');
  await import('../render/writer');
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
  process.exitCode = 1;
});
