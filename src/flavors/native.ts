import type { ScriptExport, ScriptOutline } from '../source/types.ts';
import type { Report } from '../findings/finding.ts';
import { FILE_START, type ScriptFlavor } from './types.ts';
import { nativeContract } from './native-serve.ts';

// init is optional (mctl run calls it when exported); run is what serves requests.
const CALLS: Record<string, { args: string; required: boolean }> = {
  init: { args: 'modelDir, context', required: false },
  run: { args: 'input, context', required: true },
};

/**
 * mctl's own TypeScript/JavaScript flavor: a module exporting `init(modelDir, context)` and
 * `run(input, context)` (sync or async), run in process on onnxruntime-node.
 */
export const native: ScriptFlavor = {
  id: 'native',
  title: 'Native TypeScript/JavaScript',
  language: 'script',
  contract:
    'export run(input, context) and optionally init(modelDir, context); ' +
    'context.session() gives an onnxruntime-node session',
  fileName: { importedByName: false },
  platformModules: [],
  // mctl run has no loader hook: these reach the entry only through its context argument.
  contextPackages: {
    'onnxruntime-node': 'context.ort (Tensor, InferenceSession, …) and context.session()',
    'onnxruntime-common': 'context.ort (onnxruntime-node re-exports it)',
  },
  scaffold: {
    sets: (o) => ['native', `native-${o.language ?? 'ts'}`],
    entry: (_n, o) => `score.${o.language ?? 'ts'}`,
    modelDir: 'model',
  },
  sources: ["mctl's own contract (README, Native entries)"],
  // ---- mctl serve: POST /predict and KServe v2, in native-serve.ts (bare ONNX models too) ----
  serve: nativeContract(),
  // ---- end of mctl serve ----

  detect(outline) {
    const names = exportedNames(outline);
    const score = (names.has('run') ? 3 : 0) + (names.has('init') ? 1 : 0);
    return { score, reasons: score > 0 ? [`exports ${[...names].filter((n) => n in CALLS).join(' and ')}`] : [] };
  },

  check(outline) {
    const reports: Report[] = [];
    for (const [name, spec] of Object.entries(CALLS)) {
      const exp = outline.exports.findLast((e) => e.name === name);
      if (!exp) {
        if (outline.hasStarExport) continue;
        const inDefault = outline.defaultExport?.memberNames.includes(name);
        if (!spec.required && !inDefault) continue;
        reports.push({
          ruleId: 'missing-callable',
          message: `no named export '${name}'${inDefault ? ' (it is only a member of the default export)' : ''}`,
          loc: outline.defaultExport?.loc ?? FILE_START,
          hint: inDefault
            ? `export it by name: \`export function ${name}(${spec.args}) {…}\` or \`export { ${name} }\`; ` +
              'mctl reads named exports'
            : `add \`export ${name === 'run' ? 'async ' : ''}function ${name}(${spec.args}) {…}\``,
        });
        continue;
      }
      reports.push(...checkExport(exp, spec.args));
    }
    return reports;
  },
};

function checkExport(exp: ScriptExport, args: string): Report[] {
  if (exp.callable === 'no') {
    return [
      {
        ruleId: 'signature',
        message: `'${exp.name}' is exported as a ${exp.kind}, not a function`,
        loc: exp.loc,
        hint: `export a function: \`export function ${exp.name}(${args})\``,
      },
    ];
  }
  if (exp.callable === 'unknown') {
    return [
      {
        ruleId: 'signature',
        severity: 'info',
        message:
          `cannot tell statically whether '${exp.name}' is a function ` +
          `(${exp.kind === 'reexport' ? 're-exported' : 'computed value'})`,
        loc: exp.loc,
        hint: 'mctl run checks it when the module loads',
      },
    ];
  }
  const required = exp.params.filter((p) => !p.hasDefault && p.kind !== 'var-positional');
  if (required.length > 2) {
    return [
      {
        ruleId: 'signature',
        message: `${exp.name}() requires ${required.length} arguments, but mctl calls ${exp.name}(${args})`,
        loc: exp.loc,
        hint: `take (${args}) and read anything else from context`,
      },
    ];
  }
  return [];
}

function exportedNames(outline: ScriptOutline): Set<string> {
  return new Set(outline.exports.map((e) => e.name));
}
