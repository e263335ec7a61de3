import {StringDecoder} from 'node:string_decoder';
import type {ContainerInfo, EngineEvent} from './types.js';

/** Container actions that change nothing the snapshot shows. */
export const ignoredContainerActions = /^(exec_|attach|resize|top|archive-path|extract-to-dir|copy|export|commit)/;

/** One line of the engine's /events stream → an EngineEvent (undefined for a line that is not JSON). */
export function parseEvent(line: string, receivedAt = Date.now()): EngineEvent | undefined {
	let raw: any;
	try {
		raw = JSON.parse(line);
	} catch {
		return undefined;
	}

	if (!raw || typeof raw !== 'object') return undefined;
	return {
		type: raw.Type ?? 'container',
		action: String(raw.Action ?? raw.status ?? ''),
		id: raw.Actor?.ID ?? raw.id ?? '',
		attributes: raw.Actor?.Attributes ?? {},
		timeNano: raw.timeNano ?? (raw.time ?? 0) * 1e9,
		receivedAt,
	};
}

/** The health a `health_status: healthy` action reports, if it is one. */
export function healthFromAction(action: string): 'healthy' | 'unhealthy' | 'starting' | undefined {
	if (!action.startsWith('health_status')) return undefined;
	const value = action.split(':')[1]?.trim();
	return value === 'healthy' || value === 'unhealthy' || value === 'starting' ? value : undefined;
}

/** What a container event says of the container at once (an inspect follows for the rest); {} when nothing. */
export function containerPatch(existing: ContainerInfo, event: EngineEvent): Partial<ContainerInfo> {
	const health = healthFromAction(event.action);
	if (health) return {health};
	switch (event.action) {
		case 'start':
			// The engine restarts health checks from "starting": an old "unhealthy" must not linger.
			return existing.health === 'none' ? {state: 'running'} : {state: 'running', health: 'starting'};
		case 'die':
			return {state: 'exited', exitCode: Number(event.attributes.exitCode ?? 0)};
		case 'pause':
			return {state: 'paused'};
		case 'unpause':
			return {state: 'running'};
		default:
			return {};
	}
}

/**
 * Calls onLine for every complete line of a stream of newline-separated JSON (events, stats).
 * Decodes UTF-8 across chunk boundaries, so a name split between two chunks stays whole.
 */
export function onLines(stream: NodeJS.ReadableStream, onLine: (line: string) => void): void {
	const decoder = new StringDecoder('utf8');
	let buffer = '';
	stream.on('data', (chunk: Buffer | string) => {
		buffer += typeof chunk === 'string' ? chunk : decoder.write(chunk);
		let newline = buffer.indexOf('\n');
		while (newline !== -1) {
			const line = buffer.slice(0, newline).trim();
			buffer = buffer.slice(newline + 1);
			if (line) onLine(line);
			newline = buffer.indexOf('\n');
		}
	});
}
