import {readFileSync} from 'node:fs';
import {Readable} from 'node:stream';
import {describe, expect, it} from 'vitest';
import {parseTar} from '../../../source/docker/tar.js';
import {classifyImage, containerVariant, muslLoaderPaths, parseOsRelease, readContainerFile} from '../../../source/docker/variant.js';
import type {ContainerInfo} from '../../../source/docker/types.js';
import type {Project} from '../../../source/project/discover.js';

// Recorded answers of GET /containers/{id}/archive from the project's two stand-in base images.
const fixture = (name: string) => readFileSync(new URL(`../../fixtures/top/${name}`, import.meta.url));

describe('parseTar', () => {
	it('reads a symlink entry and its target', () => {
		const [entry] = parseTar(fixture('debian-etc-os-release.tar'));
		expect(entry.name).toBe('os-release');
		expect(entry.type).toBe('2');
		expect(entry.linkName).toBe('../usr/lib/os-release');
		expect(entry.size).toBe(0);
	});

	it('reads a regular file with its size and data', () => {
		const entries = parseTar(fixture('debian-usr-lib-os-release.tar'));
		expect(entries).toHaveLength(1);
		expect(entries[0].type).toBe('0');
		expect(entries[0].data.length).toBe(entries[0].size);
		expect(entries[0].data.toString('utf8')).toContain('ID=debian');
	});

	it('honours a PAX path record and stops at the end blocks', () => {
		const header = Buffer.alloc(512);
		header.write('short', 0);
		header.write('00000000005\0', 124);
		header.write('0', 156);
		header.write('ustar\0', 257);
		const paxBody = Buffer.from('32 path=some/very/long/name.txt\n');
		const pax = Buffer.alloc(512);
		pax.write('PaxHeader', 0);
		pax.write(`${paxBody.length.toString(8).padStart(11, '0')}\0`, 124);
		pax.write('x', 156);
		const data = Buffer.alloc(512);
		data.write('hello');
		const archive = Buffer.concat([pax, Buffer.concat([paxBody], 512), header, data, Buffer.alloc(1024)]);
		const entries = parseTar(archive);
		expect(entries).toHaveLength(1);
		expect(entries[0].name).toBe('some/very/long/name.txt');
		expect(entries[0].data.toString()).toBe('hello');
	});
});

describe('parseOsRelease and classifyImage', () => {
	it('finds Debian as regular', () => {
		const fields = parseOsRelease(parseTar(fixture('debian-usr-lib-os-release.tar'))[0].data.toString());
		expect(fields.ID).toBe('debian');
		expect(fields.PRETTY_NAME).toBe('Debian GNU/Linux 12 (bookworm)');
		expect(classifyImage(fields)).toMatchObject({family: 'regular', label: 'regular', osId: 'debian'});
	});

	it('finds the musl stand-in (ID_LIKE=alpine) as musl, and Alpine by its ID', () => {
		const fields = parseOsRelease(parseTar(fixture('musl-etc-os-release.tar'))[0].data.toString());
		expect(fields.ID).toBe('alpinist-musl');
		expect(classifyImage(fields)).toMatchObject({family: 'alpine', label: 'musl', source: 'os-release'});
		expect(classifyImage(fields, '/lib/ld-musl-x86_64.so.1')).toMatchObject({family: 'alpine', label: 'musl', source: 'musl-loader'});
		const alpine = parseOsRelease('NAME="Alpine Linux"\nID=alpine\nVERSION_ID=3.20.3\nPRETTY_NAME="Alpine Linux v3.20"\n');
		expect(classifyImage(alpine)).toMatchObject({family: 'alpine', label: 'Alpine', prettyName: 'Alpine Linux v3.20'});
	});

	it('says unknown without os-release or musl loader, musl with the loader alone', () => {
		expect(classifyImage(undefined)).toMatchObject({family: 'unknown', label: '?'});
		expect(classifyImage(undefined, '/lib/ld-musl-aarch64.so.1')).toMatchObject({family: 'alpine', label: 'musl'});
	});

	it('unquotes values and skips comments', () => {
		expect(parseOsRelease('# c\nA="x \\"y\\""\nB=\'z\'\nbad line\n')).toEqual({A: 'x "y"', B: 'z'});
	});

	it('names the musl loader for the engine architecture', () => {
		expect(muslLoaderPaths('x86_64')).toEqual(['/lib/ld-musl-x86_64.so.1']);
		expect(muslLoaderPaths('aarch64')).toEqual(['/lib/ld-musl-aarch64.so.1']);
		expect(muslLoaderPaths(undefined)).toHaveLength(2);
	});
});

describe('readContainerFile', () => {
	it('follows the os-release symlink with a second archive request', async () => {
		const asked: string[] = [];
		const answers: Record<string, string> = {'/etc/os-release': 'debian-etc-os-release.tar', '/usr/lib/os-release': 'debian-usr-lib-os-release.tar'};
		const container = {
			id: 'c1',
			async getArchive({path}: {path: string}) {
				asked.push(path);
				return Readable.from([fixture(answers[path])]);
			},
		};
		const data = await readContainerFile(container as any, '/etc/os-release');
		expect(asked).toEqual(['/etc/os-release', '/usr/lib/os-release']);
		expect(data?.toString()).toContain('VERSION_CODENAME=bookworm');
	});
});

describe('containerVariant', () => {
	const project = {projectNames: {regular: 'shop', alpine: 'shop-alpine', alpineTest: 'shop-alpine-test'}} as Project;
	const container = (composeProject?: string) => ({project: composeProject, imageId: 'sha256:1'}) as ContainerInfo;

	it('takes the compose project name first', () => {
		expect(containerVariant(project, container('shop-alpine-test'), undefined)).toMatchObject({family: 'alpine', label: 'Alpine test', source: 'compose'});
		expect(containerVariant(project, container('shop'), {family: 'alpine', label: 'Alpine', source: 'os-release'})).toMatchObject({family: 'regular', source: 'compose'});
	});

	it('falls back to the image, pending until it is read', () => {
		expect(containerVariant(project, container('other'), undefined)).toMatchObject({source: 'pending', label: '…'});
		expect(containerVariant(project, container(), {family: 'alpine', label: 'Alpine', source: 'os-release', prettyName: 'Alpine Linux v3.20'})).toMatchObject({
			family: 'alpine',
			source: 'image',
			detail: 'Alpine Linux v3.20',
		});
	});
});
