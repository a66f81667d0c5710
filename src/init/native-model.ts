import { basename, resolve } from 'node:path';
import { MctlError } from '../errors.ts';
import { readRegularFile } from '../util/read-file.ts';
import type { TemplateFile } from './templates.ts';

/**
 * `mctl init --flavor native --model your.onnx`: the user's model instead of the tiny one,
 * and a sample input built from its metadata (zeros in the declared shapes, dynamic
 * dimensions as 1), so `mctl run --input sample.json` answers at once.
 */
/** protobuf's limit: an ONNX file cannot be larger (bigger models keep weights outside it). */
const MAX_ONNX_BYTES = 2 * 1024 ** 3;

export async function userModelFiles(cwd: string, model: string): Promise<TemplateFile[]> {
  const path = resolve(cwd, model);
  const bytes = readRegularFile(path, {
    shown: `--model ${model}`,
    maxBytes: MAX_ONNX_BYTES,
    what: 'ONNX model',
    tooLargeHint: 'ONNX keeps larger weights in external data files; copy the model into model/ yourself',
  });
  // onnxruntime loads only here, and only when --model is given.
  const { openSession } = await import('../runtime/onnx.ts');
  const { zeroFeeds } = await import('../runtime/onnx-feeds.ts');
  const { inputs } = await openSession(path, 'cpu', model);
  const unsupported = inputs.filter((i) => !i.isTensor);
  if (unsupported.length > 0) {
    throw new MctlError(
      'MODEL_UNSUPPORTED',
      `--model ${model}: inputs ${unsupported.map((i) => i.name).join(', ')} are not tensors`,
      {
        exit: 'BAD_INPUT',
        hint: 'the native scaffold feeds tensors; adapt run() in the entry for sequence or map inputs',
      },
    );
  }
  return [
    { path: `model/${basename(path).endsWith('.onnx') ? basename(path) : `${basename(path)}.onnx`}`, content: bytes },
    { path: 'sample.json', content: `${JSON.stringify(zeroFeeds(inputs))}\n` },
  ];
}
