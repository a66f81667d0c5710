import type { Report } from '../findings/finding.ts';
import { findMethod, hasExternalBase, method, moduleClass } from './lookup.ts';
import { bindCall, formatSignature } from './signature.ts';
import { FILE_START, type PythonFlavor } from './types.ts';

/**
 * Hugging Face Inference Endpoints custom handlers: `handler.py` with class
 * `EndpointHandler`, built as `EndpointHandler(path)` and called as `handler(data)` with
 * `data = {"inputs": …, "parameters": {…}}`.
 */
export const hf: PythonFlavor = {
  id: 'hf',
  title: 'Hugging Face Inference Endpoints',
  language: 'python',
  contract: 'handler.py: EndpointHandler(path), then handler(data) with data = {"inputs": …, "parameters": …}',
  fileName: { importedByName: false, exactName: 'handler.py', serverModules: ['pipeline', 'transformers', 'huggingface_hub', 'starlette'] },
  platformModules: [],
  environment: { form: 'requirements', files: ['requirements.txt'] },
  hosting: { layout: 'entry-dir-front', gpu: 'visible-device' },
  scaffold: { sets: () => ['hf'], entry: () => 'handler.py', envFile: 'requirements.txt', modelDir: '.' },
  sources: ['Hugging Face Inference Endpoints, "Create custom Inference Handler": https://huggingface.co/docs/inference-endpoints/guides/custom_handler'],

  detect(outline, ctx) {
    const reasons: string[] = [];
    let score = 0;
    const cls = moduleClass(outline, 'EndpointHandler');
    if (cls) {
      score += 4;
      reasons.push(`defines class EndpointHandler on line ${cls.loc.line}`);
    }
    if (ctx.fileName === 'handler.py' && score > 0) {
      score += 1;
      reasons.push('the file is named handler.py');
    }
    return { score, reasons };
  },

  check(outline) {
    const reports: Report[] = [];
    const hint = 'the toolkit builds EndpointHandler(path) with the model directory, then calls handler(data) with a dict';
    const cls = moduleClass(outline, 'EndpointHandler');
    if (!cls) {
      const message = 'Hugging Face Inference Endpoints build class EndpointHandler from handler.py, '
        + 'but it is not defined';
      reports.push({ ruleId: 'missing-callable', message, loc: FILE_START, hint });
      return reports;
    }
    const init = method(cls, '__init__');
    const initProblem = init && bindCall(init, { positional: 1 }, { method: true });
    if (init && initProblem) reports.push({ ruleId: 'signature', message: `EndpointHandler.${initProblem} (${formatSignature(init)})`, loc: init.loc, hint: 'write def __init__(self, path=""):' });
    const call = findMethod(outline, cls, '__call__');
    if (!call) {
      if (!hasExternalBase(outline, cls)) reports.push({ ruleId: 'missing-callable', message: 'EndpointHandler has no __call__(self, data) method', loc: cls.loc, hint });
      return reports;
    }
    const problem = bindCall(call, { positional: 1 }, { method: true });
    if (problem) reports.push({ ruleId: 'signature', message: `EndpointHandler.${problem} (${formatSignature(call)})`, loc: call.loc, hint });
    return reports;
  },
};
