import { basename } from 'node:path';
import { MctlError } from '../errors.ts';
import type { InputItem, LoadedEntry, LoadSpec } from './harness-types.ts';
import { firstLine, openSession, toOrtFeeds } from './onnx.ts';
import { describeSpec, toFeeds, zeroFeeds, type TensorSpec } from './onnx-feeds.ts';
import { tensorToJson } from './onnx-outputs.ts';

/**
 * Mode 1, a model without a script: every JSON input is checked against the model's
 * declared inputs and turned into tensors once, before the first call, so a call is just
 * session.run (which keeps --repeat timings next to raw onnxruntime's).
 */
export async function loadOnnxEntry(spec: LoadSpec): Promise<LoadedEntry> {
  const { session, inputs, outputs } = await openSession(spec.model!, spec.device);
  let feeds: Record<string, unknown>[] = [];
  let labels: string[] = ['zeros'];
  const warnings: string[] = [];
  return {
    convention:
      `session.run(feeds) with inputs ${inputs.map(describeSpec).join(', ')} ` +
      `→ outputs ${outputs.map(describeSpec).join(', ')}`,
    warnings,
    signature: { inputs: inputs.map(tensorInfo), outputs: outputs.map(tensorInfo) },
    async prepare(items: InputItem[]) {
      if (items.length === 0) {
        warnings.push(
          'no input given: using zeros in the declared shapes (dynamic dimensions as 1) ' +
            `for ${inputs.map((s) => `'${s.name}'`).join(', ')}`,
        );
        feeds = [toOrtFeeds(toFeeds(zeroFeeds(inputs), inputs, 'zeros'))];
        return;
      }
      labels = items.map((item, i) => item.label ?? `input ${i + 1}`);
      feeds = items.map((item, i) => {
        if (item.text === undefined) {
          throw new MctlError('INPUT_NOT_JSON', `input ${i + 1} is raw bytes; an ONNX model takes JSON inputs`, {
            exit: 'BAD_INPUT',
            hint: 'pass --input FILE.json mapping input names to arrays',
          });
        }
        const label = item.label ?? `input ${i + 1}`;
        return toOrtFeeds(toFeeds(JSON.parse(item.text) as unknown, inputs, label));
      });
    },
    bind(index: number) {
      const feed = feeds[index] as Parameters<typeof session.run>[0];
      return () => session.run(feed);
    },
    failure(error: unknown, index: number) {
      // No user code here: the model refused this input (a constraint its metadata cannot express).
      return new MctlError(
        'ONNX_RUN_FAILED',
        `onnxruntime could not run ${basename(spec.model!)} on ${labels[index] ?? 'this input'}: ` +
          `${firstLine(error instanceof Error ? error.message : String(error))}`,
        {
          exit: 'BAD_INPUT',
          hint:
            "the shapes and types matched the model's declared inputs, but an operator refused the values; " +
            'check the sizes the model expects (e.g. a minimum length)',
        },
      );
    },
    toJson(result: unknown) {
      const out: Record<string, unknown> = {};
      for (const [name, tensor] of Object.entries(
        result as Record<string, { type: string; dims: readonly number[]; data: unknown }>,
      ))
        out[name] = tensorToJson(tensor);
      return out;
    },
  };
}

function tensorInfo(spec: TensorSpec): { name: string; type: string; shape: (number | string)[] } {
  return { name: spec.name, type: spec.type ?? 'unknown', shape: spec.shape ?? [] };
}
