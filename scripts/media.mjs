#!/usr/bin/env node
// Regenerates media/: pictures of the real screens, from a real run of alpinist in tmux against the
// real engine. Each scene starts the app in a tmux window of a fixed size, types keys, waits for
// text on the screen, and captures it (with colours) into media/<scene>.svg (and .png with rsvg-convert).
//
//   npm run media            every scene
//   npm run media -- top     only the named scenes
import {execFileSync, spawnSync} from 'node:child_process';
import {mkdirSync, mkdtempSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {ansiToSvg} from './media/ansi-svg.mjs';
import {scenes} from './media/scenes.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const media = path.join(root, 'media');
const columns = 118;
const rows = 34;
const stateDir = mkdtempSync(path.join(tmpdir(), 'alpinist-media-'));
// The scenes are a person at a terminal, not CI: CI variables are removed (Ink draws nothing in CI).
const env = {...process.env, ALPINIST_STATE_DIR: stateDir, ALPINIST_ENGINEER: 'newcomer', FORCE_COLOR: '1'};
for (const name of ['CI', 'GITHUB_ACTIONS', 'GITLAB_CI', 'CONTINUOUS_INTEGRATION', 'BUILD_NUMBER', 'RUN_ID']) delete env[name];

// A tmux server of our own (its own socket), started with this environment.
const socket = 'alpinist-media';
const tmux = (...args) => execFileSync('tmux', ['-L', socket, ...args], {encoding: 'utf8', env});
const sleep = ms => new Promise(resolve => setTimeout(resolve, ms));

function cli(...args) {
	const result = spawnSync(process.execPath, [path.join(root, 'dist/cli.js'), ...args], {cwd: root, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe']});
	return result;
}

async function waitFor(session, pattern, timeoutMs) {
	const started = Date.now();
	for (;;) {
		const screen = tmux('capture-pane', '-p', '-t', session);
		if (pattern.test(screen)) return screen;
		if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${pattern} in scene ${session}; screen:\n${screen}`);
		await sleep(150);
	}
}

async function runScene(scene) {
	const session = `alpinist-media-${scene.name}`;
	spawnSync('tmux', ['-L', socket, 'kill-session', '-t', session]);
	await scene.before?.({cli, root});
	const command = [process.execPath, path.join(root, 'dist/cli.js'), ...scene.args].map(arg => `'${arg.replace(/'/g, "'\\''")}'`).join(' ');
	tmux('new-session', '-d', '-s', session, '-x', String(columns), '-y', String(rows), '-c', root, '-e', `ALPINIST_STATE_DIR=${stateDir}`, '-e', 'ALPINIST_ENGINEER=newcomer', `${command}; sleep 600`);
	try {
		for (const step of scene.steps) {
			if (step.keys) for (const key of step.keys) {
				tmux('send-keys', '-t', session, key);
				await sleep(120);
			}

			if (step.waitFor) await waitFor(session, step.waitFor, step.timeoutMs ?? 30_000);
			if (step.pause) await sleep(step.pause);
			if (step.capture) {
				const ansi = tmux('capture-pane', '-e', '-p', '-t', session);
				const file = path.join(media, `${step.capture}.svg`);
				writeFileSync(file, ansiToSvg(ansi, {title: scene.title ?? `alpinist ${scene.args.join(' ')}`.trim(), columns}));
				const png = spawnSync('rsvg-convert', ['-o', file.replace(/\.svg$/, '.png'), file]);
				console.log(`media/${step.capture}.svg${png.status === 0 ? ' + .png' : ''}`);
			}
		}
	} finally {
		spawnSync('tmux', ['-L', socket, 'kill-session', '-t', session]);
		await scene.after?.({cli, root});
	}
}

mkdirSync(media, {recursive: true});
spawnSync('tmux', ['-L', socket, 'kill-server']);
const only = process.argv.slice(2);
for (const scene of scenes.filter(candidate => only.length === 0 || only.includes(candidate.name))) {
	try {
		await runScene(scene);
	} catch (error) {
		console.error(`scene ${scene.name}: ${error.message}`);
		process.exitCode = 1;
	}
}
