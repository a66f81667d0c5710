#!/usr/bin/env node
// Checked before anything else loads: older Node fails later in confusing ways.
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 12)) {
  process.stderr.write(`error: mctl needs Node.js 22.12 or newer; this is ${process.version}\nhint: install a current Node.js LTS (https://nodejs.org) or use a version manager such as nvm\n`);
  process.exit(7);
}
const { main } = await import('../dist/main.js');
process.exitCode = await main(process.argv.slice(2));
