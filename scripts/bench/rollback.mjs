import path from 'node:path';
import {delegate, root, scriptPath} from './_delegate.mjs';

export const summary = 'Emergency rollback of the sample stack on this engine (scripts/bench-rollback.ts, via tsx)';

export const run = args => delegate([path.join(root, 'node_modules', '.bin', 'tsx'), scriptPath('bench-rollback.ts')], args);
