import {formatBytes, formatMB, stripControl} from '../../format.js';
import type {RollbackPlan} from './plan.js';

/** The preview: one line per thing the rollback stops, removes or starts, in the order it happens. */
export function describePlan(plan: RollbackPlan, options: {backup: boolean; backupDir?: string} = {backup: true}): string[] {
	const lines: string[] = [];
	const clean = (text: string) => stripControl(text);
	if (plan.setDefault) lines.push('set the project default back to regular');
	for (const container of plan.stop) lines.push(`stop container ${clean(container.name)} (${container.project}, ${container.state})`);
	if (plan.mode === 'permanent') {
		if (plan.volumes.length > 0) {
			const total = plan.volumes.reduce((sum, volume) => sum + (volume.sizeBytes ?? 0), 0);
			lines.push(
				options.backup
					? `back up ${plan.volumes.length} volume${plan.volumes.length === 1 ? '' : 's'} (${formatBytes(total)}) to ${options.backupDir ?? 'a tar file each'}`
					: `NO BACKUP (--no-backup): the volumes below are deleted for good`,
			);
		}

		for (const container of plan.containers) lines.push(`remove container ${clean(container.name)}`);
		for (const volume of plan.volumes) {
			const size = volume.sizeBytes === undefined ? 'size unknown' : formatBytes(volume.sizeBytes);
			lines.push(`remove volume ${clean(volume.name)} (${size}${volume.anonymous ? ', unnamed' : ''})`);
		}

		for (const network of plan.networks) lines.push(`remove network ${clean(network.name)}`);
		for (const image of plan.images) {
			const what = image.refs.map(clean).join(', ');
			const size = formatMB(image.sizeBytes);
			lines.push(
				image.deletes
					? `remove image ${what} (${image.id.replace(/^sha256:/, '').slice(0, 12)}, ${size})`
					: `untag ${what} (the image stays: ${clean(image.stays ?? `also tagged ${image.keepTags.join(', ')}`)})`,
			);
		}
	}

	lines.push(`start the regular stack ${plan.start.project}${plan.start.services.length > 0 ? `: ${plan.start.services.join(', ')}` : ''}`);
	lines.push('verify: containers healthy, endpoints answer, smoke test, memory against the baseline');
	return lines;
}

/** What stays although it looks related: shown under the preview so nobody wonders. */
export function describeKept(plan: RollbackPlan, limit = 6): string[] {
	const lookalikes = plan.kept.filter(item => item.kind === 'image' && item.reason.startsWith('not built by the project'));
	const others = plan.kept.filter(item => !lookalikes.includes(item));
	const lines = others.map(item => `keep ${item.kind} ${stripControl(item.name)}: ${item.reason}`);
	if (lookalikes.length > 0) {
		const names = lookalikes.slice(0, limit).map(item => stripControl(item.name));
		const more = lookalikes.length > limit ? `, and ${lookalikes.length - limit} more` : '';
		lines.push(`keep ${lookalikes.length} image(s) whose names mention alpine but that this project did not build (the guide's grep would remove them): ${names.join(', ')}${more}`);
	}

	return lines;
}
