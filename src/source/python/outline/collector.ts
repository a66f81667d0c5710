import type { ClassDef, Decorator, FunctionDef, ImportRef, ModuleName, Position } from '../../types.ts';
import type { LineTable } from '../tokens/lines.ts';

/**
 * What the recognizer reports to the outline as it parses: module-level functions and
 * classes (also under module-level if/try/with/for/while, not under match), methods of
 * those classes, imports anywhere with their scope and guard, module-level names and the
 * `__main__` guard. The recognizer calls it at each statement; nothing is walked twice.
 */
export class OutlineCollector {
  readonly lines: LineTable;
  readonly functions: FunctionDef[] = [];
  readonly classes: ClassDef[] = [];
  readonly imports: ImportRef[] = [];
  /** Functions, classes and assignments; import names follow them in the outline. */
  readonly names: ModuleName[] = [];
  readonly importNames: ModuleName[] = [];
  mainGuard: Position | null = null;
  /** Nesting of compound-statement bodies. */
  blockDepth = 0;
  /** > 0 inside a match statement that is itself at module level. */
  matchDepth = 0;
  /** > 0 inside `if TYPE_CHECKING:` (any of its branches). */
  typeChecking = 0;
  private readonly frames: Frame[] = [];
  private readonly tries: TryFrame[] = [];
  /** Set while reading imports after a syntax error, where no frames are known. */
  private guessedScope: ImportRef['scope'] | null = null;

  constructor(lines: LineTable) {
    this.lines = lines;
  }

  position(offset: number): Position {
    const line = this.lines.lineOf(offset);
    return { line, col: offset - this.lines.lineStart(line) + 1 };
  }

  /** Not inside a def or class, nor in a match statement's cases. */
  atModuleLevel(): boolean {
    return this.frames.length === 0 && this.matchDepth === 0;
  }

  /** A `def` whose body follows: returns the entry to fill with parameters when the outline keeps it. */
  beginFunction(name: string, offset: number, isAsync: boolean, decorators: Decorator[]): FunctionDef | null {
    const loc = this.position(offset);
    let fn: FunctionDef | null = null;
    let module = false;
    if (this.atModuleLevel()) {
      fn = { name, params: [], decorators, isAsync, loc, returnsValue: false, globals: [] };
      module = true;
      this.functions.push(fn);
      this.names.push({ name, kind: 'function', loc });
    } else {
      const top = this.frames[this.frames.length - 1]!;
      if (top.kind === 'class' && top.cls && this.blockDepth === top.bodyDepth) {
        fn = { name, params: [], decorators, isAsync, loc };
        top.cls.methods.push(fn);
      }
    }
    this.frames.push({ kind: 'function', fn: module ? fn : null, cls: null, bodyDepth: this.blockDepth + 1 });
    return fn;
  }

  beginClass(name: string, offset: number, bases: string[], decorators: Decorator[]): boolean {
    let cls: ClassDef | null = null;
    if (this.atModuleLevel()) {
      cls = { name, bases, methods: [], decorators, loc: this.position(offset) };
      this.classes.push(cls);
      this.names.push({ name, kind: 'class', loc: cls.loc });
    }
    this.frames.push({ kind: 'class', fn: null, cls, bodyDepth: this.blockDepth + 1 });
    return cls !== null;
  }

  /** Whether the definition being started will be kept (its decorators and bases are worth reading). */
  keeps(): boolean {
    if (this.atModuleLevel()) return true;
    const top = this.frames[this.frames.length - 1]!;
    return top.kind === 'class' && top.cls !== null && this.blockDepth === top.bodyDepth;
  }

  end(): void {
    this.frames.pop();
  }

  /** The module-level function whose body is being parsed, outside any nested def. */
  private moduleFunction(): FunctionDef | null {
    for (let i = this.frames.length - 1; i >= 0; i--) {
      const frame = this.frames[i]!;
      if (frame.kind === 'function') return frame.fn;
    }
    return null;
  }

  returnWithValue(): void {
    const fn = this.moduleFunction();
    if (fn) fn.returnsValue = true;
  }

  globals(names: string[]): void {
    this.moduleFunction()?.globals?.push(...names);
  }

  assignment(name: string, offset: number): void {
    this.names.push({ name, kind: 'assignment', loc: this.position(offset) });
  }

  guard(offset: number): void {
    this.mainGuard ??= this.position(offset);
  }

  guessScope(scope: ImportRef['scope'] | null): void {
    this.guessedScope = scope;
  }

  addImport(ref: Omit<ImportRef, 'conditional' | 'scope'>, importedNames: string[]): void {
    const top = this.frames[this.frames.length - 1];
    const scope = this.guessedScope ?? (top ? top.kind : 'module');
    const imp: ImportRef = { ...ref, conditional: this.typeChecking > 0, scope };
    this.imports.push(imp);
    for (const frame of this.tries) if (frame.collecting) frame.imports.push(imp);
    if (scope === 'module')
      for (const name of importedNames) this.importNames.push({ name, kind: 'import', loc: ref.loc });
  }

  /** A try statement: its body and handlers collect the imports an ImportError handler guards. */
  beginTry(): TryFrame {
    const frame: TryFrame = { collecting: true, catches: false, imports: [] };
    this.tries.push(frame);
    return frame;
  }

  endTry(frame: TryFrame): void {
    this.tries.pop();
    if (frame.catches) for (const imp of frame.imports) imp.conditional = true;
  }
}

interface Frame {
  kind: 'function' | 'class';
  /** A module-level function (for returnsValue and globals). */
  fn: FunctionDef | null;
  /** A module-level class (for its methods). */
  cls: ClassDef | null;
  bodyDepth: number;
}

export interface TryFrame {
  /** False in the else and finally clauses, which an except clause does not guard. */
  collecting: boolean;
  catches: boolean;
  imports: ImportRef[];
}
