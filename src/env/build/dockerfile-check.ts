import { createRequire } from 'node:module';
import type { Position } from '../../source/types.ts';

/**
 * The only importer of dockerfile-ast and dockerfile-utils (the parser and linter behind
 * the VS Code Docker extension), loaded on first use. Checks what `--form docker` wrote:
 * the linter's diagnostics, every base image pinned by tag or digest and never `latest`,
 * and a final USER that is not root.
 */
type Ast = typeof import('dockerfile-ast');
type Utils = typeof import('dockerfile-utils');

const require = createRequire(import.meta.url);

export interface DockerfileProblem {
  message: string;
  loc: Position;
}

export interface DockerfileFacts {
  /** Every FROM image as written, with its stage name. */
  images: { image: string; tag: string | null; digest: string | null; stage: string | null; loc: Position }[];
  /** The user of the final USER instruction, if any. */
  user: string | null;
  instructions: string[];
}

export function readDockerfile(content: string): DockerfileFacts {
  const { DockerfileParser } = require('dockerfile-ast') as Ast;
  const dockerfile = DockerfileParser.parse(content);
  const images = dockerfile.getFROMs().map((from) => {
    const start = from.getRange().start;
    return {
      image: from.getImage() ?? '',
      tag: from.getImageTag(),
      digest: from.getImageDigest(),
      stage: from.getBuildStage(),
      loc: { line: start.line + 1, col: start.character + 1 },
    };
  });
  const users = dockerfile.getInstructions().filter((i) => i.getKeyword() === 'USER');
  const last = users[users.length - 1];
  return {
    images,
    user: last ? last.getArgumentsContent() : null,
    instructions: dockerfile.getInstructions().map((i) => i.getKeyword()),
  };
}

export function checkDockerfile(content: string): DockerfileProblem[] {
  const { validate } = require('dockerfile-utils') as Utils;
  const problems: DockerfileProblem[] = validate(content).map((d) => ({
    message: `${d.message} (dockerfile-utils)`,
    loc: { line: d.range.start.line + 1, col: d.range.start.character + 1 },
  }));
  const facts = readDockerfile(content);
  const stages = new Set(facts.images.map((i) => i.stage).filter((s): s is string => s !== null));
  for (const image of facts.images) {
    if (stages.has(image.image.split(':')[0]!)) continue;
    const problem = imageProblem(image.image, image.tag, image.digest);
    if (problem) problems.push({ message: problem, loc: image.loc });
  }
  if (facts.user === null || /^(root|0)(:|$)/.test(facts.user)) {
    problems.push({
      message: `the image runs as ${facts.user ?? 'root (no USER instruction)'}`,
      loc: { line: content.split('\n').length, col: 1 },
    });
  }
  return problems;
}

/** Why a base image reference is not pinned, if it is not. */
export function imageProblem(image: string, tag: string | null, digest: string | null): string | undefined {
  if (digest) return undefined;
  if (!tag) return `${image} has no tag, so it means ${image}:latest and changes whenever the image is pushed`;
  if (tag === 'latest') return `${image} is pinned to latest, which changes whenever the image is pushed`;
  return undefined;
}

/** Pinning check for a reference given in mctl.yaml (env.base_image), parsed the same way. */
export function checkImageReference(reference: string): string | undefined {
  const facts = readDockerfile(`FROM ${reference}\n`);
  const image = facts.images[0];
  if (!image || image.image === '') return `'${reference}' is not an image reference`;
  return imageProblem(image.image, image.tag, image.digest);
}
