import type { PositionedYaml } from '../../util/yaml.ts';
import type { Finding } from '../../findings/finding.ts';
import { envFinding } from '../../findings/env-rules.ts';

export interface PipBlockCheck {
  findings: Finding[];
  /** JSON pointers already explained here, so the schema check does not report them again. */
  covered: string[];
  /** Indexes in `dependencies` of the pip block to read (the first well-formed one). */
  pipItems: Set<number>;
}

const HINT =
  'the pip block is one item of the dependencies list:\n' +
  '  dependencies:\n    - pip\n    - pip:\n        - requests==2.32.3';

/** Where the `pip:` block may be: one `- pip: [...]` item of `dependencies`, nowhere else. */
export function checkPipBlocks(env: Record<string, unknown>, doc: PositionedYaml, file: string): PipBlockCheck {
  const findings: Finding[] = [];
  const covered: string[] = [];
  const pipItems = new Set<number>();
  const report = (pointer: string, message: string, useKey = false) => {
    // The schema's anyOf would also call the whole item wrong; this finding says why.
    covered.push(/^\/dependencies\/\d+/.exec(pointer)?.[0] ?? pointer);
    findings.push(
      envFinding('env-pip-block', {
        file,
        loc: (useKey ? doc.locateKey(pointer) : doc.locate(pointer)) ?? { line: 1, col: 1 },
        message,
        hint: HINT,
      }),
    );
  };
  if ('pip' in env)
    report('/pip', '`pip:` is a top-level key, so conda ignores it and none of these packages is installed', true);
  const deps = env.dependencies;
  if (deps && typeof deps === 'object' && !Array.isArray(deps) && 'pip' in deps) {
    report(
      '/dependencies',
      '`dependencies:` is a mapping holding `pip:`; ' +
        'it must be a list whose items are conda specs and one `- pip:` block',
    );
  }
  if (!Array.isArray(deps)) return { findings, covered, pipItems };
  deps.forEach((item, index) => {
    if (!item || typeof item !== 'object' || Array.isArray(item) || !('pip' in item)) return;
    const pointer = `/dependencies/${index}`;
    const block = (item as Record<string, unknown>).pip;
    const others = Object.keys(item).filter((k) => k !== 'pip');
    if (others.length > 0)
      return report(
        pointer,
        `the pip block shares its mapping with ${others.map((k) => `'${k}'`).join(', ')}; ` +
          "a missing '-' or wrong indentation merged them",
      );
    if (block === null || block === undefined) {
      return report(
        pointer,
        '`- pip:` is empty: its packages are probably indented at the same level as `- pip:` ' +
          'and so are read as conda packages',
      );
    }
    if (!Array.isArray(block))
      return report(
        `${pointer}/pip`,
        'the pip block must be a list of requirement lines, ' +
          `not ${typeof block === 'string' ? 'a string' : 'a mapping'}`,
      );
    block.forEach((line, i) => {
      if (typeof line !== 'string')
        report(
          `${pointer}/pip/${i}`,
          'a pip block item must be one requirement line (a string); nested lists or mappings are at the wrong level',
        );
    });
    if (pipItems.size > 0) return report(pointer, 'a second `- pip:` block: conda reads only one; merge them');
    pipItems.add(index);
  });
  return { findings, covered, pipItems };
}
