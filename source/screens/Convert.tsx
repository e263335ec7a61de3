import {existsSync} from 'node:fs';
import path from 'node:path';
import {Box, Text, useStdout} from 'ink';
import {useState} from 'react';
import ConversionView, {conversionRows} from '../components/ConversionView.js';
import {findDockerfiles} from '../dockerfile/discover.js';
import {convertFile, type FileConversion} from '../dockerfile/file.js';
import {stripControl} from '../format.js';
import {useAppContext} from '../hooks/use-app-context.js';
import {useKeymap} from '../hooks/use-keymap.js';
import {useLoaded} from '../hooks/use-loaded.js';
import type {SizedStream} from '../hooks/use-terminal-size.js';
import ProjectConvert from './ProjectConvert.js';
import type {RouteParams, ScreenProps} from './types.js';

type Props = ScreenProps<RouteParams['convert']>;

/**
 * The Convert screen: for the whole project (`alpinist init`: one row per service, see
 * ProjectConvert), or for one Dockerfile (`alpinist convert FILE`, or `d` there to pick one).
 */
export default function Convert(props: Props) {
	return props.params?.file || props.params?.mode === 'files' ? <FileConvert {...props} /> : <ProjectConvert isActive={props.isActive} />;
}

/**
 * `alpinist convert`, interactively: pick a Dockerfile (or take the one given on the command line),
 * see the diff and the findings, scroll, and write the Alpine variant.
 */
function FileConvert({isActive, params}: Props) {
	const {flow, back} = useAppContext();
	const given = params?.file;
	// The disk is read after the frame, not while rendering: a loading line meanwhile.
	const found = useLoaded(() => (given ? [] : findDockerfiles(flow.project.root)), [given, flow.project.root]);
	const candidates = found.value ?? [];
	const [picked, setPicked] = useState<string | undefined>(given);
	const [selected, setSelected] = useState(0);
	const [offset, setOffset] = useState(0);
	const [status, setStatus] = useState<string | undefined>();
	const {stdout} = useStdout();
	const height = Math.max(5, ((stdout as SizedStream).rows ?? 24) - 8);

	const read = useLoaded<FileConversion | undefined>(() => (picked ? convertFile(picked) : undefined), [picked]);
	const conversion = read.current ? read.value : undefined;
	const rows = conversion?.kind === 'converted' ? conversionRows(conversion).length : 0;
	const maxOffset = Math.max(0, rows - height);
	const scroll = (delta: number) => setOffset(current => Math.min(maxOffset, Math.max(0, current + delta)));

	const write = async () => {
		if (!picked || conversion?.kind !== 'converted') return;
		let force = false;
		if (existsSync(conversion.target)) {
			force = await flow.confirm({title: `${path.basename(conversion.target)} exists`, items: [`overwrite ${conversion.target}`], action: 'overwrite', destructive: true});
			if (!force) {
				setStatus('Not written.');
				return;
			}
		}
		const written = convertFile(picked, {write: true, force});
		setStatus(written.kind === 'converted' && written.written ? `Wrote ${written.target}` : 'Not written.');
		read.reload();
	};

	const choosing = !picked;
	const converted = conversion?.kind === 'converted';
	useKeymap(
		[
			{keys: ['up', 'k'], hint: '↑↓', label: choosing ? 'select' : 'scroll', run: () => (choosing ? setSelected(i => Math.max(0, i - 1)) : scroll(-1))},
			{keys: ['down', 'j'], run: () => (choosing ? setSelected(i => Math.min(candidates.length - 1, i + 1)) : scroll(1))},
			{keys: ['pageup'], hint: 'PgUp/PgDn', label: 'page', when: !choosing, run: () => scroll(-height)},
			{keys: ['pagedown'], when: !choosing, run: () => scroll(height)},
			{keys: ['return'], label: 'convert', when: choosing && candidates.length > 0, run: () => setPicked(candidates[selected])},
			{keys: ['w'], label: 'write', when: converted, run: () => void write()},
			{keys: ['escape', 'q'], hint: 'esc', label: 'back', run: () => (picked && !given ? (setPicked(undefined), setOffset(0), setStatus(undefined)) : back())},
		],
		{isActive},
	);

	if (choosing ? !found.current : !read.current) {
		return (
			<Box paddingX={1}>
				<Text dimColor>{choosing ? `Looking for Dockerfiles in ${flow.project.root}…` : `Converting ${stripControl(path.relative(flow.project.root, picked ?? ''))}…`}</Text>
			</Box>
		);
	}

	if (choosing) {
		return (
			<Box flexDirection="column" paddingX={1}>
				<Text bold>Choose a Dockerfile to convert</Text>
				{candidates.length === 0 ? <Text dimColor>No Dockerfile found in {flow.project.root} or its docker/ folder. Run alpinist convert FILE.</Text> : null}
				{candidates.map((file, index) => (
					<Text key={file} inverse={index === selected}>
						{index === selected ? '› ' : '  '}
						{path.relative(flow.project.root, file)}
					</Text>
				))}
			</Box>
		);
	}
	if (!conversion || conversion.kind !== 'converted') {
		const message = conversion?.kind === 'parse-error' ? `${conversion.file}:${conversion.line}: ${conversion.message}` : conversion?.message;
		return (
			<Box flexDirection="column" paddingX={1}>
				<Text color="red">{message}</Text>
				<Text dimColor>Nothing converted.</Text>
			</Box>
		);
	}
	return <ConversionView conversion={conversion} offset={Math.min(offset, maxOffset)} height={height} status={status} />;
}
