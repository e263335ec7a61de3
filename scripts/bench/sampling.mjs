import path from 'node:path';
import {delegate, root, scriptPath} from './_delegate.mjs';

export const summary = 'Stats sampling: the spacing of a watcher\'s readings at 0.5 s and 2 s periods (scripts/bench-sampling.ts, via tsx)';

export const run = args => delegate([path.join(root, 'node_modules', '.bin', 'tsx'), scriptPath('bench-sampling.ts')], args);
