import type { ClassDef, FunctionDef, PythonOutline } from '../source/types.ts';
import { findMethod, moduleClass } from './lookup.ts';
import type { CallPlan } from './types.ts';

/**
 * Cortex v0.35's Handler classes (and TaskAPI's Task), as its serving code (python/serve@v0.35.0)
 * loads them. v0.35 is the only release with them: v0.36 replaced every workload with containers
 * the user builds, so no later release loads a Python class.
 */
export interface HandlerReading {
  style: 'handler';
  kind: HandlerKind;
  spec: HandlerSpec;
  cls: ClassDef;
  init: FunctionDef | undefined;
  /** What Cortex calls per request, batch or job (handle_post for RealtimeAPI; undefined for gRPC). */
  entry: FunctionDef | undefined;
  /** RealtimeAPI: every handle_<verb> the class defines. */
  verbs: FunctionDef[];
  /** The constructor argument only Cortex's serving image can fill, if the class takes one. */
  needs: 'tensorflow_client' | 'proto_module_pb2' | undefined;
  label: string;
}

export type HandlerKind = 'RealtimeAPI' | 'AsyncAPI' | 'BatchAPI' | 'TaskAPI';

export interface HandlerSpec {
  className: 'Handler' | 'Task';
  method: string;
  /** Constructor names Cortex passes by keyword (python handler type; a TensorFlow one adds tensorflow_client). */
  construct: string[];
  /** Constructor names the loader requires (its validation table). */
  required: string[];
  methodArgs: string[];
  /**
   * Whether the loader checks the class against its table (validate_class_impl). RealtimeAPI's
   * tables are nested by protocol and validate_class_impl reads neither (realtime.py@v0.35.0), so
   * there only Python's binding of the keyword arguments counts.
   */
  enforced: boolean;
  source: string;
}

const SERVE = 'cortexlabs/cortex python/serve/cortex_internal/lib/api';
export const VERBS = ['post', 'get', 'put', 'patch', 'delete'];

export const HANDLER_SPECS: Record<HandlerKind, HandlerSpec> = {
  RealtimeAPI: {
    className: 'Handler',
    method: 'handle_post',
    construct: ['config', 'metrics_client', 'model_client', 'proto_module_pb2'],
    required: [],
    methodArgs: ['payload', 'query_params', 'headers'],
    enforced: false,
    source: `${SERVE}/realtime.py@v0.35.0, python/serve/cortex_internal/serve/serve.py@v0.35.0`,
  },
  AsyncAPI: {
    className: 'Handler',
    method: 'handle_async',
    construct: ['config', 'metrics_client'],
    required: ['config'],
    methodArgs: ['payload', 'request_id'],
    enforced: true,
    source: `${SERVE}/async_api.py@v0.35.0`,
  },
  BatchAPI: {
    className: 'Handler',
    method: 'handle_batch',
    construct: ['config', 'job_spec', 'metrics_client'],
    required: ['config'],
    methodArgs: ['payload', 'batch_id'],
    enforced: true,
    source: `${SERVE}/batch.py@v0.35.0`,
  },
  TaskAPI: {
    className: 'Task',
    method: '__call__',
    construct: ['metrics_client'],
    required: [],
    methodArgs: ['config'],
    enforced: true,
    source: `${SERVE}/task.py@v0.35.0`,
  },
};

export function readHandler(outline: PythonOutline): HandlerReading | undefined {
  const handler = moduleClass(outline, 'Handler');
  if (handler) {
    const has = (name: string) => findMethod(outline, handler, name);
    const verbs = VERBS.map((v) => has(`handle_${v}`)).filter((m) => m !== undefined);
    const init = has('__init__');
    const grpc = ['proto_module_pb2', 'module_proto_pb2'].some((n) => init && names(init).includes(n));
    const kind: HandlerKind | undefined =
      verbs.length > 0 || grpc
        ? 'RealtimeAPI'
        : has('handle_async')
          ? 'AsyncAPI'
          : has('handle_batch')
            ? 'BatchAPI'
            : undefined;
    if (kind) return reading(kind, handler, init, grpc ? undefined : has(HANDLER_SPECS[kind].method), verbs);
  }
  const task = moduleClass(outline, 'Task');
  const call = task && findMethod(outline, task, '__call__');
  if (task && call && names(call).includes('config')) {
    return reading('TaskAPI', task, findMethod(outline, task, '__init__'), call, []);
  }
  return undefined;
}

function reading(
  kind: HandlerKind,
  cls: ClassDef,
  init: FunctionDef | undefined,
  entry: FunctionDef | undefined,
  verbs: FunctionDef[],
): HandlerReading {
  const spec = HANDLER_SPECS[kind];
  const ctor = names(init);
  const needs = ctor.includes('tensorflow_client')
    ? 'tensorflow_client'
    : ctor.some((n) => n.endsWith('_pb2'))
      ? 'proto_module_pb2'
      : undefined;
  const type = needs === 'tensorflow_client' ? ' TensorFlow handler' : needs ? ' gRPC' : '';
  const called = kind === 'TaskAPI' ? 'Task()(config)' : `${cls.name}(${ctor.join(', ')})`;
  const method = kind === 'TaskAPI' || !entry ? '' : `.${entry.name}(${names(entry).join(', ')})`;
  const label = `${called}${method} ${kind}${type} (Cortex v0.35)`;
  return { style: 'handler', kind, spec, cls, init, entry, verbs, needs, label };
}

/**
 * The argument names Cortex's loader sees (inspect.getfullargspec(fn).args, without self): the
 * positional parameters, so a keyword-only one is never passed.
 */
export function names(fn: FunctionDef | undefined): string[] {
  if (!fn) return [];
  const positional = fn.params.filter((p) => p.kind === 'positional-only' || p.kind === 'positional-or-keyword');
  return positional.slice(1).map((p) => p.name);
}

export function handlerPlan(reading: HandlerReading): CallPlan {
  const { spec, kind, entry, needs } = reading;
  const passed = needs === 'tensorflow_client' ? [...spec.construct, needs] : spec.construct;
  return {
    variant: 'handler',
    label: reading.label,
    kind,
    className: reading.cls.name,
    construct: names(reading.init).filter((n) => passed.includes(n)),
    method: entry?.name ?? null,
    call: entry ? names(entry).filter((n) => spec.methodArgs.includes(n)) : [],
    needs: needs ?? null,
  };
}
