import {readFileSync} from 'node:fs';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {parseCompose} from '../../../source/flows/checks/compose-model.js';
import {repoRoot} from '../../helpers/context.js';

const problems = (text: string) => parseCompose(text, 'compose.yml', {}).problems;

describe('compose files held against the Compose specification', () => {
	it('the sample stack follows it', () => {
		for (const file of ['compose/docker-compose.yml', 'compose/docker-compose.alpine.yml', 'compose/docker-compose.alpine-test.yml', 'compose/broken/docker-compose.alpine.yml']) {
			expect(parseCompose(readFileSync(path.join(repoRoot, file), 'utf8'), file, process.env).problems, file).toEqual([]);
		}
	});

	it('names an unknown top-level key and its line', () => {
		expect(problems('services:\n  web:\n    image: nginx\nservicez:\n  db:\n    image: postgres\n')).toEqual([
			{message: 'unknown top-level key "servicez": not in the Compose specification; did you mean "services"?', line: 4, col: 1},
		]);
	});

	it('names an unknown key of a service, and where', () => {
		expect(problems('services:\n  web:\n    image: nginx\n    restrat: always\n')).toEqual([
			{message: 'services.web: unknown key "restrat": not in the Compose specification; did you mean "restart"?', line: 4, col: 5},
		]);
	});

	it('a value of the wrong shape, at its line', () => {
		const [problem] = problems('services:\n  web:\n    image: nginx\n    restart:\n      - always\n');
		expect(problem).toMatchObject({message: 'services.web.restart: expected string, got array (Compose specification)', line: 5});
	});

	it('takes values as written, before interpolation: a variable may stand for a number', () => {
		expect(problems('services:\n  web:\n    image: nginx\n    cpus: ${CPUS:-0.5}\n    mem_limit: 256m\n    ports:\n      - "${PORT:-8080}:80"\nx-extra:\n  anything: 1\n')).toEqual([]);
	});
});
