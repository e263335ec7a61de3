import {PassThrough} from 'node:stream';
import {describe, expect, it} from 'vitest';
import {healthFromAction, ignoredContainerActions, onLines, parseEvent} from '../../source/docker/events.js';

// Lines as Docker 20.10 writes them on GET /events (trimmed attributes).
const healthLine =
	'{"status":"health_status: healthy","id":"c0ffee","from":"alpinist-base/musl:busybox","Type":"container","Action":"health_status: healthy","Actor":{"ID":"c0ffee","Attributes":{"image":"alpinist-base/musl:busybox","name":"it-store-1"}},"scope":"local","time":1700000000,"timeNano":1700000000123456789}';
const dieLine = '{"Type":"container","Action":"die","Actor":{"ID":"c0ffee","Attributes":{"exitCode":"137","name":"it-store-1"}},"time":1700000001,"timeNano":1700000001000000000}';

describe('parseEvent', () => {
	it('reads type, action, actor and the engine time', () => {
		expect(parseEvent(healthLine, 42)).toEqual({
			type: 'container',
			action: 'health_status: healthy',
			id: 'c0ffee',
			attributes: {image: 'alpinist-base/musl:busybox', name: 'it-store-1'},
			timeNano: 1_700_000_000_123_456_789,
			receivedAt: 42,
		});
		expect(parseEvent(dieLine)?.attributes.exitCode).toBe('137');
	});

	it('falls back to the old status/id/time fields', () => {
		expect(parseEvent('{"status":"start","id":"abc","time":1700000002}', 0)).toMatchObject({type: 'container', action: 'start', id: 'abc', timeNano: 1_700_000_002e9});
	});

	it('ignores what is not a JSON object', () => {
		expect(parseEvent('not json')).toBeUndefined();
		expect(parseEvent('null')).toBeUndefined();
	});
});

describe('event actions', () => {
	it('health_status carries the health', () => {
		expect(healthFromAction('health_status: healthy')).toBe('healthy');
		expect(healthFromAction('health_status: unhealthy')).toBe('unhealthy');
		expect(healthFromAction('health_status:starting')).toBe('starting');
		expect(healthFromAction('start')).toBeUndefined();
	});

	it('exec and attach noise is ignored, lifecycle actions are not', () => {
		for (const action of ['exec_create: sh -c test', 'exec_start: sh', 'exec_die', 'attach', 'resize', 'top']) expect(ignoredContainerActions.test(action)).toBe(true);
		for (const action of ['create', 'start', 'die', 'stop', 'destroy', 'health_status: healthy', 'pause', 'rename']) expect(ignoredContainerActions.test(action)).toBe(false);
	});
});

describe('onLines', () => {
	it('splits lines across chunks and keeps a UTF-8 character split between chunks whole', () => {
		const stream = new PassThrough();
		const lines: string[] = [];
		onLines(stream, line => lines.push(line));
		const bytes = Buffer.from('{"name":"café-1"}\n{"name":"naïve"}\n\n{"par', 'utf8');
		const split = bytes.indexOf(Buffer.from('é')) + 1; // inside the two bytes of é
		stream.write(bytes.subarray(0, split));
		stream.write(bytes.subarray(split));
		stream.write(Buffer.from('tial":true}\n'));
		expect(lines).toEqual(['{"name":"café-1"}', '{"name":"naïve"}', '{"partial":true}']);
	});
});
