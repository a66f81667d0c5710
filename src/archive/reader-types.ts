/** What the safe readers (zip, tgz, directory) expose to read.ts. */
export type ArchiveKind = 'zip' | 'tgz' | 'directory';

export interface Member {
  /** Safe relative name, forward slashes (already checked). */
  name: string;
  size: number;
  /** Bytes in the archive; null where the format has no per-member figure (tgz, directory). */
  compressedSize: number | null;
  method: 'stored' | 'deflated' | null;
  mode: number;
  /** SHA-256 when opening already had to read the data (tgz); otherwise computed on demand. */
  sha256?: string;
}

/** Receives a member's bytes, already checked against the sizes (and CRC) the archive declares. */
export interface MemberSink {
  write(chunk: Buffer): Promise<unknown> | void;
}

export interface OpenedArchive {
  kind: ArchiveKind;
  path: string;
  /** Regular files, in archive order (directory entries are implied by names). */
  members: Member[];
  /** Problems that make the servers refuse the archive without making it unsafe to read. */
  warnings: string[];
  /** A small member's bytes (manifest, mctl.json); null when absent. */
  readSmall(name: string, max: number): Promise<Buffer | null>;
  /** Streams members in archive order; `visit` returns null to skip one. */
  stream(visit: (member: Member) => MemberSink | null): Promise<void>;
  close(): Promise<void>;
}
