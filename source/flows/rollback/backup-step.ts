import {existsSync} from 'node:fs';
import path from 'node:path';
import {formatBytes} from '../../format.js';
import type {FlowContext} from '../types.js';
import {type BackupEntry, type BackupManifest, backupVolume, pickHelperImage, prepareBackupDir, readManifest, writeManifest} from './backup.js';
import type {RollbackPlan} from './plan.js';
import type {Emit} from './runner.js';
import type {StepResult} from '../recorded-step.js';

export type BackupOutcome = {dir: string; volumes: BackupEntry[]};

/**
 * Backs up every volume the plan removes, one tar each, before anything is removed. The manifest
 * is rewritten after each volume, so a resumed rollback skips the ones already written.
 */
export async function backupVolumes(context: FlowContext, plan: RollbackPlan, dir: string, emit: Emit): Promise<StepResult<BackupOutcome>> {
	if (plan.volumes.length === 0) return {status: 'pass', summary: 'no volume to back up', value: {dir, volumes: []}};
	await prepareBackupDir(dir);
	const manifest: BackupManifest = (await readManifest(dir)) ?? {
		version: 1,
		createdAt: new Date().toISOString(),
		project: {name: context.project.name, root: context.project.root},
		volumes: [],
	};
	const helperImage = await pickHelperImage(context.docker, plan.helperImages);
	const detail: string[] = [];
	let index = 0;
	for (const volume of plan.volumes) {
		emit({type: 'progress', step: 'backup', done: index, total: plan.volumes.length, label: volume.name});
		const existing = manifest.volumes.find(entry => entry.volume === volume.name);
		if (existing && existsSync(path.join(dir, existing.file))) {
			detail.push(`${volume.name} → ${existing.file} (${formatBytes(existing.bytes)}, written before the interruption)`);
			index++;
			continue;
		}

		const started = performance.now();
		const written = await backupVolume(context.docker, {volume: volume.name, dir, helperImage, signal: context.signal});
		const entry: BackupEntry = {
			volume: volume.name,
			file: written.file,
			bytes: written.bytes,
			sha256: written.sha256,
			sizeBytes: volume.sizeBytes,
			driver: volume.driver,
			labels: volume.labels,
			anonymous: volume.anonymous,
		};
		manifest.volumes = [...manifest.volumes.filter(other => other.volume !== volume.name), entry];
		await writeManifest(dir, manifest);
		detail.push(`${volume.name} → ${written.file} (${formatBytes(written.bytes)} tar, sha256 ${written.sha256.slice(0, 12)}…, ${Math.round(performance.now() - started)} ms)`);
		index++;
	}

	emit({type: 'progress', step: 'backup', done: index, total: plan.volumes.length});
	const volumes = manifest.volumes.filter(entry => plan.volumes.some(volume => volume.name === entry.volume));
	return {
		status: 'pass',
		summary: `${volumes.length} volume${volumes.length === 1 ? '' : 's'} backed up to ${dir}`,
		detail,
		value: {dir, volumes},
	};
}
