/**
 * Inputs for bench/archive, generated from a fixed seed so every run (and every machine) packs
 * the same bytes: float32 weights, many small files, a mix, and compressible text.
 */
import { closeSync, mkdirSync, openSync, writeFileSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';

export interface Scenario {
  name: string;
  /** What `mctl archive` is given, besides the name, handler and export path. */
  mctlArgs: string[];
  /** The same files copied by cp (`cp -r` for a directory). */
  cpArgs: string[];
  bytes: number;
}

const HANDLER = 'def handle(data, context):\n    return None if data is None else [len(data)]\n';
const MiB = 1024 * 1024;

export function makeScenario(work: string, name: string, largeMiB: number): Scenario {
  mkdirSync(work, { recursive: true });
  writeFileSync(join(work, 'model_handler.py'), HANDLER);
  const random = xorshift(0x9e3779b9);
  const file = (path: string, label: string, bytes: number): Scenario => ({
    name: label,
    mctlArgs: ['--serialized-file', path],
    cpArgs: [path],
    bytes,
  });
  const directory = (label: string, bytes: number): Scenario => ({
    name: label,
    mctlArgs: ['--model-dir', 'model'],
    cpArgs: ['-r', 'model'],
    bytes,
  });
  switch (name) {
    case 'weights':
      return file('model.pt', '512 MiB float32 weights', writeWeights(join(work, 'model.pt'), 512, random));
    case 'large':
      return file(
        'model.pt',
        `${largeMiB / 1024} GiB float32 weights`,
        writeWeights(join(work, 'model.pt'), largeMiB, random),
      );
    case 'small':
      return directory('3000 small files (text, JSON, binary)', writeSmallFiles(join(work, 'model'), 3000, random));
    case 'mix': {
      let bytes = writeWeights(join(work, 'model/model.safetensors'), 256, random);
      bytes += writeText(join(work, 'model/tokenizer/vocab.txt'), 24, random);
      bytes += writeSmallFiles(join(work, 'model/extra'), 600, random);
      return directory('256 MiB weights + 24 MiB vocab + 600 small files', bytes);
    }
    case 'text':
      return file('corpus.jsonl', '128 MiB JSON lines (deflated)', writeText(join(work, 'corpus.jsonl'), 128, random));
    default:
      throw new Error(`unknown scenario ${name}: weights, large, small, mix, text`);
  }
}

/** xorshift32 in [0, 1): deterministic and fast enough for gigabytes. */
function xorshift(seed: number): () => number {
  let state = seed;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return ((state >>> 0) + 0.5) / 4294967296;
  };
}

/**
 * Normally distributed float32 (sd 0.02), as trained weights are. Past 64 MiB the first block
 * is repeated with a counter in each copy: generating 5 GiB of fresh normals would take minutes,
 * and neither the CRC, the hash nor the stored-or-deflate choice depends on the repetition.
 */
function writeWeights(path: string, mib: number, random: () => number): number {
  mkdirSync(dirname(path), { recursive: true });
  const block = Buffer.alloc(Math.min(mib, 64) * MiB);
  const floats = new Float32Array(block.buffer, block.byteOffset, block.length / 4);
  for (let i = 0; i < floats.length; i += 2) {
    const r = Math.sqrt(-2 * Math.log(random())) * 0.02;
    const theta = 2 * Math.PI * random();
    floats[i] = r * Math.cos(theta);
    floats[i + 1] = r * Math.sin(theta);
  }
  const fd = openSync(path, 'w');
  for (let done = 0, copy = 0; done < mib * MiB; done += block.length, copy++) {
    block.writeUInt32LE(copy, 0);
    writeSync(fd, block);
  }
  closeSync(fd);
  return mib * MiB;
}

const WORDS = [
  'the',
  'model',
  'weight',
  'token',
  'layer',
  'attention',
  'head',
  'input',
  'output',
  'batch',
  'tensor',
  'shape',
];

function line(random: () => number, i: number): string {
  const words = Array.from({ length: 4 + Math.floor(random() * 8) }, () => WORDS[Math.floor(random() * WORDS.length)]);
  return `{"id": ${i}, "text": "${words.join(' ')}", "score": ${random().toFixed(6)}}\n`;
}

function writeText(path: string, mib: number, random: () => number): number {
  mkdirSync(dirname(path), { recursive: true });
  const fd = openSync(path, 'w');
  let written = 0;
  for (let i = 0; written < mib * MiB;) {
    const lines: string[] = [];
    for (let j = 0; j < 10_000; j++) lines.push(line(random, i++));
    const chunk = Buffer.from(lines.join('')).subarray(0, mib * MiB - written);
    writeSync(fd, chunk);
    written += chunk.length;
  }
  closeSync(fd);
  return written;
}

/** Sizes from 100 B to 64 KiB, log-uniform; a third each Python-like text, JSON and random bytes. */
function writeSmallFiles(dir: string, count: number, random: () => number): number {
  let total = 0;
  for (let i = 0; i < count; i++) {
    const size = Math.floor(100 * Math.pow(655.36, random()));
    const kind = i % 3;
    const path = join(dir, `d${i % 40}`, `f${i}.${['py', 'json', 'bin'][kind]}`);
    mkdirSync(dirname(path), { recursive: true });
    let content: Buffer;
    if (kind === 2) {
      content = Buffer.alloc(size);
      for (let j = 0; j + 4 <= size; j += 4) content.writeUInt32LE((random() * 4294967296) >>> 0, j);
    } else {
      let text = '';
      for (let j = 0; text.length < size; j++) {
        text += kind === 0 ? `def f${j}(x):\n    return x * ${j}\n` : line(random, j);
      }
      content = Buffer.from(text.slice(0, size));
    }
    writeFileSync(path, content);
    total += size;
  }
  return total;
}
