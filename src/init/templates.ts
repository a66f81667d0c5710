import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** templates/ at the package root (src/ and dist/ sit at the same depth). */
export const TEMPLATE_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../templates');

export interface TemplateFile {
  /** Output path relative to the project, with `__name__` replaced and `.tmpl` dropped. */
  path: string;
  content: string | Uint8Array;
}

/** Every file of templates/<set>/: `*.tmpl` rendered with `vars`, anything else (models) copied as is. */
export function renderTemplateSet(set: string, vars: Record<string, string>): TemplateFile[] {
  const root = join(TEMPLATE_ROOT, set);
  return listFiles(root).map((file) => {
    const path = relative(root, file)
      .split(sep)
      .join('/')
      .replace(/__name__/g, vars.name ?? '');
    return path.endsWith('.tmpl')
      ? { path: path.slice(0, -'.tmpl'.length), content: render(readFileSync(file, 'utf8'), vars, file) }
      : { path, content: readFileSync(file) };
  });
}

/** `{{key}}` placeholders; a placeholder without a value is a bug in the template, not user input. */
export function render(text: string, vars: Record<string, string>, file = 'template'): string {
  return text.replace(/\{\{(\w+)\}\}/g, (_match, key: string) => {
    const value = vars[key];
    if (value === undefined) throw new Error(`${file}: no value for {{${key}}}`);
    return value;
  });
}

function listFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => {
      const path = join(dir, entry.name);
      return entry.isDirectory() ? listFiles(path) : [path];
    })
    .sort();
}
