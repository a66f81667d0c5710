/** Worker thread entry: outlines the modules env check's import walk sends. */
import { serveBatches } from '../../source/worker-pool.ts';
import { outlineModuleFile } from './outliner.ts';

serveBatches(outlineModuleFile);
