import {delegate, scriptPath} from './_delegate.mjs';

export const summary = 'Cost of `alpinist top` beside `docker stats` on 20 and 100 idle containers (scripts/bench-top.mjs)';

export const run = args => delegate([process.execPath, scriptPath('bench-top.mjs')], args);
