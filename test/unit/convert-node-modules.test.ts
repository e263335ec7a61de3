import {describe, expect, it} from 'vitest';
import {convertDockerfile} from '../../source/dockerfile/convert.js';

const nodeFindings = (text: string, files: Record<string, string> = {}) =>
	convertDockerfile(text, 'Dockerfile', {readContextFile: file => files[file]}).findings.filter(finding => finding.code === 'ALP503');

describe('npm, yarn and pnpm installs of packages that are glibc builds', () => {
	it("reads the context's package.json for npm ci and names the field", () => {
		const [finding, ...rest] = nodeFindings('FROM node:20-bookworm\nCOPY package*.json ./\nRUN npm ci\n', {'package.json': JSON.stringify({dependencies: {express: '4'}, devDependencies: {puppeteer: '22'}})});
		expect(rest).toEqual([]);
		expect(finding).toMatchObject({severity: 'error', line: 3});
		expect(finding!.message).toContain('npm installs puppeteer (package.json devDependencies)');
		expect(finding!.message).toContain('PUPPETEER_EXECUTABLE_PATH');
	});

	it('checks packages named on the command line, scoped ones included', () => {
		expect(nodeFindings('FROM node:20\nRUN yarn add @tensorflow/tfjs-node@4.20.0 lodash\n').map(f => f.message)).toEqual([expect.stringContaining('yarn installs @tensorflow/tfjs-node: it downloads libtensorflow')]);
		expect(nodeFindings('FROM node:20\nRUN pnpm add -D @playwright/test\n')).toHaveLength(1);
	});

	it('canvas: a warning naming what the stage lacks, none once the stage installs it', () => {
		const lacking = nodeFindings('FROM node:20\nRUN npm install canvas@2.11.2\n');
		expect(lacking[0]).toMatchObject({severity: 'warning'});
		expect(lacking[0]!.message).toContain('this stage does not install build-base, cairo-dev, pango-dev, libjpeg-turbo-dev, giflib-dev, librsvg-dev');
		const equipped = 'FROM node:20\nRUN apt-get update && apt-get install -y build-essential libcairo2-dev libpango1.0-dev libjpeg-dev libgif-dev librsvg2-dev\nRUN npm install canvas\n';
		expect(nodeFindings(equipped)).toEqual([]);
	});

	it('passes unknown packages, other npm commands and an unreadable package.json', () => {
		expect(nodeFindings('FROM node:20\nRUN npm ci && npm run build\n', {'package.json': '{not json'})).toEqual([]);
		expect(nodeFindings('FROM node:20\nRUN npm run puppeteer\n')).toEqual([]);
		expect(nodeFindings('FROM node:20\nRUN npm install express sharp\n')).toEqual([]);
	});
});
