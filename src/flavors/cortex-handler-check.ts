import type { FunctionDef, PythonOutline } from '../source/types.ts';
import type { Report } from '../findings/finding.ts';
import { names, type HandlerReading } from './cortex-handler.ts';
import { findMethod, hasExternalBase } from './lookup.ts';
import { bindCall } from './signature.ts';
import { missingLoadModel } from './cortex-class.ts';

/**
 * A v0.35 Handler or Task as Cortex's loader takes it: where the loader checks its table
 * (AsyncAPI, BatchAPI, TaskAPI: validate_class_impl), every argument name must be one the table
 * lists and the required ones must be there; everywhere, Cortex then passes the names it knows by
 * keyword (Task's config positionally), and Python must bind that call.
 */
export function checkHandler(outline: PythonOutline, reading: HandlerReading): Report[] {
  const { spec, cls, init, entry, needs, kind } = reading;
  const tf = needs === 'tensorflow_client' ? ['tensorflow_client'] : [];
  const passed = [...spec.construct, ...tf];
  const required = [...spec.required, ...(spec.enforced ? tf : [])];
  const where = `Cortex v0.35 (${spec.source})`;
  const optional = passed.filter((n) => !required.includes(n)).join(', ');
  const builds =
    required.length > 0 ? `builds ${cls.name}(${required.join(', ')}) by keyword and also passes` : 'passes';
  const grpc = kind === 'RealtimeAPI' ? ' (gRPC: proto_module_pb2, though the docs write module_proto_pb2)' : '';
  const ctorHint = `${where} ${builds} ${optional} by keyword to an __init__ that names them${grpc}`;
  const reports: Report[] = [];
  const inherited = hasExternalBase(outline, cls);
  if (init) {
    reports.push(...checkArgs(init, cls.name, { required, allowed: passed, enforced: spec.enforced }, ctorHint));
  } else if (required.length > 0 && !inherited) {
    const message = `${cls.name} has no __init__(self, ${required.join(', ')}), which Cortex's loader requires`;
    reports.push({ ruleId: 'signature', message, loc: cls.loc, hint: ctorHint });
  }
  const methodHint = `${where} calls ${spec.method}() with any of ${spec.methodArgs.join(', ')} by name`;
  if (kind === 'TaskAPI') {
    const hint = `${where} calls ${cls.name}()(config) with the API's config merged with the job's`;
    const rule = { required: ['config'], allowed: ['config'], enforced: true, positional: 1 };
    reports.push(...checkArgs(entry!, cls.name, rule, hint));
  } else if (kind === 'RealtimeAPI') {
    for (const verb of reading.verbs) {
      reports.push(
        ...checkArgs(verb, cls.name, { required: [], allowed: spec.methodArgs, enforced: false }, methodHint),
      );
    }
  } else {
    reports.push(
      ...checkArgs(entry!, cls.name, { required: [], allowed: spec.methodArgs, enforced: true }, methodHint),
    );
    const done = kind === 'BatchAPI' ? findMethod(outline, cls, 'on_job_complete') : undefined;
    if (done) {
      const hint = `${where} calls on_job_complete(self) once, after the last batch`;
      reports.push(...checkArgs(done, cls.name, { required: [], allowed: [], enforced: true }, hint));
    }
  }
  if (kind === 'RealtimeAPI' && init && names(init).includes('model_client') && !inherited)
    reports.push(...missingLoadModel(outline, cls, init, 'model_client', 'handler'));
  return reports;
}

interface ArgRule {
  required: string[];
  allowed: string[];
  /** The loader refuses names outside `allowed` and a first argument not called self. */
  enforced: boolean;
  /** Arguments Cortex passes positionally (Task's config); the rest go by keyword. */
  positional?: number;
}

function checkArgs(fn: FunctionDef, owner: string, rule: ArgRule, hint: string): Report[] {
  const seen = names(fn);
  const problem = (message: string): Report[] => [{ ruleId: 'signature', message, loc: fn.loc, hint }];
  if (rule.enforced) {
    if (fn.params[0]?.name !== 'self')
      return problem(`Cortex's loader requires ${owner}.${fn.name}()'s first argument to be self`);
    const unknown = seen.filter((n) => !rule.allowed.includes(n));
    if (unknown.length > 0) {
      const listed = unknown.map((n) => `'${n}'`).join(', ');
      const allowed = rule.allowed.length > 0 ? `it allows ${rule.allowed.join(', ')}` : 'it allows self only';
      return problem(`${owner}.${fn.name}() has ${listed}, which Cortex's loader refuses (${allowed})`);
    }
    const missing = rule.required.filter((n) => !seen.includes(n));
    if (missing.length > 0)
      return problem(`${owner}.${fn.name}() must take ${missing.join(', ')}: Cortex's loader requires it`);
  }
  const positional = rule.positional ?? 0;
  const keywords = positional > 0 ? [] : seen.filter((n) => rule.allowed.includes(n));
  const bound = bindCall(fn, { positional, keywords }, { method: true });
  return bound ? problem(`${owner}.${bound}`) : [];
}
