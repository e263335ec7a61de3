import {existsSync, statSync} from 'node:fs';
import {composeCommand} from './compose-command.js';
import path from 'node:path';
import type {Variant} from '../../project/discover.js';
import {worst} from './judge.js';
import type {CheckDefinition, CheckEnv, CheckStatus} from './types.js';

const fileLabel: Record<Variant, string> = {regular: 'regular', alpine: 'Alpine', alpineTest: 'Alpine test'};
/** What a missing file means: without the Alpine file there is nothing to migrate to. */
const missingStatus: Record<Variant, CheckStatus> = {regular: 'warn', alpine: 'fail', alpineTest: 'warn'};

export function relative(env: CheckEnv, file: string): string {
	const rel = path.relative(env.context.project.root, file);
	return rel.startsWith('..') ? file : rel;
}

function isFile(file: string): boolean {
	try {
		return statSync(file).isFile();
	} catch {
		return false;
	}
}

function isDirectory(file: string): boolean {
	try {
		return statSync(file).isDirectory();
	} catch {
		return false;
	}
}

/** The guide's step 2: the regular and Alpine compose files (named in the project config) exist and parse. */
export const composeFilesCheck: CheckDefinition = {
	id: 'compose-files',
	title: 'Compose files',
	async run(env) {
		const variants: Variant[] = ['regular', 'alpine', 'alpineTest'];
		const rows = await Promise.all(
			variants.map(async variant => {
				const read = await env.composeFile(variant);
				if (!read) return {variant, status: missingStatus[variant], text: `${fileLabel[variant]}: none named (config "compose.${variant}")`};
				const name = relative(env, read.file);
				if (!read.exists) return {variant, status: missingStatus[variant], text: `${name}: missing`};
				if (read.problems.length > 0) {
					const problem = read.problems[0];
					return {variant, status: 'fail' as CheckStatus, text: `${name}${problem.line ? `:${problem.line}${problem.col ? `:${problem.col}` : ''}` : ''}: ${problem.message}`, problems: read.problems};
				}

				const unset = read.missingVariables.length > 0 ? `, unset: ${read.missingVariables.join(', ')}` : '';
				return {variant, status: (unset ? 'warn' : 'pass') as CheckStatus, text: `${name} (${read.services.length} services${unset})`};
			}),
		);
		const status = worst(rows.map(row => row.status));
		const bad = rows.filter(row => row.status !== 'pass');
		const fix = bad.some(row => row.text.includes('missing') || row.text.includes('none named'))
			? 'Write the missing file, or name it in alpinist.config.json under "compose" (regular, alpine, alpineTest).'
			: bad.some(row => row.status === 'fail')
				? `Fix ${bad.find(row => row.status === 'fail')!.text.split(': ')[0]}, then check with \`${await composeCommand(env)} -f FILE config -q\`.`
				: bad.length > 0
					? 'Set the unset variables in the shell or in the config\'s "env" (compose substitutes an empty string).'
					: undefined;
		return {
			status,
			value: (status === 'pass' ? rows : bad).map(row => row.text).join('; '),
			expected: 'docker-compose.alpine.yml and docker-compose.alpine-test.yml beside the regular file, parsing (guide)',
			fix,
			detail: rows.map(row => `${row.status.padEnd(4)} ${row.text}`),
			data: {files: rows.map(row => ({variant: row.variant, status: row.status, text: row.text}))},
		};
	},
};

/** The guide's step 3: every service that builds has an Alpine Dockerfile. */
export const dockerfilesCheck: CheckDefinition = {
	id: 'dockerfiles',
	title: 'Alpine Dockerfiles',
	async run(env) {
		const [regular, alpine] = await Promise.all([env.composeFile('regular'), env.composeFile('alpine')]);
		if (!alpine || !alpine.exists || alpine.services.length === 0) {
			return {status: 'skip', value: 'skipped: the Alpine compose file is missing or does not parse (see Compose files)'};
		}

		const regularServices = regular?.exists ? regular.services : [];
		const names = [...new Set([...regularServices.filter(s => s.build).map(s => s.name), ...alpine.services.filter(s => s.build).map(s => s.name)])];
		const rows = names.map(name => {
			const before = regularServices.find(s => s.name === name);
			const after = alpine.services.find(s => s.name === name);
			if (!after) return {name, status: 'fail' as CheckStatus, text: `${name}: not in the Alpine compose file`};
			if (!after.build) return {name, status: 'warn' as CheckStatus, text: `${name}: uses image ${after.image ?? '?'} (no Alpine Dockerfile here)`};
			if (after.build.remote) return {name, status: 'pass' as CheckStatus, text: `${name}: builds from ${after.build.context}`};
			const shown = relative(env, after.build.dockerfile);
			if (!isFile(after.build.dockerfile)) return {name, status: 'fail' as CheckStatus, text: `${name}: ${shown} missing`, file: shown};
			if (before?.build && before.build.dockerfile === after.build.dockerfile) {
				return {name, status: 'warn' as CheckStatus, text: `${name}: builds from the regular Dockerfile ${shown}`};
			}

			return {name, status: 'pass' as CheckStatus, text: `${name}: ${shown}`, file: shown};
		});
		if (rows.length === 0) return {status: 'pass', value: 'no service builds an image (nothing to convert)', expected: 'an Alpine Dockerfile for every service that builds'};
		const status = worst(rows.map(row => row.status));
		const bad = rows.filter(row => row.status !== 'pass');
		return {
			status,
			value: status === 'pass' ? rows.map(row => path.basename(row.file ?? row.text)).join(', ') : bad.map(row => row.text).join('; '),
			expected: 'an Alpine Dockerfile for every service that builds (guide: docker/*.alpine.Dockerfile)',
			fix: status === 'pass' ? undefined : `Write the Alpine Dockerfile for ${bad.map(row => row.name).join(', ')} (alpinist convert turns a Dockerfile into an Alpine one).`,
			detail: rows.map(row => `${row.status.padEnd(4)} ${row.text}`),
			data: {services: rows},
		};
	},
};

/** Every build context and Dockerfile the Alpine compose files name exists. */
export const buildContextsCheck: CheckDefinition = {
	id: 'build-contexts',
	title: 'Build contexts',
	async run(env) {
		const reads = (await Promise.all((['alpine', 'alpineTest'] as Variant[]).map(async variant => ({variant, read: await env.composeFile(variant)})))).filter(
			entry => entry.read?.exists && entry.read.services.length > 0,
		);
		if (reads.length === 0) return {status: 'skip', value: 'skipped: no Alpine compose file parses (see Compose files)'};
		const rows: Array<{status: CheckStatus; text: string}> = [];
		for (const {read} of reads) {
			if (!read?.exists) continue;
			const file = relative(env, read.file);
			for (const service of read.services) {
				if (!service.build) continue;
				const where = `${file}:${service.line ?? '?'} ${service.name}`;
				if (service.build.remote) {
					rows.push({status: 'pass', text: `${where}: remote context ${service.build.context}`});
				} else if (!isDirectory(service.build.context)) {
					rows.push({status: 'fail', text: `${where}: context ${relative(env, service.build.context)} missing`});
				} else if (!existsSync(service.build.dockerfile)) {
					rows.push({status: 'fail', text: `${where}: Dockerfile ${relative(env, service.build.dockerfile)} missing`});
				} else {
					rows.push({status: 'pass', text: `${where}: ${relative(env, service.build.context)} + ${service.build.dockerfileName}`});
				}
			}
		}

		if (rows.length === 0) return {status: 'pass', value: 'no service builds (images only)', expected: 'every build context and Dockerfile present'};
		const status = worst(rows.map(row => row.status));
		const bad = rows.filter(row => row.status === 'fail');
		return {
			status,
			value: status === 'pass' ? `${rows.length} build contexts and Dockerfiles present` : bad.map(row => row.text).join('; '),
			expected: 'every build context and Dockerfile present',
			fix: status === 'pass' ? undefined : 'Restore the missing paths, or correct build.context / build.dockerfile in the compose file.',
			detail: rows.map(row => `${row.status.padEnd(4)} ${row.text}`),
			data: {builds: rows},
		};
	},
};
