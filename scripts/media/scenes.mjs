// The scenes `npm run media` plays, in order, sharing one fresh progress store: each one starts
// alpinist in tmux, types keys, waits for text, and captures the screen. A step may also run a
// headless command first (before/after) to set the stage: everything is real, nothing is mocked.

import {cpSync, mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';

const broken = ['--project', 'compose/broken'];

// A copy of the sample stack without its Alpine compose files and Alpine Dockerfiles: a project
// that has only its regular compose file, as `alpinist init` meets it.
let alpineLess;
function alpineLessCopy(root) {
	const dir = mkdtempSync(path.join(tmpdir(), 'alpinist-media-init-'));
	for (const entry of ['alpinist.config.json', 'compose', 'docker']) cpSync(path.join(root, entry), path.join(dir, entry), {recursive: true, filter: source => !/\.alpine(?:-test)?\.(?:yml|Dockerfile)$|[/]broken/.test(source)});
	return dir;
}

export const scenes = [
	{
		name: 'checklist',
		before: ({cli}) => cli('up', '--no-alpine'),
		args: ['check'],
		steps: [{waitFor: /checks in [\d.]+ m?s/, timeoutMs: 60_000, pause: 300, capture: 'checklist'}],
	},
	{
		name: 'migrate',
		args: ['migrate', '--force-rebuild'],
		steps: [
			{waitFor: /enter start/, timeoutMs: 20_000},
			{keys: ['Enter'], waitFor: /Build Alpine images · last \d+ of \d+ lines/, timeoutMs: 120_000, capture: 'migrate-build'},
			{waitFor: /Migrated:/, timeoutMs: 180_000, pause: 300, capture: 'migrate'},
		],
	},
	{
		name: 'help',
		args: ['top', '--help'],
		steps: [{waitFor: /Exit codes\n.*interrupted/, timeoutMs: 20_000, pause: 200, capture: 'help-top'}],
	},
	{
		name: 'footprint',
		// After migrate the Alpine stack runs: verify prints its figures, the footprint among them.
		args: ['verify', '--plain'],
		steps: [{waitFor: /The Alpine stack is verified|failed verification/, timeoutMs: 120_000, pause: 200, capture: 'footprint'}],
	},
	{
		name: 'home',
		args: [],
		steps: [{waitFor: /engine docker/, timeoutMs: 20_000, pause: 500, capture: 'home'}],
	},
	{
		name: 'bench',
		args: ['bench', '--runs', '1'],
		steps: [{waitFor: /Image size 78 %/, timeoutMs: 600_000, pause: 500, capture: 'bench'}],
	},
	{
		name: 'top',
		args: ['top'],
		steps: [
			{waitFor: /sample-alpine/, timeoutMs: 20_000, pause: 6000, capture: 'top'},
			{keys: ['Enter'], pause: 5000, capture: 'top-detail'},
		],
	},
	{
		name: 'report',
		args: ['report'],
		steps: [{waitFor: /Thresholds/, timeoutMs: 60_000, pause: 300, capture: 'report'}],
	},
	{
		name: 'train',
		args: ['train'],
		steps: [
			{waitFor: /exercise in/, timeoutMs: 20_000, keys: [], pause: 300},
			{keys: ['Enter'], waitFor: /done — recorded/, timeoutMs: 20_000, pause: 300, capture: 'train'},
		],
	},
	{
		name: 'doctor',
		before: ({cli}) => cli('up', '--alpine', ...broken),
		args: ['doctor', ...broken],
		steps: [
			{waitFor: /Known musl pitfalls/, timeoutMs: 60_000},
			// Once diagnosed, the screen selects the first problem (the musl one) by itself.
			{waitFor: /› ✗ glibc program on musl\s+\S/, timeoutMs: 60_000, pause: 800, capture: 'doctor'},
		],
		after: ({cli}) => cli('down', '--yes', ...broken),
	},
	{
		name: 'init',
		title: 'alpinist init',
		before: ({root}) => {
			alpineLess = alpineLessCopy(root);
		},
		get args() {
			return ['init', '--project', alpineLess];
		},
		steps: [
			{waitFor: /Files\n/, timeoutMs: 60_000, pause: 300, capture: 'init'},
			{keys: ['Down', 'Enter'], waitFor: /\+\+\+ b\/auth\.alpine\.Dockerfile/, timeoutMs: 20_000, pause: 300, capture: 'init-diff'},
		],
		after: () => rmSync(alpineLess, {recursive: true, force: true}),
	},
	{
		name: 'convert',
		args: ['convert', 'docker/backend.Dockerfile'],
		steps: [{waitFor: /apk add/, timeoutMs: 20_000, pause: 300, capture: 'convert'}],
	},
	{
		name: 'rollback',
		args: ['rollback'],
		steps: [
			{waitFor: /e emergency/, timeoutMs: 20_000},
			{keys: ['e'], waitFor: /Press y/, timeoutMs: 60_000, pause: 300, capture: 'rollback-confirm'},
			{keys: ['y'], waitFor: /confirmation → verified/, timeoutMs: 180_000, pause: 300, capture: 'rollback'},
		],
		after: ({cli}) => cli('down', '--yes'),
	},
];
