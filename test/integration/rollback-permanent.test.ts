// Permanent rollback of the sample stack on the real engine, while a foreign container and a foreign
// image tagged `alpine` exist: both survive, the base images too. The backend volume is backed up
// before it is removed, restored into a new volume with the same files, and restored under its own
// name so the Alpine stack finds its data again.
import {existsSync, mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import type Dockerode from 'dockerode';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import type {composeNames} from '../../source/docker/compose.js';
import {rollbackFlow} from '../../source/flows/rollback/index.js';
import {readManifest} from '../../source/flows/rollback/backup.js';
import {restoreFlow} from '../../source/flows/rollback/restore.js';
import {composeForVariant, projectContainers} from '../../source/flows/stack.js';
import {docker, muslBase} from '../helpers/containers.js';
import {testContext} from '../helpers/context.js';
import {drain, finalSteps, recordingConfirm, regularBuiltAlpineUp, removeProjects, serviceUrl, upHealthy, useFreePorts, volumeFiles} from '../helpers/rollback.js';

useFreePorts();
const confirmations = recordingConfirm();
const {questions} = confirmations;
const setup = testContext('it-rb-permanent', {confirm: confirmations.confirm});
const {context, project} = setup;
const {alpine, alpineTest, regular} = project.projectNames;
const volume = `${alpine}_backend-data`;
const foreignRepo = `it-foreign-${process.pid}/thing`;
const foreignTag = `${foreignRepo}:alpine`;
const foreignName = `it-foreign-${process.pid}-alpine-box`;
const restoredName = `${project.name}-restored`;
const backupDir = mkdtempSync(path.join(tmpdir(), 'alpinist-backups-'));
const foreign: Dockerode.Container[] = [];
let original: Record<string, string> = {};
const services = ['backend', 'auth', 'frontend'];
// Built image names differ between Compose v1 (`proj_svc`) and v2 (`proj-svc`).
let names: ReturnType<typeof composeNames>;
const builtTags = (projectName: string) => services.map(service => `${names.image(projectName, service)}:latest`);

const imageTags = async () => (await docker.listImages()).flatMap(image => image.RepoTags ?? []);
const volumeNames = async () => ((await docker.listVolumes()).Volumes ?? []).map(entry => entry.Name);

beforeAll(async () => {
	names = await regularBuiltAlpineUp(context);
	await upHealthy(context, 'alpineTest');
	// Data the rollback must not lose.
	for (const item of ['first order', 'second order']) {
		const response = await fetch(`${serviceUrl(context, alpine, 'backend')}/api/items`, {method: 'POST', body: item});
		expect(response.status).toBe(201);
	}

	original = await volumeFiles(docker, volume, muslBase);
	expect(original['/items.txt']).toContain('second order');
	// What the guide's `docker images | grep alpine | xargs docker rmi -f` would have destroyed.
	await docker.getImage(muslBase).tag({repo: foreignRepo, tag: 'alpine'});
	// A plain container, and one of another compose project, both on the foreign alpine-tagged image.
	const box = await docker.createContainer({Image: foreignTag, name: foreignName, Cmd: ['sleep', '3600'], HostConfig: {NetworkMode: 'none'}});
	const other = await docker.createContainer({
		Image: foreignTag,
		name: `it-foreign-${process.pid}-web-1`,
		Cmd: ['sleep', '3600'],
		Labels: {'com.docker.compose.project': `it-foreign-${process.pid}`, 'com.docker.compose.service': 'web'},
		HostConfig: {NetworkMode: 'none'},
	});
	for (const container of [box, other]) {
		await container.start();
		foreign.push(container);
	}
	context.progress.setBaseline('memory.regular', 40e6, 'B', 'test baseline');
});

afterAll(async () => {
	for (const container of foreign) await container.remove({force: true}).catch(() => {});
	await docker.getImage(foreignTag).remove().catch(() => {});
	for (const name of [restoredName, volume]) await docker.getVolume(name).remove().catch(() => {});
	await removeProjects(context, docker, project.name);
	rmSync(backupDir, {recursive: true, force: true});
	setup.cleanup();
});

describe('permanent rollback (sample stack, real engine)', () => {
	it('--dry-run lists exactly the project\'s resources, keeps the foreign ones, changes nothing', async () => {
		const {outcome} = await drain(rollbackFlow, {...context, dryRun: true}, {mode: 'permanent', backupDir});
		const preview = outcome.data!.preview;
		expect(preview).toEqual(expect.arrayContaining([`remove volume ${volume} (${preview.find(line => line.startsWith(`remove volume ${volume}`))!.slice(`remove volume ${volume} (`.length)}`]));
		expect(preview.some(line => new RegExp(`^remove volume ${volume} \\(\\d+(\\.\\d)? (B|KiB)\\)$`).test(line))).toBe(true);
		expect(preview.filter(line => line.startsWith('remove container'))).toHaveLength(6);
		// Each image compose built for the two Alpine projects goes: removed, or untagged when another project's build shares it.
		const imageLines = preview.filter(line => line.startsWith('remove image') || line.startsWith('untag')).join('\n');
		for (const tag of [...builtTags(alpine), ...builtTags(alpineTest)]) expect(imageLines).toContain(tag);
		expect(preview.join('\n')).not.toContain(foreignName);
		expect(preview.join('\n')).not.toContain(foreignTag);
		expect(preview.join('\n')).not.toContain(muslBase);
		const kept = outcome.data!.plan!.kept.map(item => item.name);
		expect(kept).toContain(foreignTag);
		expect(await volumeNames()).toContain(volume);
		expect(questions).toHaveLength(0);
	});

	it('backs up the volumes, removes the Alpine stacks and images, and the foreign container and image survive', async () => {
		const {outcome, events} = await drain(rollbackFlow, context, {mode: 'permanent', backupDir});
		expect(outcome.summary).toMatch(/Permanent rollback done/);
		expect(outcome.ok).toBe(true);
		expect(finalSteps(events)).toMatchObject({default: 'pass', stop: 'pass', backup: 'pass', remove: 'pass', images: 'pass', start: 'pass', 'verify.containers': 'pass', 'verify.endpoints': 'pass', 'verify.smoke': 'pass'});
		expect(questions.at(-1)).toMatchObject({destructive: true, action: 'roll back'});
		expect(context.progress.get().defaultVariant).toBe('regular');

		// The foreign things, and the base images, are still there.
		for (const container of foreign) expect((await container.inspect()).State.Running).toBe(true);
		const tags = await imageTags();
		expect(tags).toContain(foreignTag);
		expect(tags).toContain(muslBase);
		expect(tags).toContain('alpinist-base/debian:bookworm');
		// The Alpine projects are gone: containers, volumes, networks, built images.
		const snapshot = await docker.listContainers({all: true, filters: {label: [`com.docker.compose.project=${alpine}`]}});
		const snapshotTest = await docker.listContainers({all: true, filters: {label: [`com.docker.compose.project=${alpineTest}`]}});
		expect([...snapshot, ...snapshotTest]).toEqual([]);
		expect((await volumeNames()).filter(name => name.startsWith(alpine))).toEqual([]);
		expect((await docker.listNetworks()).map(network => network.Name).filter(name => name.startsWith(alpine))).toEqual([]);
		expect(tags.filter(tag => [...builtTags(alpine), ...builtTags(alpineTest)].includes(tag))).toEqual([]);
		// The regular stack runs; its own images are untouched.
		expect(projectContainers(context.store.getSnapshot(), regular).filter(container => container.health === 'healthy')).toHaveLength(3);
		expect(tags).toEqual(expect.arrayContaining(builtTags(regular)));

		// The backups, and how to restore them.
		const backups = outcome.data!.backups!;
		expect(backups.dir).toBe(backupDir);
		expect(backups.restore[0]).toBe(`alpinist restore ${backupDir}`);
		const manifest = await readManifest(backupDir);
		expect(manifest?.volumes.map(entry => entry.volume).sort()).toEqual([volume, `${alpineTest}_backend-data`].sort());
		expect(existsSync(path.join(backupDir, `${volume}.tar`))).toBe(true);
		expect(events.some(event => event.type === 'message' && event.text.startsWith(`Restore them with: alpinist restore ${backupDir}`))).toBe(true);
		expect(context.progress.history('rollback').at(-1)).toMatchObject({mode: 'permanent', ok: true, backups: {dir: backupDir}});
		const memory = events.find(event => event.type === 'step' && event.id === 'verify.memory' && event.status !== 'running');
		expect(memory?.type === 'step' && memory.summary).toContain('against the baseline 40.0 MB');
	});

	it('restores the backed-up volume into a new volume with the same files', async () => {
		const {outcome} = await drain(restoreFlow, context, {source: backupDir, volume, to: restoredName});
		expect(outcome.summary).toBe(`Restored ${restoredName}.`);
		expect(await volumeFiles(docker, restoredName, muslBase)).toEqual(original);
	});

	it('asks before replacing an existing volume; unconfirmed, it changes nothing', async () => {
		confirmations.answer = false;
		const {outcome} = await drain(restoreFlow, context, {source: path.join(backupDir, `${alpineTest}_backend-data.tar`), to: restoredName});
		confirmations.answer = true;
		expect(outcome).toMatchObject({ok: false, exitCode: 2});
		expect(questions.at(-1)).toMatchObject({destructive: true, action: 'restore'});
		expect(questions.at(-1)?.items[0]).toMatch(new RegExp(`^REPLACE volume ${restoredName}`));
		expect(await volumeFiles(docker, restoredName, muslBase)).toEqual(original);
	});

	it('restored under its own name, the Alpine stack finds its data again', async () => {
		const {outcome} = await drain(restoreFlow, context, {source: backupDir, volume});
		expect(outcome.ok).toBe(true);
		const info = await docker.getVolume(volume).inspect();
		expect(info.Labels?.['com.docker.compose.project']).toBe(alpine);
		const compose = await composeForVariant(context, 'alpine');
		expect((await compose.run(['up', '-d', '--build', 'backend'])).exitCode).toBe(0);
		await context.store.waitFor(snapshot => projectContainers(snapshot, alpine).some(container => container.service === 'backend' && container.health === 'healthy'), {timeoutMs: 60_000});
		const items = await (await fetch(`${serviceUrl(context, alpine, 'backend')}/api/items`)).json();
		expect(items).toMatchObject({count: 2, items: ['first order', 'second order']});
	});
});
