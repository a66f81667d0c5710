import { createRequire } from 'node:module';
import type { ErrorObject, ValidateFunction } from 'ajv';

/**
 * The only importer of ajv. Compiles a JSON Schema from schemas/ once per process; loaded
 * only when a file actually needs validating.
 */
export interface SchemaProblem {
  /** JSON pointer of the offending value (`/rules/foo`). */
  pointer: string;
  message: string;
}

const require = createRequire(import.meta.url);
const compiled = new Map<string, ValidateFunction>();

/** The keys a schema allows in the object at `pointer` (`/archive` → serialized_file, …); none if it is open. */
export function schemaKeys(schemaFile: string, pointer: string): string[] {
  let node = require(schemaFile) as { properties?: Record<string, unknown> } | undefined;
  for (const segment of pointer.split('/').slice(1))
    node = node?.properties?.[segment.replace(/~1/g, '/').replace(/~0/g, '~')] as typeof node;
  return Object.keys(node?.properties ?? {}).filter((key) => key !== '$schema');
}

export function checkAgainstSchema(schemaFile: string, value: unknown): SchemaProblem[] {
  let validate = compiled.get(schemaFile);
  if (!validate) {
    const Ajv = require('ajv').default as typeof import('ajv').default;
    const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true });
    validate = ajv.compile(require(schemaFile) as object);
    compiled.set(schemaFile, validate);
  }
  if (validate(value)) return [];
  return (validate.errors ?? []).filter(isReportable).map(toProblem);
}

// With allErrors, an enum or oneOf failure also reports each branch; keep the useful ones.
function isReportable(error: ErrorObject): boolean {
  return error.keyword !== 'if' && error.keyword !== 'anyOf' && error.keyword !== 'oneOf';
}

function toProblem(error: ErrorObject): SchemaProblem {
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'additionalProperties':
      return {
        pointer: `${error.instancePath}/${String(params.additionalProperty)}`,
        message: `unknown key '${String(params.additionalProperty)}'`,
      };
    case 'enum':
      return {
        pointer: error.instancePath,
        message: `must be one of ${(params.allowedValues as unknown[]).map(String).join(', ')}`,
      };
    case 'type':
      return { pointer: error.instancePath, message: `must be ${String(params.type)}` };
    case 'pattern':
      return { pointer: error.instancePath, message: `does not match ${String(params.pattern)}` };
    case 'required':
      return { pointer: error.instancePath, message: `missing required key '${String(params.missingProperty)}'` };
    default:
      return { pointer: error.instancePath, message: error.message ?? 'is invalid' };
  }
}
