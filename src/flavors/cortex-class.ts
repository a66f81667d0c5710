import type { ClassDef, FunctionDef, PythonOutline } from '../source/types.ts';
import type { Report } from '../findings/finding.ts';
import { PREDICT_ARGS, argNames, type ClassReading } from './cortex-variants.ts';
import { findMethod, hasExternalBase } from './lookup.ts';
import { bindCall } from './signature.ts';

const POST_PREDICT_ARGS = ['response', 'payload', 'query_params', 'headers'];

/**
 * A predictor class as Cortex's loader (lib/api/predictor.py) checks it: every argument name
 * of __init__, predict and post_predict must be one Cortex passes, and the required ones must
 * be there; Cortex then passes them by keyword.
 */
export function checkPredictorClass(outline: PythonOutline, reading: ClassReading): Report[] {
  const { cls, spec, init, predict } = reading;
  const inherited = hasExternalBase(outline, cls);
  const required = spec.required.join(', ');
  const ctorHint = `Cortex builds ${spec.name}(${required}) by keyword; optional: ${shown(spec.optional).join(', ')}`;
  const reports: Report[] = [];
  if (init) {
    reports.push(...namesProblems(init, cls.name, spec.required, [...spec.required, ...spec.optional], ctorHint));
  } else if (!inherited) {
    const message = `${cls.name} has no __init__(self, ${required}), and Cortex passes ${required}`;
    reports.push({ ruleId: 'signature', message, loc: cls.loc, hint: ctorHint });
  }
  const predictHint = `Cortex calls predict() with any of ${PREDICT_ARGS.join(', ')} by name`;
  if (predict) {
    reports.push(...namesProblems(predict, cls.name, [], PREDICT_ARGS, predictHint));
  } else if (!inherited) {
    const message = `Cortex calls ${cls.name}.predict(), but the class has no predict() method`;
    reports.push({ ruleId: 'missing-callable', message, loc: cls.loc, hint: predictHint });
  }
  const post = findMethod(outline, cls, 'post_predict');
  if (post) {
    const hint = `Cortex calls post_predict() with any of ${POST_PREDICT_ARGS.join(', ')} by name`;
    reports.push(...namesProblems(post, cls.name, [], POST_PREDICT_ARGS, hint));
  }
  if (init && argNames(init).includes('python_client') && !inherited)
    reports.push(...missingLoadModel(outline, cls, init, 'python_client', 'predictor'));
  return reports;
}

/**
 * A class that takes Cortex's model client (v0.12–v0.34's python_client, v0.35's model_client):
 * the client's get_model() calls the class's load_model(self, model_path), which must exist.
 */
export function missingLoadModel(
  outline: PythonOutline,
  cls: ClassDef,
  init: FunctionDef,
  client: string,
  what: string,
): Report[] {
  if (findMethod(outline, cls, 'load_model')) return [];
  return [
    {
      ruleId: 'missing-callable',
      message:
        `${cls.name} takes ${client}, whose get_model() calls the ${what}'s load_model(self, model_path), ` +
        'which is not defined',
      loc: init.loc,
      hint: 'define def load_model(self, model_path): returning the loaded model',
    },
  ];
}

function namesProblems(fn: FunctionDef, owner: string, required: string[], allowed: string[], hint: string): Report[] {
  const names = argNames(fn);
  const unknown = names.filter((n) => !allowed.includes(n));
  if (unknown.length > 0) {
    const listed = unknown.map((n) => `'${n}'`).join(', ');
    const passed = shown(allowed).join(', ');
    const message = `${owner}.${fn.name}() has ${listed}, which Cortex does not pass (it passes ${passed})`;
    return [{ ruleId: 'signature', message, loc: fn.loc, hint }];
  }
  const missing = required.filter((n) => !names.includes(n));
  if (missing.length > 0) {
    const them = missing.length === 1 ? 'it' : 'them';
    const message = `${owner}.${fn.name}() must take ${missing.join(', ')}: Cortex requires ${them}`;
    return [{ ruleId: 'signature', message, loc: fn.loc, hint }];
  }
  const problem = bindCall(fn, { positional: 0, keywords: names }, { method: true });
  return problem ? [{ ruleId: 'signature', message: `${owner}.${problem}`, loc: fn.loc, hint }] : [];
}

// proto_module_pb2 is what Cortex's loader passes; its docs spell it module_proto_pb2.
function shown(names: string[]): string[] {
  return names.filter((n) => n !== 'proto_module_pb2');
}
