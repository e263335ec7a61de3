import {execa} from 'execa';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {measureFootprint} from '../../source/docker/footprint.js';
import {measurePullSizes} from '../../source/docker/pull-size.js';
import {docker, muslBase} from '../helpers/containers.js';
import {type LocalRegistry, startRegistry} from '../helpers/registry.js';

/**
 * The footprint on the real engine: two images on one base, built here, their layers read from
 * the engine and counted once; then pushed to a real local registry (Debian's docker-registry)
 * and their compressed pull size read back from its manifests.
 */

const names = ['auth', 'backend'].map(service => ({service, image: `alpinist-it-footprint-${process.pid}-${service}:latest`}));
let registry: LocalRegistry | undefined;
let registryProblem: string | undefined;

async function build(image: string, bytes: number) {
	// A layer of its own of a known size on the musl base; the build context is empty (Dockerfile on stdin).
	const dockerfile = `FROM ${muslBase}\nRUN dd if=/dev/urandom of=/own bs=1000 count=${bytes / 1000} 2>/dev/null\nLABEL alpinist.test=footprint-${process.pid}\n`;
	await execa('docker', ['build', '--quiet', '--tag', image, '-'], {input: dockerfile});
}

beforeAll(async () => {
	await build(names[0].image, 300_000);
	await build(names[1].image, 500_000);
	try {
		registry = await startRegistry();
	} catch (error) {
		registryProblem = (error as Error).message;
	}
}, 120_000);

afterAll(async () => {
	await registry?.stop();
	for (const {image} of names) await docker.getImage(image).remove({force: true}).catch(() => {});
});

async function stackImages() {
	return Promise.all(names.map(async ({service, image}) => ({service, image, id: (await docker.getImage(image).inspect()).Id})));
}

describe('the footprint of two images on one base', () => {
	it('counts the shared base once: total = base + each own layer; docker images would count the base twice', async () => {
		const base = await docker.getImage(muslBase).inspect();
		const footprint = await measureFootprint(docker, await stackImages());
		expect(footprint.images.map(image => image.services)).toEqual([['auth'], ['backend']]);
		for (const image of footprint.images) {
			expect(image.layerSizesExact).toBe(true);
			expect(image.layers.reduce((sum, layer) => sum + layer.bytes, 0)).toBe(image.size);
			// Its own layer is the random file (a few bytes of metadata aside), the rest is the base.
			expect(image.ownInStack).toBe(image.size - base.Size);
			// docker system df -v: the base is shared with at least the base image itself.
			expect(image.shared).toBeGreaterThanOrEqual(base.Size);
			expect(image.unique).toBe(image.size - image.shared!);
		}

		const [auth, backend] = footprint.images;
		expect(auth.ownInStack).toBeGreaterThanOrEqual(300_000);
		expect(backend.ownInStack).toBeGreaterThanOrEqual(500_000);
		expect(footprint.shared).toBe(base.Size);
		expect(footprint.total).toBe(base.Size + auth.ownInStack + backend.ownInStack);
		expect(footprint.unique).toBe(footprint.total - footprint.shared);
		expect(footprint.listed).toBe(auth.size + backend.size);
		expect(footprint.listed - footprint.total).toBe(base.Size);
	});
});

describe('the compressed size a pull transfers, from a real registry', () => {
	it('reads each pushed image\'s manifest; the stack counts the shared base blob once; an unpushed image says so', async ({skip}) => {
		if (!registry) skip(`no local registry: ${registryProblem}`);
		const images = (await stackImages()).map(({id, image, service}) => ({id, image, services: [service]}));
		const before = await measurePullSizes(docker, registry!.address, images);
		expect(before.images.every(image => image.missing?.startsWith(`not pushed to ${registry!.address}`))).toBe(true);
		expect(before.total).toBeUndefined();

		for (const {service, image} of names) await registry!.push(image, `alpinist-it/${service}-${process.pid}`, 'latest');
		const pulled = await measurePullSizes(docker, registry!.address, images);
		for (const [index, image] of pulled.images.entries()) {
			expect(image.reference).toMatch(new RegExp(`^${registry!.address.replaceAll('.', '\\.')}/alpinist-it/${names[index].service}-${process.pid}@sha256:[0-9a-f]{64}$`));
			expect(image.layers).toHaveLength(2);
			// Random bytes do not compress: the own layer's blob is at least its content.
			expect(image.layers![1].size).toBeGreaterThanOrEqual(index === 0 ? 300_000 : 500_000);
			expect(image.compressed).toBe(image.layers!.reduce((sum, layer) => sum + layer.size, 0));
		}

		const [auth, backend] = pulled.images;
		expect(auth.layers![0].digest).toBe(backend.layers![0].digest);
		expect(pulled.total).toBe(auth.compressed! + backend.compressed! - auth.layers![0].size);
		expect(pulled.method).toContain(registry!.address);
	});
});
