/**
 * Which Unicode encoding a file's bytes are in, from a byte-order mark or, without one, from
 * where the zero bytes fall (ASCII-range text in UTF-16 has a zero in every other byte, in
 * UTF-32 three of every four). Text mctl scans for something (a token in a file about to be
 * packed) must be decoded first, or UTF-16 hides it behind the NUL bytes that mark binaries.
 */
export type UnicodeForm = 'utf-8' | 'utf-16le' | 'utf-16be' | 'utf-32le' | 'utf-32be' | 'binary';

const SAMPLE = 4096;

export function detectUnicode(bytes: Uint8Array): { form: UnicodeForm; bom: number } {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { form: 'utf-8', bom: 3 };
  if (bytes[0] === 0xff && bytes[1] === 0xfe && bytes[2] === 0 && bytes[3] === 0) return { form: 'utf-32le', bom: 4 };
  if (bytes[0] === 0 && bytes[1] === 0 && bytes[2] === 0xfe && bytes[3] === 0xff) return { form: 'utf-32be', bom: 4 };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { form: 'utf-16le', bom: 2 };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { form: 'utf-16be', bom: 2 };
  return { form: guessWithoutBom(bytes), bom: 0 };
}

/** The text, or null for binary data. */
export function decodeUnicode(bytes: Uint8Array): string | null {
  const { form, bom } = detectUnicode(bytes);
  const body = bytes.subarray(bom);
  if (form === 'binary') return null;
  if (form === 'utf-32le' || form === 'utf-32be') return decodeUtf32(body, form === 'utf-32le');
  return new TextDecoder(form).decode(body);
}

function guessWithoutBom(bytes: Uint8Array): UnicodeForm {
  const n = Math.min(bytes.length, SAMPLE) & ~3;
  if (n < 4) return bytes.subarray(0, 8192).includes(0) ? 'binary' : 'utf-8';
  const zeros = [0, 0, 0, 0];
  for (let i = 0; i < n; i++) if (bytes[i] === 0) zeros[i & 3]!++;
  const z = zeros.map((count) => count / (n / 4));
  if (z.every((share) => share === 1)) return 'binary';
  if (z[1]! > 0.9 && z[2]! > 0.9 && z[3]! > 0.9 && z[0]! < 0.5) return 'utf-32le';
  if (z[0]! > 0.9 && z[1]! > 0.9 && z[2]! > 0.9 && z[3]! < 0.5) return 'utf-32be';
  if ((z[1]! + z[3]!) / 2 > 0.8 && (z[0]! + z[2]!) / 2 < 0.5) return 'utf-16le';
  if ((z[0]! + z[2]!) / 2 > 0.8 && (z[1]! + z[3]!) / 2 < 0.5) return 'utf-16be';
  return bytes.subarray(0, 8192).includes(0) ? 'binary' : 'utf-8';
}

function decodeUtf32(bytes: Uint8Array, littleEndian: boolean): string {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const parts: string[] = [];
  for (let i = 0; i + 4 <= bytes.length; i += 4) {
    const code = view.getUint32(i, littleEndian);
    parts.push(code <= 0x10ffff && (code < 0xd800 || code > 0xdfff) ? String.fromCodePoint(code) : '\uFFFD');
  }
  return parts.join('');
}
