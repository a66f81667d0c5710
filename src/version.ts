import { createRequire } from 'node:module';

/** The package version, read from package.json (src/ and dist/ sit at the same depth). */
export const VERSION: string = (createRequire(import.meta.url)('../package.json') as { version: string }).version;

/**
 * How a user installs this mctl while it is not on the npm registry: from its release tarball
 * (README, "Install"). `--ignore-scripts` keeps onnxruntime-node from downloading CUDA binaries.
 */
export const INSTALL_COMMAND = `npm i -g --ignore-scripts ./mctl-${VERSION}.tgz`;
