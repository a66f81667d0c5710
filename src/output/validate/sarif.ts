import type { Finding } from '../../findings/finding.ts';
import type { ValidateResult } from '../../validate/index.ts';
import { RULES } from '../../findings/rules.ts';

const LEVEL: Record<Finding['severity'], 'error' | 'warning' | 'note'> = {
  error: 'error',
  warning: 'warning',
  info: 'note',
};

/**
 * SARIF 2.1.0 for code-scanning uploads (github/codeql-action/upload-sarif). Paths are
 * relative to %SRCROOT%, the directory mctl ran in; columns count UTF-16 code units.
 */
export function formatSarif(result: ValidateResult, version: string): string {
  const ruleIndex = new Map(RULES.map((r, i) => [r.id, i]));
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'mctl',
            semanticVersion: version,
            informationUri: 'https://www.npmjs.com/package/mctl',
            rules: RULES.map((r) => ({
              id: r.id,
              shortDescription: { text: r.description },
              defaultConfiguration: { level: LEVEL[r.severity] },
            })),
          },
        },
        originalUriBaseIds: { '%SRCROOT%': { description: { text: 'The directory mctl validate ran in.' } } },
        columnKind: 'utf16CodeUnits',
        results: result.files.flatMap((file) =>
          file.findings.map((f) => ({
            ruleId: f.ruleId,
            ruleIndex: ruleIndex.get(f.ruleId) ?? -1,
            level: LEVEL[f.severity],
            message: { text: f.hint ? `${f.message}. Hint: ${f.hint}` : f.message },
            locations: [
              {
                physicalLocation: {
                  artifactLocation: { uri: encodeURI(f.file), uriBaseId: '%SRCROOT%' },
                  region: { startLine: f.line, startColumn: f.col },
                },
              },
            ],
          })),
        ),
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}
