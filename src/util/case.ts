/** text_ranker → TextRanker: a module name as a class name. */
export function pascalCase(name: string): string {
  return name
    .split('_')
    .filter(Boolean)
    .map((part) => part[0]!.toUpperCase() + part.slice(1))
    .join('');
}
