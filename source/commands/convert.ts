import {convertFile} from '../dockerfile/file.js';
import {runHadolint} from '../dockerfile/hadolint.js';
import {loadMappings, MappingsError} from '../dockerfile/mappings.js';
import type {PackageMappings} from '../dockerfile/packages.js';
import {exitCodeOf, printPlain, toJson} from '../headless/convert.js';
import {usageLines} from './help.js';
import {ExitCode, type Command} from './types.js';


export {toJson} from '../headless/convert.js';

export const convert: Command = {
	name: 'convert',
	arguments: '<Dockerfile>',
	flags: {
		write: {type: 'boolean', default: false, description: 'write the Alpine variant beside the file (NAME.alpine.Dockerfile)'},
		force: {type: 'boolean', default: false, description: 'with --write: replace an Alpine variant that exists'},
		mappings: {type: 'string', value: 'FILE', description: "a team's own Debian → Alpine package names (JSON), used before the built-in table"},
	},
	examples: [
		{command: 'alpinist convert docker/backend.Dockerfile', what: 'print the converted Dockerfile and its musl findings, write nothing'},
		{command: 'alpinist convert docker/auth.Dockerfile --write --json', what: 'write docker/auth.alpine.Dockerfile, the changes and findings as JSON'},
	],
	screen: 'convert',
	// Without a file, the screen lists the project's Dockerfiles (`alpinist init` opens it for the whole project).
	screenParams: (_flags, args = []) => ({mode: 'files', file: args[0]}),
	async run(context) {
		const {args, flags} = context;
		if (args.length !== 1) {
			context.stderr.write(`${args.length === 0 ? 'Missing the Dockerfile to convert.' : 'Give one Dockerfile at a time.'}\nUsage: ${usageLines(convert).join('\n')}\n`);
			return ExitCode.usage;
		}
		let mappings: PackageMappings | undefined;
		if (flags.mappings !== undefined) {
			try {
				if (typeof flags.mappings !== 'string' || flags.mappings === '') throw new MappingsError('--mappings needs a file');
				mappings = loadMappings(flags.mappings);
			} catch (error) {
				if (!(error instanceof MappingsError)) throw error;
				if (context.mode === 'json') context.stdout.write(`${JSON.stringify({file: args[0], ok: false, exitCode: ExitCode.usage, error: {message: error.message}})}\n`);
				else context.stderr.write(`${error.message}\nNothing converted.\n`);
				return ExitCode.usage;
			}
		}
		const conversion = convertFile(args[0]!, {write: flags.write === true, force: flags.force === true, mappings});
		if (conversion.kind !== 'converted') {
			const message = conversion.kind === 'parse-error' ? `${conversion.file}:${conversion.line}: ${conversion.message}` : conversion.message;
			if (context.mode === 'json') context.stdout.write(`${JSON.stringify(toJson(conversion))}\n`);
			else context.stderr.write(`${message}\nNothing written.\n`);
			return ExitCode.usage;
		}
		const hadolint = await runHadolint(conversion.result.converted, {signal: context.signal});
		if (context.mode === 'json') context.stdout.write(`${JSON.stringify(toJson(conversion, hadolint), null, 2)}\n`);
		else printPlain(context, conversion, hadolint);
		return exitCodeOf(conversion);
	},
};

export default convert;
