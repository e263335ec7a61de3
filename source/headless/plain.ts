import {formatMs} from '../format.js';
import type {FlowEvent, Status} from '../flows/types.js';

/** Plain lines for CI logs: no colour unless asked, one line per finished step, logs indented. */

const marks: Record<Status | 'running', string> = {pass: '✓', warn: '!', fail: '✗', skip: '-', running: '…'};

export function formatEvent(event: FlowEvent, options: {verbose?: boolean} = {}): string[] {
	switch (event.type) {
		case 'step': {
			if (event.status === 'running') return options.verbose ? [`… ${event.title}`] : [];
			const time = event.durationMs === undefined ? '' : ` (${formatMs(event.durationMs)})`;
			const summary = event.summary ? ` — ${event.summary}` : '';
			const lines = [`${marks[event.status]} ${event.status.toUpperCase().padEnd(4)} ${event.title}${summary}${time}`];
			for (const line of event.detail ?? []) lines.push(`         ${line}`);
			return lines;
		}

		case 'log': {
			return options.verbose ? [`    ${event.source ? `${event.source} | ` : ''}${event.line}`] : [];
		}

		case 'message': {
			const prefix = event.level === 'error' ? 'error: ' : event.level === 'warn' ? 'warning: ' : '';
			return [`${prefix}${event.text}`];
		}

		case 'progress': {
			return [];
		}

		case 'data': {
			return [];
		}
	}
}
