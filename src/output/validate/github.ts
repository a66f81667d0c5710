import type { Finding } from '../../findings/finding.ts';
import type { ValidateResult } from '../../validate/index.ts';

const COMMAND: Record<Finding['severity'], string> = { error: 'error', warning: 'warning', info: 'notice' };

/**
 * GitHub Actions workflow commands, one annotation per finding:
 * https://docs.github.com/actions/reference/workflow-commands-for-github-actions
 */
export function formatGithub(result: ValidateResult): string {
  const lines = result.files.flatMap((file) =>
    file.findings.map((f) => {
      const title = escapeProperty(`mctl ${f.ruleId}`);
      const props = `file=${escapeProperty(f.file)},line=${f.line},col=${f.col},title=${title}`;
      const message = f.hint ? `${f.message}\n${f.hint}` : f.message;
      return `::${COMMAND[f.severity]} ${props}::${escapeData(message)}`;
    }),
  );
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}

function escapeData(value: string): string {
  return value.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function escapeProperty(value: string): string {
  return escapeData(value).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
