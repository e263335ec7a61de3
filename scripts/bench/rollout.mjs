import path from 'node:path';
import {delegate, root, scriptPath} from './_delegate.mjs';

export const summary = 'Rollout of the sample across a 3-node Swarm: time, and the manager\'s extra CPU while alpinist watches (scripts/bench-rollout.ts, via tsx)';

export const run = args => delegate([path.join(root, 'node_modules', '.bin', 'tsx'), scriptPath('bench-rollout.ts')], args);
