import { readFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { MctlError, errnoCode } from '../errors.ts';
import type { TemplateFile } from './templates.ts';

/**
 * `mctl init --flavor native --model your.onnx`: the user's model instead of the tiny one,
 * and a sample input built from its metadata (zeros in the declared shapes, dynamic
 * dimensions as 1), so `mctl run --input sample.json` answers at once.
 */
export async function userModelFiles(cwd: string, model: string): Promise<TemplateFile[]> {
  const path = resolve(cwd, model);
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    throw new MctlError('MODEL_NOT_FOUND', `--model ${model}: ${errnoCode(error) === 'ENOENT' ? 'no such file' : 'cannot read it'}`, { exit: 'BAD_INPUT', hint: 'give the path of an .onnx file', details: { model } });
  }
  // onnxruntime loads only here, and only when --model is given.
  const { openSession } = await import('../runtime/onnx.ts');
  const { zeroFeeds } = await import('../runtime/onnx-feeds.ts');
  const { inputs } = await openSession(path, 'cpu', model);
  const unsupported = inputs.filter((i) => !i.isTensor);
  if (unsupported.length > 0) {
    throw new MctlError('MODEL_UNSUPPORTED', `--model ${model}: inputs ${unsupported.map((i) => i.name).join(', ')} are not tensors`, { exit: 'BAD_INPUT', hint: 'the native scaffold feeds tensors; adapt run() in the entry for sequence or map inputs' });
  }
  return [
    { path: `model/${basename(path).endsWith('.onnx') ? basename(path) : `${basename(path)}.onnx`}`, content: bytes },
    { path: 'sample.json', content: `${JSON.stringify(zeroFeeds(inputs))}\n` },
  ];
}
