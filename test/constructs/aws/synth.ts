import type { Construct } from 'constructs';
import { Testing } from '../../../constructs/aws/cdktf';
import { withoutTokenStackTraces } from '../../../render/token-stack-traces';

/**
 * Synthesizes constructs into a test stack; returns the JSON text and its parsed resources. As in
 * the render, cdktf's per-token creation stacks are not formatted (under jest each frame would
 * also be source-mapped); errors keep theirs.
 */
export function synth(build: (scope: Construct) => void): { json: string; resources: Record<string, Record<string, any>> } {
  const json = withoutTokenStackTraces(() => Testing.synthScope((scope) => { build(scope); }));
  return { json, resources: (JSON.parse(json) as { resource?: Record<string, Record<string, any>> }).resource ?? {} };
}

/** The resources of one type, without cdktf metadata. */
export function all(resources: Record<string, Record<string, any>>, type: string): any[] {
  return Object.values(resources[type] ?? {}).map(({ '//': _, ...r }) => r);
}

/** True when the synthesized JSON has a resource of `type` with these (snake_case) properties. */
export function has(json: string, type: string, properties: Record<string, unknown>): boolean {
  return Testing.toHaveResourceWithProperties(json, type, properties);
}
