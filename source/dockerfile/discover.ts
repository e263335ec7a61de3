import {readdirSync} from 'node:fs';
import path from 'node:path';

/** Regular (non-Alpine) Dockerfiles at the project root and in docker/, for the convert screen. */
export function findDockerfiles(root: string): string[] {
	const found: string[] = [];
	for (const dir of [root, path.join(root, 'docker')]) {
		let names: string[];
		try {
			names = readdirSync(dir);
		} catch {
			continue;
		}
		for (const name of names.sort()) {
			if (/dockerfile/i.test(name) && !/\.alpine(\.|$)/i.test(name)) found.push(path.join(dir, name));
		}
	}
	return found;
}
