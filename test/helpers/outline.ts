import { checkFlavor, FLAVORS, type FlavorId } from '../../src/flavors/index.ts';
import { outlinePython } from '../../src/source/python/index.ts';
import { DEFAULT_PYTHON } from '../../src/source/python/version.ts';
import { outlineScript } from '../../src/source/script/index.ts';
import { checkFileName } from '../../src/validate/names.ts';

/** Python source from an indented template literal. */
export function py(strings: TemplateStringsArray, ...values: unknown[]): string {
  const text = String.raw({ raw: strings }, ...values).replace(/^\n/, '');
  const indent = Math.min(
    ...text
      .split('\n')
      .filter((l) => l.trim())
      .map((l) => /^ */.exec(l)![0].length),
  );
  return `${text
    .split('\n')
    .map((l) => l.slice(indent))
    .join('\n')
    .trimEnd()}\n`;
}

export function outline(source: string, file = 'score.py') {
  return file.endsWith('.py')
    ? outlinePython(Buffer.from(source), { file })
    : outlineScript(Buffer.from(source), { file });
}

/** Rule ids (with severity when not the rule's default) a flavor reports for a source file. */
export function findings(
  flavor: FlavorId,
  source: string,
  file = flavor === 'native' ? 'score.ts' : 'score.py',
  handlerFunction?: string,
) {
  const o = outline(source, file);
  const moduleName = file.replace(/\.[^.]*$/, '');
  const ctx = {
    file,
    fileName: file,
    moduleName,
    target: DEFAULT_PYTHON,
    ...(handlerFunction ? { handlerFunction } : {}),
  };
  return [...checkFileName(file, moduleName, FLAVORS[flavor], DEFAULT_PYTHON), ...checkFlavor(FLAVORS[flavor], o, ctx)];
}

export function ruleIds(flavor: FlavorId, source: string, file?: string, handlerFunction?: string): string[] {
  return findings(flavor, source, file, handlerFunction).map((r) => r.ruleId);
}
