/**
 * A service that never becomes healthy: the sample stack's broken Alpine variant (compose/broken/,
 * a glibc program copied into a musl image) exits at start. `migrate` stops at "wait healthy" with
 * that service, its (absent) health-check output and its log lines, and offers troubleshooting and
 * rollback; Alpine does not become the default.
 */
import {describe, expect, it} from 'vitest';
import {migrateFlow} from '../../source/flows/migrate.js';
import {messages, run, stepEnd, useSampleFixture} from './stack-fixture.js';

const fixture = useSampleFixture(`it-migrate-broken-${process.pid}`, {alpineFile: 'compose/broken/docker-compose.alpine.yml'});

describe('migrate on the broken Alpine variant (real engine)', () => {
	it('fails with the service, its health output and its logs', async () => {
		const context = fixture.context();
		const {events, outcome} = await run(migrateFlow(context, {}));
		expect(outcome.ok).toBe(false);
		expect(outcome.exitCode).toBe(1);
		expect(outcome.summary).toBe('backend did not become healthy (exited).');
		expect(stepEnd(events, 'migrate.build')?.status).toBe('pass');
		expect(stepEnd(events, 'migrate.start')?.status).toBe('pass');
		const healthy = stepEnd(events, 'migrate.healthy')!;
		expect(healthy.status).toBe('fail');
		expect(healthy.summary).toBe('backend exited');
		const detail = healthy.detail!.join('\n');
		expect(detail).toMatch(/^backend \(.*backend.*\) exited, exit code \d+/);
		expect(detail).toMatch(/health check output: none \(the container exited before its first probe\)/);
		// The guide's Issue 2: a glibc program on musl.
		expect(detail).toMatch(/Error loading shared library|Error relocating|not found/);
		expect(outcome.data!.failure).toMatchObject({service: 'backend', reason: 'exited'});
		expect(outcome.data!.failure!.logs.length).toBeGreaterThan(0);
		expect(stepEnd(events, 'migrate.verify')).toBeUndefined();
		expect(messages(events).join('\n')).toMatch(/alpinist doctor.*alpinist rollback/);
		expect(context.progress.step('migrate.healthy')?.status).toBe('fail');
		expect(context.progress.get().defaultVariant).toBe('regular');
	});
});
