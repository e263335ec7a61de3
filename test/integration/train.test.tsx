import type Dockerode from 'dockerode';
import {render} from 'ink-testing-library';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import App from '../../source/app.js';
import {exerciseContainer, recordModule, runExercise} from '../../source/flows/training/exercise.js';
import {modules} from '../../source/flows/training/modules.js';
import {labelledContainer} from '../helpers/containers.js';
import {waitForFrame} from '../helpers/ui.js';
import {testContext} from '../helpers/context.js';
import {preloadScreens} from '../../source/screens/index.js';

const tick = () => new Promise(resolve => setTimeout(resolve, 50));

describe('training exercises in a real container of the project', () => {
	// Screens load lazily (React.lazy): load them first, so the first frame is the screen.
	beforeAll(preloadScreens);
	const harness = testContext('it-train');
	let container: Dockerode.Container;

	beforeAll(async () => {
		container = await labelledContainer(harness.project.projectNames.alpine, 'backend');
		await harness.context.store.start();
		await harness.context.store.waitFor(snapshot => snapshot.containers.some(c => c.id === container.id && c.state === 'running'), {timeoutMs: 10_000});
	});

	afterAll(async () => {
		await container?.remove({force: true}).catch(() => {});
		harness.cleanup();
	});

	it('runs an exercise through exec and records the module for the engineer', async () => {
		const target = exerciseContainer(harness.context);
		expect(target?.id).toBe(container.id);
		const release = await runExercise(harness.context, modules.find(m => m.id === 'release')!, target!);
		expect(release.exitCode).toBe(0);
		expect(release.output.join('\n')).toMatch(/^ID=/m);
		expect(release.passed).toBe(true);
		const musl = await runExercise(harness.context, modules.find(m => m.id === 'musl')!, target!);
		expect(musl.output).toContain('/lib/ld-musl-x86_64.so.1');
		expect(musl.output).toContain('no glibc loader');
		recordModule(harness.context, 'ada', 'release', modules.map(m => m.id));
		expect(harness.context.progress.get().trainings.ada.modules.release).toBeDefined();
		expect(harness.context.progress.get().trainings.ada.completedAt).toBeUndefined();
	});

	it('walks the training screen: run each exercise, see it recorded, the training completed', async () => {
		process.env.ALPINIST_ENGINEER = 'grace';
		const app = render(<App context={harness.context} initial={{id: 'train'}} />);
		try {
			await waitForFrame(app.lastFrame, frame => frame.includes('grace: 0 of 5 modules done') && frame.includes('exercise in') && frame.includes('enter run the exercise'));
			for (let index = 0; index < modules.length; index++) {
				app.stdin.write('\r');
				await waitForFrame(app.lastFrame, frame => frame.includes(`grace: ${index + 1} of 5 modules done`));
				expect(app.lastFrame()).toContain('done — recorded');
				app.stdin.write('\u001B[B');
				await tick();
			}

			await waitForFrame(app.lastFrame, frame => frame.includes('training completed'));
			expect(harness.context.progress.get().trainings.grace.completedAt).toBeDefined();
		} finally {
			app.unmount();
			delete process.env.ALPINIST_ENGINEER;
		}
	});
});
