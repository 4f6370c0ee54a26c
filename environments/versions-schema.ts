/**
 * The JSON Schema of `versions/<env>.json`, for editors (each file names it with `"$schema"`).
 * Generated from the grammars the loader uses, so the committed file cannot drift from them
 * (test/environments/versions-schema.test.ts); it names no service, so adding one changes nothing here.
 */
import { DNS_1035_LABEL } from './schema';
import { VERSIONS_SCHEMA_KEY } from './validate-services';
import { DIGEST, IMAGE_TAG } from './validation-rules';

/** File name of the schema, next to the versions files. */
export const VERSIONS_SCHEMA_FILE = 'versions.schema.json';

const source = (re: RegExp): string => re.source.replace(/^\^/, '').replace(/\$$/, '');

/** The schema as an object. */
export function versionsJsonSchema(): Record<string, unknown> {
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: 'Image tags of one environment',
    description: 'environments/versions/<env>.json: one "<service>": "<tag>" entry per service of environments/catalog.ts. '
      + 'A tag is pinned: a release tag such as "1.4.2" or a digest "sha256:<64 hex>", never "latest". npm run promote edits these files.',
    type: 'object',
    properties: { [VERSIONS_SCHEMA_KEY]: { type: 'string', description: 'this schema, for editors' } } as Record<string, unknown>,
    propertyNames: { pattern: `^(\\${VERSIONS_SCHEMA_KEY}|${source(DNS_1035_LABEL)})$` },
    additionalProperties: {
      type: 'string',
      pattern: `^(?!latest$)(${source(IMAGE_TAG)}|${source(DIGEST)})$`,
      description: 'the image tag the environment runs',
    },
  };
}

/** The committed text of the schema file. */
export const versionsJsonSchemaText = (): string => `${JSON.stringify(versionsJsonSchema(), null, 2)}\n`;
