/**
 * flake8 over the shipped Python and its tests. flake8 comes from Debian's package here (PyPI
 * is not reachable); where it is not installed this says so and passes, as the Python tests
 * that need optional packages do. black (also a Debian package) formats these files.
 */
import { spawnSync } from 'node:child_process';

const targets = ['python', 'test/python', 'test/helpers'];
const result = spawnSync('flake8', targets, { stdio: 'inherit' });
if (result.error) {
  process.stdout.write('lint:python: flake8 is not installed (Debian: apt-get install flake8); skipped\n');
} else {
  process.exitCode = result.status ?? 1;
}
