import type { ClassDef, PythonOutline } from '../source/types.ts';
import type { Report } from '../findings/finding.ts';
import { findMethod, hasExternalBase, importsFrom, method, moduleFunction, otherBinding } from './lookup.ts';
import { bindCall, formatSignature } from './signature.ts';
import { pascalCase } from '../util/case.ts';
import { FILE_START, type PythonFlavor } from './types.ts';
import { torchServeContract } from './mms-serve.ts';

/**
 * Multi Model Server and TorchServe custom handlers. The server imports the module by name
 * and uses the function named in `module:function` (default `handle`); without such a
 * function, the module must define exactly one class, built with no arguments, with
 * `initialize(context)` and `handle(data, context)` (inherited ones count).
 */
export const mms: PythonFlavor = {
  id: 'mms',
  title: 'Multi Model Server / TorchServe',
  language: 'python',
  contract:
    'handle(data, context) with data a list of {"body": …}; ' +
    'or one class with initialize(context) and handle(data, context)',
  // Both servers load the handler with importlib.import_module(name) (ts/model_loader.py,
  // mms/model_loader.py), which takes Handler or llama-handler (TorchServe's own examples) as they are.
  fileName: { importedByName: true, nameRule: 'importable', serverModules: ['ts', 'mms', 'model_service'] },
  platformModules: ['ts', 'mms'],
  environment: { form: 'requirements', files: ['requirements.txt'] },
  hosting: { layout: 'model-dir', gpu: 'gpu-id' },
  scaffold: {
    sets: (o) => (o.handlerClass ? ['mms', 'mms-class'] : ['mms']),
    entry: (n) => `${n}_handler.py`,
    // A class handler is named by its module alone: TorchServe finds the one class itself.
    handler: (n, o) => (o.handlerClass ? `${n}_handler` : `${n}_handler:handle`),
    envFile: 'requirements.txt',
    modelDir: 'model',
    vars: (name) => ({ class_name: `${pascalCase(name)}Handler` }),
  },
  sources: [
    'Multi Model Server, "Custom Service": ' +
      'https://github.com/awslabs/multi-model-server/blob/master/docs/custom_service.md',
    'TorchServe, "Custom Service" and ts/model_loader.py: https://pytorch.org/serve/custom_service.html',
  ],
  // ---- mctl serve: TorchServe's inference and management APIs, in mms-serve.ts ----
  serve: torchServeContract(),
  // ---- end of mctl serve ----

  detect(outline, ctx) {
    const reasons: string[] = [];
    let score = 0;
    const fnName = ctx.handlerFunction ?? 'handle';
    const fn = moduleFunction(outline, fnName);
    if (fn && fn.params.length >= 2) {
      score += 3;
      reasons.push(`defines ${fnName}(data, context)`);
    }
    const cls = handlerClass(outline);
    if (!fn && cls) {
      score += 3;
      reasons.push(`class ${cls.name} has handle()`);
    }
    if (importsFrom(outline, 'ts').length > 0 || importsFrom(outline, 'mms').length > 0) {
      score += 2;
      reasons.push('imports ts or mms');
    }
    return { score, reasons };
  },

  check(outline, ctx) {
    const reports: Report[] = [];
    const fnName = ctx.handlerFunction ?? 'handle';
    const hint =
      'the server calls handle(data, context) with data a list of {"body": …} (and once with data=None at load)';
    const fn = moduleFunction(outline, fnName);
    if (fn) {
      const problem = bindCall(fn, { positional: 2 });
      if (problem)
        reports.push({ ruleId: 'signature', message: `${problem} (${formatSignature(fn)})`, loc: fn.loc, hint });
      return reports;
    }
    if (otherBinding(outline, fnName)) return reports;
    // Without that function the server falls back to the class entry point, even when the
    // handler string named a function: it counts the classes defined in this module.
    if (ctx.handlerFunction && ctx.handlerFunction !== 'handle' && outline.classes.length === 1) {
      reports.push({
        ruleId: 'handler-not-found',
        severity: 'warning',
        message:
          `the handler names '${fnName}', which ${ctx.fileName} does not define; ` +
          `the server will use class ${outline.classes[0]!.name} instead`,
        loc: FILE_START,
        hint: `write the handler as ${ctx.moduleName} (without :${fnName}) to say so`,
      });
    } else if (ctx.handlerFunction && outline.classes.length !== 1) {
      reports.push({
        ruleId: 'handler-not-found',
        message:
          `the handler names function '${fnName}', but ${ctx.fileName} defines no such function ` +
          '(and no single handler class to fall back to)',
        loc: FILE_START,
        hint: `define def ${fnName}(data, context): in ${ctx.fileName}, or fix the handler string`,
      });
      return reports;
    }
    if (outline.classes.length !== 1) {
      const found = outline.classes.map((c) => `${c.name} (line ${c.loc.line})`).join(', ');
      reports.push({
        ruleId: outline.classes.length === 0 ? 'missing-callable' : 'entry-class',
        message:
          outline.classes.length === 0
            ? `no module-level ${fnName}(data, context) and no handler class`
            : `no module-level ${fnName}() and ${outline.classes.length} classes defined (${found}); ` +
              'the server needs exactly one class or a function',
        loc: outline.classes[1]?.loc ?? FILE_START,
        hint:
          outline.classes.length === 0
            ? hint
            : 'move helper classes (e.g. an nn.Module) to another module, or add a module-level handle() function',
      });
      return reports;
    }
    const cls = outline.classes[0]!;
    const external = hasExternalBase(outline, cls);
    for (const [name, call] of [
      ['initialize', { positional: 1 }],
      ['handle', { positional: 2 }],
    ] as const) {
      const m = findMethod(outline, cls, name);
      if (!m) {
        if (!external)
          reports.push({
            ruleId: 'missing-callable',
            message: `${cls.name} has no ${name}() method`,
            loc: cls.loc,
            hint:
              `define ${name}(self, ${name === 'handle' ? 'data, context' : 'context'}) ` +
              'or derive from ts.torch_handler.base_handler.BaseHandler',
          });
        continue;
      }
      const problem = bindCall(m, call, { method: true });
      if (problem)
        reports.push({
          ruleId: 'signature',
          message: `${cls.name}.${problem} (${formatSignature(m)})`,
          loc: m.loc,
          hint,
        });
    }
    const init = method(cls, '__init__');
    const initProblem = init && bindCall(init, { positional: 0 }, { method: true });
    if (init && initProblem) {
      reports.push({
        ruleId: 'signature',
        message: `${cls.name}.${initProblem} (${formatSignature(init)})`,
        loc: init.loc,
        hint: 'the server builds the handler class with no arguments; read settings in initialize(context)',
      });
    }
    return reports;
  },
};

function handlerClass(outline: PythonOutline): ClassDef | undefined {
  return outline.classes.find(
    (c) => method(c, 'handle') || (hasExternalBase(outline, c) && /Handler/.test(c.bases.join(' '))),
  );
}
