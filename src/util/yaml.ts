import {
  EVENT_ID,
  SCALAR_STYLE,
  YAMLException,
  constructFromEvents,
  dump,
  getScalarValue,
  parseEvents,
  type Event,
} from 'js-yaml';
import { MctlError } from '../errors.ts';
import type { Position } from './position.ts';
import { positionIndex } from './positions.ts';
import { unclosedFlow } from './yaml-flow.ts';

/**
 * YAML with positions: the document as plain data plus a lookup from a JSON pointer
 * (`/rules/foo`) to where that key or value sits, so schema errors can name file:line:col.
 * One parse: the same events feed both the positions and the value.
 */
export interface PositionedYaml {
  value: unknown;
  /** Position of the value at this pointer (`/rules/foo` → where `off` is written). */
  locate(pointer: string): Position | undefined;
  /** Position of the key of a mapping member (`/rules/foo` → where `foo:` is written). */
  locateKey(pointer: string): Position | undefined;
  /** The source text of an unquoted scalar value (`1.0` where the value is the number 1). */
  plainText(pointer: string): string | undefined;
}

export function loadYaml(text: string, file: string): PositionedYaml {
  let events: Event[];
  let value: unknown;
  try {
    events = parseEvents(text, { filename: file, maxDepth: 64 });
    // Aliases are bounded so a "billion laughs" document cannot blow up memory.
    const docs = constructFromEvents(events, { source: text, filename: file, maxAliases: 100 });
    if (docs.length > 1) {
      throw new MctlError('YAML_MULTIPLE_DOCUMENTS', `${file}: expected one YAML document, found ${docs.length}`, {
        exit: 'BAD_INPUT',
        hint: 'remove the extra --- separators',
      });
    }
    value = docs[0] ?? null;
  } catch (error) {
    if (error instanceof MctlError) throw error;
    const unclosed = error instanceof YAMLException ? unclosedBefore(text, error.mark?.position) : null;
    if (unclosed) {
      const at = positionIndex(text)(unclosed.offset);
      throw new MctlError(
        'YAML_INVALID',
        `${file}:${at.line}:${at.col}: invalid YAML: this '${unclosed.char}' is never closed`,
        {
          exit: 'BAD_INPUT',
          hint: `close it with '${unclosed.char === '[' ? ']' : '}'}', or quote the value if the bracket is part of it`,
          cause: error,
          details: { file, line: at.line, col: at.col },
        },
      );
    }
    const mark = error instanceof YAMLException ? error.mark : undefined;
    const where = mark ? `${file}:${mark.line + 1}:${mark.column + 1}` : file;
    const reason = error instanceof YAMLException ? error.reason : String(error);
    throw new MctlError('YAML_INVALID', `${where}: invalid YAML: ${reason}`, {
      exit: 'BAD_INPUT',
      hint: /tab/i.test(reason)
        ? 'YAML indentation must use spaces, not tabs'
        : 'check the indentation and quoting on that line',
      cause: error,
      details: { file, ...(mark ? { line: mark.line + 1, col: mark.column + 1 } : {}) },
    });
  }
  const { values, keys, plain } = indexPositions(events, text);
  return {
    value,
    locate: (pointer) => values.get(pointer),
    locateKey: (pointer) => keys.get(pointer) ?? values.get(pointer),
    plainText: (pointer) => plain.get(pointer),
  };
}

/** A flow bracket opened before where js-yaml gave up, and never closed: the real mistake. */
function unclosedBefore(text: string, errorAt: number | undefined): { offset: number; char: string } | null {
  const offset = unclosedFlow(text);
  return offset !== null && errorAt !== undefined && offset < errorAt ? { offset, char: text[offset]! } : null;
}

function indexPositions(
  events: Event[],
  text: string,
): { values: Map<string, Position>; keys: Map<string, Position>; plain: Map<string, string> } {
  const at = positionIndex(text);
  const positions = new Map<string, Position>();
  const keys = new Map<string, Position>();
  const plain = new Map<string, string>();
  // A stack of open collections: for mappings, whether the next scalar is a key and the last key.
  const stack: { kind: 'map' | 'seq'; path: string; index: number; expectKey: boolean; key: string }[] = [];
  const childPath = (): string | null => {
    const top = stack[stack.length - 1];
    if (!top) return '';
    if (top.kind === 'seq') return `${top.path}/${top.index++}`;
    if (top.expectKey) return null;
    top.expectKey = true;
    return `${top.path}/${escapePointer(top.key)}`;
  };
  for (const event of events) {
    switch (event.type) {
      case EVENT_ID.MAPPING:
      case EVENT_ID.SEQUENCE: {
        const path = childPath() ?? '';
        positions.set(path, at(event.start));
        stack.push({ kind: event.type === EVENT_ID.MAPPING ? 'map' : 'seq', path, index: 0, expectKey: true, key: '' });
        break;
      }
      case EVENT_ID.SCALAR: {
        const top = stack[stack.length - 1];
        if (top?.kind === 'map' && top.expectKey) {
          top.key = getScalarValue(text, event);
          top.expectKey = false;
          keys.set(`${top.path}/${escapePointer(top.key)}`, at(event.valueStart));
        } else {
          const path = childPath();
          if (path !== null) positions.set(path, at(event.valueStart));
          if (path !== null && event.style === SCALAR_STYLE.PLAIN)
            plain.set(path, text.slice(event.valueStart, event.valueEnd));
        }
        break;
      }
      case EVENT_ID.ALIAS:
        childPath();
        break;
      case EVENT_ID.POP:
        stack.pop();
        break;
    }
  }
  return { values: positions, keys, plain };
}

function escapePointer(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** Plain data as block YAML, deterministically (key order as given, no anchors, no folding). */
export function dumpYaml(value: unknown): string {
  return dump(value, { noRefs: true, lineWidth: -1 });
}
