import {existsSync, statSync} from 'node:fs';
import {readdir} from 'node:fs/promises';
import path from 'node:path';
import {formatBytes} from '../../format.js';
import type {Flow} from '../types.js';
import {type BackupEntry, pickHelperImage, readManifest, restoreVolume, volumeExists, volumeUsers} from './backup.js';
import {volumeSizes} from './gather.js';
import {ExitCode} from '../exit-code.js';
import {runStep} from '../recorded-step.js';

/** `alpinist restore`: recreates volumes from the tar files a permanent rollback wrote. */

export type RestoreInput = {
	/** A backup directory (with manifest.json) or one of its .tar files. */
	source: string;
	/** Restore only this volume of the backup. */
	volume?: string;
	/** Restore into a volume of this name instead of the original (one volume only). */
	to?: string;
};

export type RestoreItem = {volume: string; from: string; file: string; sha256?: string; labels: Record<string, string>; driver: string; exists: boolean; currentBytes?: number; users: string[]};
export type RestoreResult = {items: RestoreItem[]; restored: Array<{volume: string; from: string; bytes: number; replaced: boolean}>};

export class RestoreUsageError extends Error {
	override name = 'RestoreUsageError';
}

/** Which volumes a backup holds: from its manifest, or from the tar files' names when it has none. */
export async function backupEntries(source: string): Promise<{dir: string; entries: BackupEntry[]}> {
	const resolved = path.resolve(source);
	if (!existsSync(resolved)) throw new RestoreUsageError(`${source}: no such file or directory`);
	const isDir = statSync(resolved).isDirectory();
	const dir = isDir ? resolved : path.dirname(resolved);
	const manifest = await readManifest(dir).catch(() => undefined);
	let entries: BackupEntry[] =
		manifest?.volumes ??
		(await readdir(dir))
			.filter(name => name.endsWith('.tar'))
			.map(file => ({volume: file.slice(0, -'.tar'.length), file, bytes: statSync(path.join(dir, file)).size, sha256: '', driver: 'local', labels: {}, anonymous: false}));
	if (!isDir) {
		const file = path.basename(resolved);
		const found = entries.find(entry => entry.file === file);
		entries = [found ?? {volume: file.replace(/\.tar$/, ''), file, bytes: statSync(resolved).size, sha256: '', driver: 'local', labels: {}, anonymous: false}];
	}

	return {dir, entries};
}

/** The backup's volumes the restore takes, and the name each is restored under. Throws RestoreUsageError. */
export async function selectEntries(input: RestoreInput): Promise<{dir: string; entries: BackupEntry[]}> {
	const {dir, entries} = await backupEntries(input.source);
	const selected = input.volume ? entries.filter(entry => entry.volume === input.volume) : entries;
	if (selected.length === 0) {
		throw new RestoreUsageError(input.volume ? `The backup has no volume ${input.volume} (it has: ${entries.map(entry => entry.volume).join(', ') || 'none'})` : `${input.source} holds no volume backup (.tar)`);
	}

	if (input.to && selected.length !== 1) throw new RestoreUsageError(`--to names one volume: choose which with --volume (${selected.map(entry => entry.volume).join(', ')})`);
	return {dir, entries: selected};
}

export const restoreFlow: Flow<RestoreInput, RestoreResult> = async function* (context, input) {
	const result: RestoreResult = {items: [], restored: []};
	let selection: {dir: string; entries: BackupEntry[]};
	try {
		selection = await selectEntries(input);
	} catch (error) {
		if (error instanceof RestoreUsageError) return {ok: false, exitCode: ExitCode.usage, summary: error.message, data: result};
		throw error;
	}

	const planned = yield* runStep('plan', 'Plan: which volumes will be created or replaced', async () => {
		const {dir, entries: selected} = selection;
		const sizes = await volumeSizes(context);
		const items: RestoreItem[] = [];
		for (const entry of selected) {
			const volume = input.to ?? entry.volume;
			const exists = await volumeExists(context.docker, volume);
			const original = volume === entry.volume;
			items.push({
				volume,
				from: path.join(dir, entry.file),
				file: entry.file,
				sha256: entry.sha256 || undefined,
				// Under its own name the volume gets its labels back (compose adopts it again); under another, none.
				labels: {...(original ? entry.labels : {}), 'alpinist.restored-from': entry.volume},
				driver: entry.driver,
				exists,
				currentBytes: sizes[volume],
				users: exists ? await volumeUsers(context.docker, volume) : [],
			});
		}

		const lines = items.map(item =>
			item.exists
				? `REPLACE volume ${item.volume} (now ${item.currentBytes === undefined ? 'size unknown' : formatBytes(item.currentBytes)}${item.users.length > 0 ? `, used by ${item.users.join(', ')}` : ''}) with ${item.from}`
				: `create volume ${item.volume} from ${item.from} (${formatBytes(statSync(item.from).size)} tar)`,
		);
		const busy = items.filter(item => item.users.length > 0);
		if (busy.length > 0) {
			return {status: 'fail', summary: `${busy.map(item => item.volume).join(', ')} in use: stop and remove ${busy.flatMap(item => item.users).join(', ')} first`, detail: lines, value: items};
		}

		return {status: 'pass', summary: `${items.length} volume(s) to restore`, detail: lines, value: items};
	});
	if (!planned.value) return {ok: false, summary: planned.summary, data: result};
	result.items = planned.value;
	if (planned.status === 'fail') return {ok: false, summary: planned.summary, data: result};
	if (context.dryRun) return {ok: true, summary: 'Dry run: no volume was created or replaced.', data: result};

	// Creating a volume loses nothing; replacing one is asked first (headless: --yes).
	const replacing = result.items.filter(item => item.exists);
	if (replacing.length > 0) {
		const confirmed = await context.confirm({
			title: `Restore ${result.items.length} volume(s): ${replacing.map(item => item.volume).join(', ')} will be removed and recreated from the backup`,
			items: planned.detail ?? [],
			action: 'restore',
			destructive: true,
		});
		if (!confirmed) return {ok: false, exitCode: ExitCode.usage, summary: 'Nothing changed: replacing an existing volume was not confirmed (headless: add --yes, or restore under another name with --to NAME).', data: result};
	}

	const restored = yield* runStep('restore', 'Restore the volumes', async emit => {
		const helperImage = await pickHelperImage(context.docker);
		const detail: string[] = [];
		for (const [index, item] of result.items.entries()) {
			emit({type: 'progress', step: 'restore', done: index, total: result.items.length, label: item.volume});
			const done = await restoreVolume(context.docker, {file: item.from, volume: item.volume, driver: item.driver, labels: item.labels, sha256: item.sha256, replace: item.exists, helperImage});
			result.restored.push({volume: item.volume, from: item.from, bytes: done.bytes, replaced: done.replaced});
			detail.push(`${done.replaced ? 'replaced' : 'created'} ${item.volume} from ${item.file}${item.sha256 ? ' (SHA-256 checked)' : ''}`);
		}

		return {status: 'pass', summary: `${result.restored.length} volume(s) restored`, detail};
	});
	return {ok: restored.status === 'pass', summary: restored.status === 'pass' ? `Restored ${result.restored.map(item => item.volume).join(', ')}.` : `Restore failed: ${restored.summary}`, data: result};
};
