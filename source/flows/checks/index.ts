import {containersCheck, memoryCheck} from './containers.js';
import {composeCheck, engineCheck} from './engine.js';
import {buildContextsCheck, composeFilesCheck, dockerfilesCheck} from './files.js';
import {baseImagesCheck, healthchecksCheck} from './images.js';
import {portsCheck} from './ports.js';
import {diskCheck, imageSpaceCheck, systemMemoryCheck} from './resources.js';
import type {CheckDefinition} from './types.js';

/**
 * Every check, in the order the list shows them: what the engine and Compose say, then the
 * guide's five (containers, compose files, Alpine Dockerfiles, memory, system resources), then
 * what a careful engineer checks before starting. A new check is one definition and one line here.
 */
export const checks: CheckDefinition[] = [
	engineCheck,
	composeCheck,
	containersCheck,
	composeFilesCheck,
	dockerfilesCheck,
	memoryCheck,
	systemMemoryCheck,
	diskCheck,
	buildContextsCheck,
	portsCheck,
	baseImagesCheck,
	healthchecksCheck,
	imageSpaceCheck,
];
