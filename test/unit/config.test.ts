import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {ConfigError, loadConfig, parseConfig, parseDuration, parseSize} from '../../source/project/config.js';
import {discoverProject} from '../../source/project/discover.js';

const dir = mkdtempSync(path.join(tmpdir(), 'alpinist-config-'));
afterAll(() => rmSync(dir, {recursive: true, force: true}));

function problems(raw: unknown): string[] {
	try {
		parseConfig(raw, '/srv/shop/alpinist.config.json');
	} catch (error) {
		expect(error).toBeInstanceOf(ConfigError);
		expect((error as Error).message).toMatch(/^\/srv\/shop\/alpinist\.config\.json is not a valid alpinist config:/);
		return (error as ConfigError).problems;
	}

	throw new Error('expected the config to be rejected');
}

describe('config validation errors name the file, the field and what is expected', () => {
	it('a wrong type', () => {
		expect(problems({healthTimeout: true})).toEqual(['healthTimeout: expected a duration: milliseconds, or a string like "500ms", "10s", "2m", got true']);
		expect(problems({env: {PORT: 8080}})).toEqual(['env.PORT: Invalid input: expected string, received number']);
	});

	it('a unit that is not one', () => {
		expect(problems({expectations: {memory: '12 parsecs'}})).toEqual(['expectations.memory: "12 parsecs" is not a size (use e.g. 250MB, 1.5GB, 512MiB)']);
		expect(problems({services: {backend: {timeout: '2 fortnights'}}})).toEqual(['services.backend.timeout: "2 fortnights" is not a duration (use e.g. 500ms, 10s, 2m)']);
	});

	it('a missing field of a pair', () => {
		expect(problems({thresholds: {memory: {warning: '1GB'}}})).toEqual(['thresholds.memory.critical: missing; expected a size: bytes, or a string like "250MB", "1.5GB", "512MiB"']);
		expect(problems({smoke: {}})).toEqual(['smoke.command: missing; expected array']);
	});

	it('an unknown field, with the fields allowed there', () => {
		expect(problems({helthTimeout: '10s'})).toEqual([
			'helthTimeout: unknown field; expected one of name, compose, env, imageSubstitutions, services, smoke, healthTimeout, registry, expectations, thresholds',
		]);
		expect(problems({services: {backend: {health: {path: '/health', verb: 'GET'}}}})).toEqual(['services.backend.health.verb: unknown field; expected one of path, port']);
	});

	it('rules on values', () => {
		expect(problems({services: {backend: {health: {path: 'health'}}}})).toEqual(['services.backend.health.path: Invalid string: must start with "/"']);
		expect(problems({name: 'My Shop'})).toEqual(['name: lowercase letters, digits, "-" and "_", starting with a letter or digit']);
		expect(problems({thresholds: {testFailureRate: {warning: 5, critical: 0.1}}})).toEqual(['thresholds.testFailureRate.warning: Too big: expected number to be <=1']);
		expect(problems(42)).toEqual(['(top level): Invalid input: expected object, received number']);
	});

	it('every problem at once', () => {
		expect(problems({healthTimeout: 'soon', name: 'X Y', extra: 1})).toHaveLength(3);
	});

	it('a file that is not JSON names the file', () => {
		const file = path.join(dir, 'alpinist.config.json');
		writeFileSync(file, '{"name": "shop",}');
		expect(() => loadConfig(file)).toThrow(ConfigError);
		expect(() => loadConfig(file)).toThrow(new RegExp(`^${file.replaceAll('.', '\\.')} is not a valid alpinist config`));
	});

	it('discovery reports the bad file of a --project', () => {
		const project = path.join(dir, 'shop');
		rmSync(project, {recursive: true, force: true});
		mkdirSync(project);
		writeFileSync(path.join(project, 'alpinist.config.json'), JSON.stringify({services: {api: {timeout: -1}}}));
		expect(() => discoverProject({dir: project})).toThrow(/shop[/\\]alpinist\.config\.json is not a valid alpinist config:\n {2}- services\.api\.timeout: /);
	});
});

describe('a valid config', () => {
	it('turns sizes and durations into bytes and ms and fills defaults', () => {
		const config = parseConfig({healthTimeout: '1.5m', expectations: {memory: '512MiB', imageSizes: {backend: '186MB'}}, services: {backend: {timeout: 2000}}});
		expect(config.healthTimeout).toBe(90_000);
		expect(config.expectations.memory).toBe(512 * 1024 ** 2);
		expect(config.expectations.imageSizes.backend).toBe(186e6);
		expect(config.services.backend.timeout).toBe(2000);
		expect(config.thresholds.startup).toEqual({warning: 10_000, critical: 15_000});
		expect(parseSize('1.5GB')).toBe(1.5e9);
		expect(parseDuration('500ms')).toBe(500);
	});

	it('the bundled sample config is valid', () => {
		expect(() => loadConfig(new URL('../../alpinist.config.json', import.meta.url).pathname)).not.toThrow();
	});
});
