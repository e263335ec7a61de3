import {delegate, scriptPath} from './_delegate.mjs';

export const summary = 'The pre-migration checklist: its own duration and the whole process (scripts/bench-check.mjs)';

export const run = args => delegate([process.execPath, scriptPath('bench-check.mjs')], args);
