import {array, enum as oneOf, int, looseObject, number, optional, record, string, unknown, type ZodMiniType} from 'zod/mini';
import type {$ZodIssue} from 'zod/v4/core';

/**
 * The shape of the progress store file, checked whole on every load: valid JSON of another shape
 * is as unreadable as broken JSON (it is moved aside, never half-used). Objects are loose: fields
 * a newer alpinist adds are kept, not stripped. zod's "mini" API: progress loads before the first frame.
 */

const timestamp = string();
const recordOf = <T extends ZodMiniType>(value: T) => record(string(), value);

export const stepRecordSchema = looseObject({
	status: oneOf(['pass', 'warn', 'fail', 'skip', 'running', 'interrupted']),
	at: timestamp,
	durationMs: optional(number()),
	summary: optional(string()),
	data: optional(unknown()),
});

export const projectProgressSchema = looseObject({
	path: string(),
	createdAt: timestamp,
	updatedAt: timestamp,
	defaultVariant: oneOf(['regular', 'alpine']),
	steps: recordOf(stepRecordSchema),
	history: recordOf(array(looseObject({at: timestamp}))),
	trainings: recordOf(looseObject({completedAt: optional(timestamp), modules: recordOf(string())})),
	baselines: recordOf(looseObject({value: number(), unit: string(), at: timestamp, method: string()})),
});

export const storeSchema = looseObject({
	schemaVersion: number().check(int()),
	projects: recordOf(projectProgressSchema),
});

const plainKey = /^[A-Za-z_]\w*$/;

/** The first problems of a parse, each at its path: `projects["/srv/shop"].steps: expected record, received number`. */
export function describeIssues(issues: readonly $ZodIssue[], limit = 3): string {
	const lines = issues.slice(0, limit).map(issue => {
		const at = issue.path
			.map(part => (typeof part === 'number' ? `[${part}]` : plainKey.test(String(part)) ? `.${String(part)}` : `[${JSON.stringify(String(part))}]`))
			.join('')
			.replace(/^\./, '');
		return `${at || '(the file)'}: ${issue.message}`;
	});
	const more = issues.length - limit;
	return `${lines.join('; ')}${more > 0 ? ` (and ${more} more)` : ''}`;
}
