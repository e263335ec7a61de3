import {describe, expect, it} from 'vitest';
import {judgeFreeDisk, judgeFreeMemory, judgeImageSpace, judgeMemoryUse, judgePort, passingPortsValue, worst} from '../../../source/flows/checks/judge.js';
import {parseMemAvailable} from '../../../source/flows/checks/resources.js';

describe('judgePort', () => {
	const base = {port: 8002, protocol: 'tcp' as const};

	it('passes a free port', () => {
		expect(judgePort({...base, bindable: true}, ['sample-alpine'])).toMatchObject({status: 'pass', reason: 'free'});
	});

	it('passes a port the project\'s own Alpine stack holds', () => {
		expect(judgePort({...base, bindable: false, container: {name: 'sample-alpine_backend_1', project: 'sample-alpine'}}, ['sample-alpine']).status).toBe('pass');
	});

	it('fails a port another container holds, naming it', () => {
		const verdict = judgePort({...base, bindable: false, container: {name: 'other', project: 'elsewhere'}}, ['sample-alpine']);
		expect(verdict).toMatchObject({status: 'fail', holder: 'container other'});
		expect(verdict.reason).toContain('elsewhere');
	});

	it('warns of a port the regular stack holds (an Alpine file from init keeps its ports): migrate stops it first', () => {
		const verdict = judgePort({...base, bindable: false, container: {name: 'sample-backend-1', project: 'sample'}}, ['sample-alpine'], ['sample']);
		expect(verdict).toMatchObject({status: 'warn', holder: 'container sample-backend-1'});
		expect(verdict.reason).toMatch(/of the regular stack: `alpinist migrate` stops it first/);
	});

	it('fails a port a process holds, naming it, or says it is outside Docker', () => {
		expect(judgePort({...base, bindable: false, bindError: 'EADDRINUSE', process: {pid: 42, command: 'nginx'}}, []).reason).toBe('held by process 42 (nginx)');
		expect(judgePort({...base, bindable: false, bindError: 'EADDRINUSE'}, []).reason).toBe('held by a process outside Docker');
	});

	it('warns when the port cannot be tested (no permission)', () => {
		expect(judgePort({...base, bindable: false, bindError: 'EACCES'}, []).status).toBe('warn');
	});
});

describe('resource judgements', () => {
	const requirements = {freeMemory: 4e9, minFreeMemory: 1e9, freeDisk: 5e9, minFreeDisk: 1e9};

	it('free memory against the guide\'s 4 GB', () => {
		expect(judgeFreeMemory(8e9, requirements).status).toBe('pass');
		expect(judgeFreeMemory(3e9, requirements).status).toBe('warn');
		expect(judgeFreeMemory(0.5e9, requirements).status).toBe('fail');
	});

	it('free disk', () => {
		expect(judgeFreeDisk(10e9, requirements)).toBe('pass');
		expect(judgeFreeDisk(2e9, requirements)).toBe('warn');
		expect(judgeFreeDisk(0.5e9, requirements)).toBe('fail');
	});

	it('disk for images with headroom', () => {
		expect(judgeImageSpace(1000, 400, 2)).toBe('pass');
		expect(judgeImageSpace(700, 400, 2)).toBe('warn');
		expect(judgeImageSpace(300, 400, 2)).toBe('fail');
	});

	it('memory near a container limit', () => {
		expect(judgeMemoryUse([{name: 'a', bytes: 10, limit: 100}, {name: 'b', bytes: 50}]).status).toBe('pass');
		expect(judgeMemoryUse([{name: 'a', bytes: 85, limit: 100}]).status).toBe('warn');
		expect(judgeMemoryUse([{name: 'a', bytes: 85, limit: 100}, {name: 'b', bytes: 99, limit: 100}])).toMatchObject({status: 'fail', reason: expect.stringContaining('b uses 99 %')});
	});

	it('worst of statuses; skip counts as nothing', () => {
		expect(worst(['pass', 'skip', 'warn'])).toBe('warn');
		expect(worst(['warn', 'fail', 'pass'])).toBe('fail');
		expect(worst(['skip'])).toBe('pass');
	});

	it('reads MemAvailable from /proc/meminfo', () => {
		expect(parseMemAvailable('MemTotal:       24683948 kB\nMemFree:  1 kB\nMemAvailable:   24242816 kB\n')).toEqual({available: 24242816 * 1024, total: 24683948 * 1024});
		expect(parseMemAvailable('MemTotal: 1 kB\n')).toBeUndefined();
	});
});

describe('passingPortsValue', () => {
	const free = {status: 'pass' as const, reason: 'free', ours: false};
	const ours = {status: 'pass' as const, reason: 'held by container x of this stack (already running)', holder: 'container x', ours: true};
	it('names free ports as free', () => {
		expect(passingPortsValue([{port: 8002, service: 'backend', verdict: free}])).toBe('1 port free: 8002 (backend)');
	});

	it("says when this project's Alpine stack holds them, not that they are free", () => {
		const rows = [8002, 8083, 3002].map((port, index) => ({port, service: ['backend', 'auth', 'frontend'][index], verdict: ours}));
		expect(passingPortsValue(rows)).toBe("3 ports held by this project's Alpine stack (already running): 8002 (backend), 8083 (auth), 3002 (frontend)");
		expect(passingPortsValue([{...rows[0], verdict: free}, ...rows.slice(1)])).toBe("1 port free: 8002 (backend); 2 held by this project's Alpine stack (already running): 8083 (auth), 3002 (frontend)");
	});
});
