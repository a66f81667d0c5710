import { MctlError } from '../errors.ts';
import { FLAVORS } from '../flavors/index.ts';
import type { HandlerPlan, PlannedFile } from './types.ts';

/**
 * The generated TorchServe handler for entry scripts that are not TorchServe/MMS-shaped.
 * It needs mctl's Python calling conventions (python/mctl_runtime/adapters.py), which
 * `mctl run` provides; until they are part of the package, such archives are refused.
 */
export function planShim(handler: HandlerPlan): PlannedFile[] {
  const flavor = handler.flavor ?? 'mms';
  throw new MctlError('SHIM_UNAVAILABLE', `${handler.entryPath} is an entry script for ${FLAVORS[flavor].title} (${flavor}): serving it from TorchServe needs mctl's generated handler shim, which this build of mctl does not include yet`, {
    exit: 'ENVIRONMENT',
    hint: 'write a TorchServe/MMS handler (handle(data, context)) and archive it with --flavor mms',
    details: { flavor },
  });
}
