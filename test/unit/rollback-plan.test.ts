import {readFileSync} from 'node:fs';
import {describe, expect, it} from 'vitest';
import {fromImage, fromListEntry, fromVolume} from '../../source/docker/parse.js';
import {describeKept, describePlan} from '../../source/flows/rollback/describe.js';
import {buildPlan, builtImageNames, isEmptyPlan, normalizeRef, type PlanInput} from '../../source/flows/rollback/plan.js';

/**
 * Recorded from a real engine (docker 20.10, compose 1.29): a regular project `rbrec`, its Alpine
 * project `rbrec-alpine` (backend built without `image:`, auth built with `image: rbrec/auth:alpine`,
 * cache pulled from the musl base image, a named and an unnamed volume), plus a foreign container
 * `rbrec-foreign-alpine-box` running a foreign image tagged `rbrec-foreign/thing:alpine`, which is
 * the same image as the base `alpinist-base/musl:busybox`.
 */
const sample = JSON.parse(readFileSync(new URL('../fixtures/rollback/engine-v1.json', import.meta.url), 'utf8'));

const projectNames = {regular: 'rbrec', alpine: 'rbrec-alpine', alpineTest: 'rbrec-alpine-test'};

function input(overrides: Partial<PlanInput> = {}): PlanInput {
	return {
		mode: 'permanent',
		projectNames,
		containers: sample.containers.map(fromListEntry),
		images: sample.images.map(fromImage),
		volumes: sample.volumes.map(fromVolume),
		networks: sample.networks.map((network: any) => ({id: network.Id, name: network.Name, labels: network.Labels ?? {}})),
		volumeSizes: sample.volumeSizes,
		built: [
			{project: 'rbrec-alpine', service: 'backend'},
			{project: 'rbrec-alpine', service: 'auth', image: 'rbrec/auth:alpine'},
		],
		protectedRefs: ['alpinist-base/musl:busybox'],
		regularServices: ['backend'],
		...overrides,
	};
}

const allTags = (plan: ReturnType<typeof buildPlan>) => plan.images.flatMap(image => image.refs);

describe('rollback plan (recorded engine sample)', () => {
	it('stops only the running containers of the Alpine projects in an emergency, removes nothing', () => {
		const plan = buildPlan(input({mode: 'emergency'}));
		expect(plan.stop.map(container => container.name).sort()).toEqual(['rbrec-alpine_auth_1', 'rbrec-alpine_backend_1', 'rbrec-alpine_cache_1']);
		expect(plan.containers).toEqual([]);
		expect(plan.volumes).toEqual([]);
		expect(plan.images).toEqual([]);
		expect(plan.setDefault).toBe(false);
		expect(plan.start).toEqual({project: 'rbrec', services: ['backend']});
	});

	it('removes the Alpine project containers, network and volumes, never the regular ones', () => {
		const plan = buildPlan(input());
		expect(plan.containers.map(container => container.name).sort()).toEqual(['rbrec-alpine_auth_1', 'rbrec-alpine_backend_1', 'rbrec-alpine_cache_1']);
		expect(plan.networks.map(network => network.name)).toEqual(['rbrec-alpine_default']);
		const volumes = plan.volumes.map(volume => ({name: volume.name, anonymous: volume.anonymous}));
		expect(volumes).toContainEqual({name: 'rbrec-alpine_backend-data', anonymous: false});
		expect(volumes.filter(volume => volume.anonymous)).toHaveLength(1);
		expect(volumes.map(volume => volume.name)).not.toContain('rbrec_backend-data');
		expect(plan.volumes.find(volume => volume.name === 'rbrec-alpine_backend-data')?.sizeBytes).toBe(0);
	});

	it('removes the images compose built for the Alpine project, by their project tags', () => {
		const plan = buildPlan(input());
		expect(allTags(plan).sort()).toEqual(['rbrec-alpine_backend:latest', 'rbrec/auth:alpine']);
		expect(plan.images).toHaveLength(1);
		expect(plan.images[0].deletes).toBe(true);
		expect(plan.images[0].services).toEqual(['auth', 'backend']);
	});

	it('keeps the foreign alpine-tagged image, the base image, the foreign container and the regular image', () => {
		const plan = buildPlan(input());
		const tags = allTags(plan);
		for (const kept of ['rbrec-foreign/thing:alpine', 'alpinist-base/musl:busybox', 'alpinist-base/debian:bookworm', 'rbrec_backend:latest']) expect(tags).not.toContain(kept);
		const baseId = sample.images.find((image: any) => image.RepoTags.includes('alpinist-base/musl:busybox')).Id;
		expect(plan.images.map(image => image.id)).not.toContain(baseId);
		expect(plan.containers.map(container => container.name)).not.toContain('rbrec-foreign-alpine-box');
		expect(plan.stop.map(container => container.name)).not.toContain('rbrec-foreign-alpine-box');
		expect(plan.kept.find(item => item.name === 'rbrec-foreign/thing:alpine')?.reason).toContain('used by container rbrec-foreign-alpine-box');
		const kept = describeKept(plan).join('\n');
		expect(kept).toContain("keep 1 image(s) whose names mention alpine but that this project did not build (the guide's grep would remove them): rbrec-foreign/thing:alpine");
		expect(kept).toMatch(/alpinist-base\/musl:busybox.*pulled|pulled.*cache/);
	});

	it('only untags a project image that another container uses when another name keeps it', () => {
		const containers = [...sample.containers.map(fromListEntry)];
		const built = containers.find((container: any) => container.name === 'rbrec-alpine_backend_1')!;
		containers.push({...built, id: 'e'.repeat(64), name: 'other-alpine_backend_1', image: 'other-alpine_backend', project: 'other-alpine', service: 'backend'});
		const images = sample.images.map(fromImage).map((image: any) => (image.id === built.imageId ? {...image, tags: [...image.tags, 'other-alpine_backend:latest']} : image));
		const plan = buildPlan(input({containers, images}));
		expect(plan.images).toHaveLength(1);
		expect(plan.images[0]).toMatchObject({refs: ['rbrec-alpine_backend:latest', 'rbrec/auth:alpine'], deletes: false, keepTags: ['other-alpine_backend:latest']});
		expect(describePlan(plan).join('\n')).toContain('(the image stays: also tagged other-alpine_backend:latest, used by container other-alpine_backend_1)');
	});

	it('keeps a project image that a container outside the project uses', () => {
		const containers = [...sample.containers.map(fromListEntry)];
		const built = containers.find((container: any) => container.name === 'rbrec-alpine_backend_1')!;
		containers.push({...built, id: 'f'.repeat(64), name: 'someone-elses', project: undefined, service: undefined, labels: {}});
		const plan = buildPlan(input({containers}));
		expect(plan.images).toEqual([]);
		expect(plan.kept.some(item => item.reason.includes('someone-elses'))).toBe(true);
	});

	it('only untags when the image also carries a tag that is not the project\'s', () => {
		const images = sample.images.map(fromImage).map((image: any) => (image.tags.includes('rbrec/auth:alpine') ? {...image, tags: [...image.tags, 'registry.example/team/auth:1.0']} : image));
		const plan = buildPlan(input({images}));
		expect(plan.images).toHaveLength(1);
		expect(plan.images[0].deletes).toBe(false);
		expect(plan.images[0].keepTags).toEqual(['registry.example/team/auth:1.0']);
		expect(describePlan(plan).join('\n')).toContain('untag rbrec-alpine_backend:latest, rbrec/auth:alpine (the image stays');
	});

	it('never removes a protected base image even when compose names match it', () => {
		const images = sample.images.map(fromImage).map((image: any) => (image.tags.includes('rbrec/auth:alpine') ? {...image, tags: [...image.tags, 'alpinist-base/musl:busybox']} : image));
		const plan = buildPlan(input({images}));
		expect(plan.images).toEqual([]);
	});

	it('an engine with nothing of the project plans nothing to remove', () => {
		const plan = buildPlan(input({containers: [], volumes: [], networks: [], images: sample.images.map(fromImage).filter((image: any) => !image.tags.some((tag: string) => /^rbrec(-alpine_|\/)/.test(tag)))}));
		expect(isEmptyPlan(plan)).toBe(true);
		expect(plan.kept.map(item => item.name)).toContain('rbrec-foreign/thing:alpine');
	});

	it('the preview lists each thing by name, with volume sizes and the backup', () => {
		const lines = describePlan(buildPlan(input()), {backup: true, backupDir: '/backups/x'});
		expect(lines[0]).toBe('set the project default back to regular');
		expect(lines).toContain('remove volume rbrec-alpine_backend-data (0 B)');
		expect(lines.some(line => line.startsWith('back up 2 volumes (0 B) to /backups/x'))).toBe(true);
		expect(lines).toContain('remove network rbrec-alpine_default');
		expect(lines.at(-2)).toBe('start the regular stack rbrec: backend');
		expect(describePlan(buildPlan(input()), {backup: false}).join('\n')).toContain('NO BACKUP');
	});
});

describe('image names', () => {
	it('normalizes references as the engine lists them', () => {
		expect(normalizeRef('busybox')).toBe('busybox:latest');
		expect(normalizeRef('docker.io/library/alpine:3.19')).toBe('alpine:3.19');
		expect(normalizeRef('localhost:5000/team/app')).toBe('localhost:5000/team/app:latest');
		expect(normalizeRef('a/b:c@sha256:' + 'a'.repeat(64))).toBe('a/b:c');
	});

	it('knows compose v1 and v2 build names', () => {
		expect(builtImageNames('shop-alpine', 'backend')).toEqual(['shop-alpine_backend:latest', 'shop-alpine-backend:latest']);
	});
});
