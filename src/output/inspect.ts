import type { HandlerInfo } from '../archive/describe.ts';
import type { ArchiveListing, VerifyReport } from '../archive/read.ts';
import { printable } from '../util/printable.ts';
import { formatBytes } from './byte-progress.ts';
import { plural, type Paint } from './style.ts';

/** `mctl inspect` for people: the manifest, the handler, every member, warnings, the verdict. */
export function renderInspect(
  archive: string,
  listing: ArchiveListing & { verify?: VerifyReport },
  handler: HandlerInfo,
  warnings: string[],
  paint: Paint,
): string {
  // Every name and manifest value comes from the archive: shown with control characters escaped.
  const p = printable;
  const total = listing.members.reduce((sum, m) => sum + m.size, 0);
  const lines = [
    `${paint('bold', p(archive))}  ${listing.kind}, ${plural(listing.members.length, 'file')}, ` +
      `${formatBytes(listing.archiveSize)}${listing.kind === 'directory' ? '' : ` (${formatBytes(total)} unpacked)`}`,
  ];
  const manifest = listing.manifest;
  const model = manifest?.model as Record<string, unknown> | undefined;
  if (model) {
    const created = typeof manifest?.createdOn === 'string' ? `  created ${p(manifest.createdOn)}` : '';
    const by = typeof manifest?.archiverVersion === 'string' ? `  by ${p(manifest.archiverVersion)}` : '';
    lines.push(
      `model    ${p(String(model.modelName ?? '(no name)'))} ${p(String(model.modelVersion ?? ''))}  ` +
        `runtime ${p(String(manifest?.runtime ?? '(default)'))}${created}${by}`,
    );
  }
  if (handler.handler) {
    const where = handler.file
      ? `→ ${p(handler.file)}`
      : handler.builtin
        ? '(TorchServe built-in)'
        : paint('red', '(module not in the archive)');
    const entry = listing.record?.entry;
    // The shim serves another file: name it, since that is the user's code.
    const serves = entry && entry.file !== handler.file ? `, serving ${p(String(entry.file))}` : '';
    lines.push(
      `handler  ${p(handler.handler)} ${where}${handler.flavor ? `  flavor ${p(handler.flavor)}${serves}` : ''}`,
    );
  }
  for (const key of ['serializedFile', 'modelFile', 'requirementsFile', 'configFile']) {
    if (typeof model?.[key] === 'string') lines.push(`${key.padEnd(8)} ${p(String(model[key]))}`);
  }
  lines.push('files');
  const names = listing.members.map((m) => p(m.name));
  const width = Math.max(0, ...names.map((name) => name.length));
  listing.members.forEach((member, i) => {
    const packed =
      member.compressedSize === null
        ? ''
        : `  ${member.method}${member.method === 'deflated' ? ` ${formatBytes(member.compressedSize)}` : ''}`;
    lines.push(`  ${names[i]!.padEnd(width)}  ${formatBytes(member.size).padStart(10)}${paint('gray', packed)}`);
  });
  for (const warning of warnings) lines.push(`${paint('yellow', 'warning:')} ${p(warning)}`);
  if (listing.verify) lines.push(...renderVerify(listing.verify, paint));
  else lines.push(paint('gray', 'contents not verified (CRC-32, SHA-256): pass --verify to read every member'));
  return `${lines.join('\n')}\n`;
}

function renderVerify(verify: VerifyReport, paint: Paint): string[] {
  const crcs = `sizes${verify.checked > 0 ? ' and CRCs' : ''} of ${plural(verify.checked, 'file')} checked`;
  if (verify.recordError)
    return [
      `${paint('red', '✖')} MAR-INF/mctl.json ${printable(verify.recordError)}: ` +
        `the archive was modified after mctl wrote it (${crcs})`,
    ];
  if (verify.recordMissing)
    return [
      `${paint('yellow', '⚠')} built by mctl, but its MAR-INF/mctl.json is missing: ` +
        `the members cannot be verified against mctl's record (${crcs})`,
    ];
  if (!verify.hashList) return [`${paint('yellow', '⚠')} no MAR-INF/mctl.json to verify against: ${crcs}`];
  if (verify.ok) {
    return [`${paint('green', '✔')} ${plural(verify.checked, 'file')} match MAR-INF/mctl.json (SHA-256)`];
  }
  const lines: string[] = [];
  for (const m of verify.mismatched) {
    const what =
      m.expected.size !== m.actual.size
        ? `${m.actual.size} bytes, expected ${m.expected.size}`
        : `sha256 ${m.actual.sha256.slice(0, 12)}…, expected ${m.expected.sha256.slice(0, 12)}…`;
    lines.push(`${paint('red', '✖')} mismatch  ${printable(m.path)}: ${what}`);
  }
  for (const path of verify.missing)
    lines.push(`${paint('red', '✖')} missing   ${printable(path)}: listed in MAR-INF/mctl.json, not in the archive`);
  for (const path of verify.extra)
    lines.push(`${paint('red', '✖')} extra     ${printable(path)}: in the archive, not in MAR-INF/mctl.json`);
  lines.push(
    `${paint('red', '✖')} ` +
      `${plural(verify.mismatched.length + verify.missing.length + verify.extra.length, 'problem')} ` +
      `in ${plural(verify.checked, 'file')} checked`,
  );
  return lines;
}
