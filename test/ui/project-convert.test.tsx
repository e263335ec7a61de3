/**
 * The project-wide Convert screen (`alpinist init` in the wizard) on a copy of the Go + postgres
 * + nginx fixture: a row per service with its decision; enter opens a row to its Dockerfile diff
 * and musl findings; space skips a service; w shows what will be written, then writes it.
 * Lookups go to a loopback port nothing listens on (imageSubstitutions), so they are "not verified".
 */
import {cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import net from 'node:net';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {render} from 'ink-testing-library';
import {afterAll, beforeAll, describe, expect, it, vi} from 'vitest';
import {parse} from 'yaml';
import {FooterContext} from '../../source/components/footer-context.js';
import {createContext} from '../../source/flows/context.js';
import type {Confirmation, FlowContext} from '../../source/flows/types.js';
import {AppContext, type AppContextValue} from '../../source/hooks/use-app-context.js';
import Convert from '../../source/screens/Convert.js';
import {preloadScreens} from '../../source/screens/index.js';
import {repoRoot} from '../helpers/context.js';
import {waitForContent} from '../helpers/ui.js';

const tick = (ms = 40) => new Promise(resolve => setTimeout(resolve, ms));
const ARROW_DOWN = '\u001B[B';
let root: string;
let context: FlowContext;
let mirror: string;

async function closedPort(): Promise<number> {
	return new Promise(resolve => {
		const server = net.createServer().listen(0, '127.0.0.1', () => {
			const {port} = server.address() as net.AddressInfo;
			server.close(() => resolve(port));
		});
	});
}

beforeAll(async () => {
	await preloadScreens();
	root = mkdtempSync(path.join(tmpdir(), 'alpinist-project-convert-'));
	cpSync(path.join(repoRoot, 'test/fixtures/init-projects/go-postgres-nginx'), root, {recursive: true});
	mirror = `127.0.0.1:${await closedPort()}/library/`;
	writeFileSync(path.join(root, 'alpinist.config.json'), JSON.stringify({name: 'shop', imageSubstitutions: {'docker.io/library/': mirror}}));
	context = createContext({projectDir: root, stateDir: path.join(root, '.state')});
});
afterAll(() => {
	context.store.stop();
	rmSync(root, {recursive: true, force: true});
});

describe('project-wide Convert screen', () => {
	it('shows a row per service, opens one to its diff, skips one, writes after showing the files', async () => {
		const questions: Confirmation[] = [];
		let hints: string[] = [];
		const value = {
			flow: {...context, confirm: async (question: Confirmation) => (questions.push(question), true)},
			navigate: vi.fn(),
			replace: vi.fn(),
			back: vi.fn(),
			exit: vi.fn(),
			menu: [],
		} satisfies AppContextValue;
		const screen = render(
			<AppContext.Provider value={value}>
				<FooterContext.Provider value={{setHints: next => (hints = next)}}>
					<Convert isActive params={{mode: 'project'}} />
				</FooterContext.Provider>
			</AppContext.Provider>,
		);
		const frame = await waitForContent(screen, /Files/, 8000);
		expect(frame).toMatch(/☑ backend +build +converted +golang:1\.22 → 127\.0\.0\.1:\d+\/library\/golang:.* not verified/);
		expect(frame).toMatch(/☑ db +image +mapped +postgres:16 → 127\.0\.0\.1:\d+\/library\/postgre/);
		expect(frame).toMatch(/☑ proxy +image +mapped/);
		expect(frame).toMatch(/create +compose\.alpine\.yaml/);
		await tick();
		expect(hints).toContain('w write');

		screen.stdin.write('\r');
		const detail = await waitForContent(screen, /\+\+\+ b\/Dockerfile\.alpine/, 8000);
		expect(detail).toContain(`+FROM ${mirror}golang:1.22-alpine AS builder`);
		expect(detail).toContain('-FROM golang:1.22 AS builder');
		screen.stdin.write('\u001B');
		await waitForContent(screen, /Files/, 8000);

		screen.stdin.write(ARROW_DOWN);
		await tick();
		screen.stdin.write(ARROW_DOWN);
		await tick();
		screen.stdin.write(' ');
		const skipped = await waitForContent(screen, /☐ proxy +image +skipped/, 8000);
		expect(skipped).toMatch(/☑ db/);

		screen.stdin.write('w');
		await waitForContent(screen, /Wrote the Alpine variant/, 8000);
		expect(questions[0]!.items).toEqual(['create compose.alpine.yaml', 'create compose.alpine-test.yaml', 'create app/Dockerfile.alpine', 'overwrite alpinist.config.json']);
		const alpine = parse(readFileSync(path.join(root, 'compose.alpine.yaml'), 'utf8'));
		expect(alpine.services.db.image).toMatch(/postgres:16-alpine$/);
		// Skipped: as in the regular file.
		expect(alpine.services.proxy.image).toBe('nginx:1.27');
		expect(existsSync(path.join(root, 'app/Dockerfile.alpine'))).toBe(true);
		await waitForContent(screen, /unchanged +compose\.alpine\.yaml/, 8000);
		screen.unmount();
	}, 20_000);
});
