import { MctlError } from '../../errors.ts';
import { checkAgainstSchema } from '../../config/schema-check.ts';
import type { Position } from '../../source/types.ts';
import { loadYaml, type PositionedYaml } from '../../util/yaml.ts';
import { condaToPypi } from '../names.ts';
import { openSpecFile } from '../read-spec.ts';
import { readRequirementLines, type RequirementsContext } from '../requirements/parse.ts';
import { envFinding } from '../../findings/env-rules.ts';
import { suppressedIn } from '../spec.ts';
import { parseMatchSpec } from './matchspec.ts';
import { checkPipBlocks } from './pip-block.ts';
import { lineComments } from './comments.ts';

const SCHEMA = '../../schemas/environment.schema.json';

/**
 * Reads a conda environment.yml into the spec: YAML loaded safely (no custom tags, aliases
 * bounded), checked against schemas/environment.schema.json with line:col, conda match
 * specs parsed, the pip block read as lines of a requirements file (as conda hands it to
 * pip). Every problem is a finding; only a missing or unreadable file stops the command.
 */
export function readEnvironmentFile(path: string, display: string, ctx: RequirementsContext): void {
  const { spec } = ctx;
  const read = openSpecFile(spec, { path, display, kind: 'conda', included: false });
  if (read.text === null) return;
  // Readable only once the YAML is a mapping: set again at the end.
  const { info } = read;
  info.readable = false;
  let doc: PositionedYaml;
  try {
    doc = loadYaml(read.text, display);
  } catch (error) {
    spec.findings.push(yamlFinding(error, display));
    return;
  }
  const value = doc.value;
  if (exceedsNodes(value, MAX_NODES)) {
    spec.findings.push(
      envFinding('env-yaml-invalid', {
        file: display,
        message:
          `the document expands to more than ${MAX_NODES} values through aliases ` +
          '(a "billion laughs" file); it was not read',
        hint: 'environment files need no YAML anchors or aliases; write the lists out',
      }),
    );
    return;
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    spec.findings.push(
      envFinding('env-not-mapping', {
        file: display,
        loc: doc.locate('') ?? { line: 1, col: 1 },
        message: `environment.yml must be a mapping (name, channels, dependencies); this file is ${describe(value)}`,
        hint: 'start with `name: myenv`, then `channels:` and `dependencies:` lists',
      }),
    );
    return;
  }
  info.readable = true;
  const env = value as Record<string, unknown>;
  const comments = lineComments(read.text);
  const suppressedAt = (loc: Position | undefined) => (loc ? suppressedIn(comments.get(loc.line) ?? '') : []);
  const placement = checkPipBlocks(env, doc, display);
  spec.findings.push(...placement.findings);
  for (const problem of mergeAnyOf(checkAgainstSchema(SCHEMA, env))) {
    if (placement.covered.some((pointer) => problem.pointer === pointer || problem.pointer.startsWith(`${pointer}/`)))
      continue;
    const unknownKey = /^unknown key/.test(problem.message);
    const field = problem.pointer === '' ? 'the file' : problem.pointer.slice(1).replace(/\//g, '.');
    spec.findings.push(
      envFinding('env-schema', {
        file: display,
        loc: (unknownKey ? doc.locateKey(problem.pointer) : doc.locate(problem.pointer)) ?? { line: 1, col: 1 },
        message: unknownKey ? `${problem.message}: conda ignores it` : `${field} ${problem.message}`,
        hint:
          'keys are name, channels, dependencies, prefix and variables; ' +
          'schemas/environment.schema.json describes them',
      }),
    );
  }
  if (typeof env.name === 'string') spec.name = env.name;
  if (Array.isArray(env.channels))
    spec.channels.push(...env.channels.filter((c): c is string => typeof c === 'string'));
  if (env.variables && typeof env.variables === 'object' && !Array.isArray(env.variables)) {
    spec.variables = Object.fromEntries(Object.entries(env.variables).map(([k, v]) => [k, String(v)]));
  }
  if (!Array.isArray(env.dependencies)) return;
  spec.dependenciesLoc = { file: display, loc: doc.locateKey('/dependencies') ?? { line: 1, col: 1 } };
  env.dependencies.forEach((item, index) => {
    const pointer = `/dependencies/${index}`;
    const loc = doc.locate(pointer) ?? { line: 1, col: 1 };
    if (typeof item === 'string') readCondaSpec(item, { display, path, loc, suppressed: suppressedAt(loc) }, ctx);
    else if (placement.pipItems.has(index))
      readPipBlock(item as { pip: unknown[] }, pointer, doc, { display, path, comments }, ctx);
  });
}

function readCondaSpec(
  text: string,
  where: { display: string; path: string; loc: Position; suppressed: string[] },
  ctx: RequirementsContext,
): void {
  const { spec } = ctx;
  const parsed = parseMatchSpec(text);
  if ('error' in parsed) {
    spec.findings.push(
      envFinding('env-requirement-syntax', {
        file: where.display,
        loc: where.loc,
        message: `conda spec ${parsed.error}`,
        hint: 'conda specs look like numpy=1.26, numpy>=1.24,<2 or conda-forge::numpy=1.26.4',
      }),
    );
    return;
  }
  const specifier = parsed.specifiers.length === 1 ? parsed.specifiers[0]! : '';
  if (parsed.name.toLowerCase() === 'python') {
    spec.python = { specifier: parsed.convertible ? specifier : '', text, file: where.display, loc: where.loc };
    return;
  }
  if (parsed.name.toLowerCase() === 'pip') spec.pipListed = true;
  spec.conda.push({
    name: parsed.name,
    key: condaToPypi(parsed.name),
    installer: 'conda',
    specifier: parsed.convertible ? specifier : '',
    ...(parsed.specifiers.length > 1 && parsed.convertible ? { alternatives: parsed.specifiers } : {}),
    text,
    extras: [],
    pinned: parsed.version !== '',
    constraint: false,
    ...(parsed.channel ? { channel: parsed.channel } : {}),
    file: where.display,
    path: where.path,
    loc: where.loc,
    suppressed: where.suppressed,
  });
}

/** conda writes the pip block to a requirements file beside environment.yml and runs pip -r on it. */
function readPipBlock(
  block: { pip: unknown[] },
  pointer: string,
  doc: PositionedYaml,
  where: { display: string; path: string; comments: Map<number, string> },
  ctx: RequirementsContext,
): void {
  const lines = block.pip.flatMap((item, i) => {
    if (typeof item !== 'string') return [];
    const loc = doc.locate(`${pointer}/pip/${i}`) ?? { line: 1, col: 1 };
    return [{ text: item.trim(), line: loc.line, col: loc.col, comment: where.comments.get(loc.line) ?? '' }];
  });
  readRequirementLines(lines, { file: where.display, path: where.path, constraint: false }, ctx);
}

function yamlFinding(error: unknown, display: string) {
  if (!(error instanceof MctlError)) throw error;
  const details = error.details ?? {};
  const loc =
    typeof details.line === 'number' ? { line: details.line, col: Number(details.col ?? 1) } : { line: 1, col: 1 };
  const cause = error.cause as { reason?: string } | undefined;
  const reason = cause?.reason ?? error.message.replace(/^.*invalid YAML: /, '');
  if (/duplicate/i.test(reason)) {
    return envFinding('env-yaml-duplicate-key', {
      file: display,
      loc,
      message: `${reason}: conda would keep only one of them`,
      hint: 'merge the two entries into one key',
    });
  }
  return envFinding('env-yaml-invalid', {
    file: display,
    loc,
    message: `invalid YAML: ${reason}`,
    hint: error.hint ?? 'check the indentation and quoting on that line',
  });
}

/** A dependency that is neither a string nor a pip block fails both anyOf branches: one finding, not two. */
function mergeAnyOf(problems: { pointer: string; message: string }[]): { pointer: string; message: string }[] {
  const out: { pointer: string; message: string }[] = [];
  for (const problem of problems) {
    const item = /^\/dependencies\/\d+$/.test(problem.pointer) && /^must be /.test(problem.message);
    if (!item) {
      out.push(problem);
    } else if (!out.some((p) => p.pointer === problem.pointer)) {
      out.push({
        pointer: problem.pointer,
        message: 'must be a conda spec (a string such as numpy=1.26) or the `pip:` block',
      });
    }
  }
  return out;
}

/** Aliases are bounded by the loader, but nested aliases still multiply: count values as a walker would see them. */
const MAX_NODES = 100_000;

function exceedsNodes(value: unknown, limit: number): boolean {
  let count = 0;
  const stack = [value];
  while (stack.length > 0) {
    const item = stack.pop();
    if (++count > limit) return true;
    if (Array.isArray(item)) stack.push(...item);
    else if (item && typeof item === 'object') stack.push(...Object.values(item));
  }
  return false;
}

function describe(value: unknown): string {
  if (value === null) return 'empty';
  if (Array.isArray(value)) return 'a list';
  return `a ${typeof value}`;
}
