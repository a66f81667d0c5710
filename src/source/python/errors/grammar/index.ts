/** The error grammar, wired: rules referred to across files are registered here. */
import { block, fileRule, fstringRule } from './statements.ts';
import { lambdaParams } from './params.ts';
import { rules } from './registry.ts';
import { strings } from './strings.ts';
import { starTargets } from './targets.ts';

rules.lambdaParams = lambdaParams;
rules.strings = strings;
rules.starTargets = starTargets;
rules.block = block;

export { fileRule, fstringRule };
