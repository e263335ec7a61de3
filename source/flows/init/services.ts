import path from 'node:path';
import type {ComposeModel, ServiceModel} from '../../project/compose-model/model.js';
import {type BuildDecision, decideBuild} from './build.js';
import {decideImage, type ImageDecision, type Substitutions} from './images.js';

/**
 * One row per service of the regular model: what its Alpine form is and why. Build services go
 * through the Dockerfile converter (a Dockerfile shared by several services is converted once);
 * image services through the tag conventions. Pure apart from reading Dockerfiles.
 */

export type RowStatus = 'converted' | 'mapped' | 'already-alpine' | 'kept' | 'flagged';

export type ServiceRow = {
	name: string;
	kind: 'build' | 'image';
	from: string;
	to: string;
	status: RowStatus;
	reason: string;
	/** The Alpine Dockerfile of a build service (absolute). */
	dockerfile?: string;
	/** True only when a registry confirmed every image this row names. */
	verified: boolean;
	/** What the registry said (or why nothing was asked). */
	verification: string;
	profiles: string[];
	/** Images to ask a registry about. */
	images: string[];
	build?: BuildDecision;
	image?: ImageDecision;
	service: ServiceModel;
};

export function decideServices(model: ComposeModel, substitutions: Substitutions): ServiceRow[] {
	const conversions = new Map<string, BuildDecision>();
	return model.services.map(service => {
		const base = {name: service.name, verified: false, verification: 'not asked', profiles: service.profiles, service};
		if (service.build) {
			const key = JSON.stringify([service.build.dockerfile ?? service.build.inline, service.build.context, service.build.target, service.build.args]);
			const decision = conversions.get(key) ?? decideBuild(service.build, substitutions);
			conversions.set(key, decision);
			const status: RowStatus = decision.status;
			const target = service.build.target ? ` (target ${service.build.target})` : '';
			return {
				...base,
				kind: 'build' as const,
				from: decision.from,
				to: decision.to,
				status,
				reason: `${decision.reason}${target}`,
				dockerfile: decision.status === 'converted' || decision.status === 'flagged' ? decision.dockerfile : undefined,
				images: decision.bases,
				build: decision,
			};
		}

		if (!service.image) {
			return {...base, kind: 'image' as const, from: '', to: '', status: 'flagged' as const, reason: 'neither image nor build: compose cannot run it', images: []};
		}

		const decision = decideImage(service.image, substitutions);
		return {
			...base,
			kind: 'image' as const,
			from: decision.from,
			to: decision.to,
			status: decision.status,
			reason: decision.reason,
			images: decision.status === 'mapped' ? [decision.to] : [],
			image: decision,
		};
	});
}

/** 0 when every service has an Alpine form and no conversion has errors; 1 when some are kept or flagged. */
export function rowsExitCode(rows: ServiceRow[]): 0 | 1 {
	return rows.every(row => row.status === 'converted' || row.status === 'mapped' || row.status === 'already-alpine') ? 0 : 1;
}

export function rowLine(row: ServiceRow, root: string): string {
	const change = row.from === row.to || !row.to ? row.from || '—' : `${row.from} → ${row.to}`;
	const file = row.dockerfile ? `  [${path.relative(root, row.dockerfile)}]` : '';
	const verified = row.images.length === 0 ? '' : row.verified ? '  verified' : `  ${row.verification}`;
	return `${row.name.padEnd(14)} ${row.status.padEnd(14)} ${change}${file}${verified}\n${' '.repeat(15)}${row.reason}`;
}
