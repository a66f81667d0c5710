/**
 * Handler strings as TorchServe and MMS take them: `module[:function]`, where module is a
 * dotted module name or a path to a .py file (also a Windows path, `C:\models\h.py:handle`).
 */
export interface HandlerRef {
  raw: string;
  /** Path of the module file as written, with forward slashes (`pkg/handler.py`). */
  modulePath: string;
  /** The name the server imports: the file stem (`handler`). */
  moduleName: string;
  /** Function after the colon, if any. */
  functionName?: string;
  /** A dotted module name (found on the server's import path) or a file path. */
  form: 'module' | 'path';
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function parseHandler(raw: string): HandlerRef | { error: string; hint: string } {
  const value = raw.trim();
  const hint = 'write module:function, e.g. model_handler:handle or src/model_handler.py:handle';
  if (value === '') return { error: 'the handler is empty', hint };
  const drive = /^[A-Za-z]:[\\/]/.exec(value)?.[0] ?? '';
  const rest = value.slice(drive.length);
  const colon = rest.lastIndexOf(':');
  const modulePart = drive + (colon === -1 ? rest : rest.slice(0, colon));
  const functionName = colon === -1 ? undefined : rest.slice(colon + 1);
  if (functionName !== undefined && !IDENTIFIER.test(functionName)) {
    return { error: `'${functionName}' after the colon is not a Python function name`, hint };
  }
  if (modulePart === '') return { error: 'the handler names no module before the colon', hint };
  const isPath = /[\\/]/.test(modulePart) || modulePart.endsWith('.py');
  let modulePath: string;
  if (isPath) {
    modulePath = modulePart.replace(/\\/g, '/');
    if (!modulePath.endsWith('.py')) return { error: `'${modulePart}' is a path but not a .py file`, hint };
  } else {
    const parts = modulePart.split('.');
    if (!parts.every((p) => IDENTIFIER.test(p)))
      return { error: `'${modulePart}' is not a module name or a path to a .py file`, hint };
    modulePath = `${parts.join('/')}.py`;
  }
  const base = modulePath.slice(modulePath.lastIndexOf('/') + 1);
  return {
    raw: value,
    modulePath,
    moduleName: base.slice(0, -3),
    form: isPath ? 'path' : 'module',
    ...(functionName ? { functionName } : {}),
  };
}
