import path from 'node:path';
import {useCallback, useEffect, useRef, useState} from 'react';
import {drain} from '../flows/drain.js';
import type {DataEntry, DataMap, Flow, FlowEvent, FlowOutcome, NoData, Status} from '../flows/types.js';
import {acquireProjectLock, type ProjectLock, ProjectLockedError, takeOverMessage} from '../project/lock.js';
import {useAppContext} from './use-app-context.js';

export type StepView = {
	id: string;
	title: string;
	status: 'running' | Status;
	summary?: string;
	durationMs?: number;
	detail?: string[];
	/** When the screen first heard of the step (performance.now()), when the event's arrival time was given. */
	seenAt?: number;
};

export type FlowState<T, M extends DataMap = NoData> = {
	status: 'idle' | 'running' | 'done';
	steps: StepView[];
	logs: Array<{step?: string; source?: string; line: string}>;
	messages: Array<{level: 'info' | 'warn' | 'error'; text: string}>;
	/** The flow's data events in order, each discriminated by its kind. */
	data: Array<DataEntry<M>>;
	progress: Record<string, {done: number; total?: number; label?: string}>;
	outcome?: FlowOutcome<T>;
};

const maxLogs = 500;

/** The state after one event; `at` (performance.now() when it arrived) dates a step first seen. */
export function reduceEvent<T, M extends DataMap>(state: FlowState<T, M>, event: FlowEvent<M>, at?: number): FlowState<T, M> {
	switch (event.type) {
		case 'step': {
			const steps = state.steps.filter(step => step.id !== event.id);
			const index = state.steps.findIndex(step => step.id === event.id);
			const seenAt = index === -1 ? at : state.steps[index].seenAt;
			const view: StepView = {id: event.id, title: event.title, status: event.status, summary: event.summary, durationMs: event.durationMs, detail: event.detail, ...(seenAt === undefined ? {} : {seenAt})};
			if (index === -1) steps.push(view);
			else steps.splice(index, 0, view);
			return {...state, steps};
		}

		case 'log': {
			const logs = [...state.logs, {step: event.step, source: event.source, line: event.line}];
			return {...state, logs: logs.length > maxLogs ? logs.slice(-maxLogs) : logs};
		}

		case 'message': {
			return {...state, messages: [...state.messages, {level: event.level, text: event.text}]};
		}

		case 'progress': {
			return {...state, progress: {...state.progress, [event.step]: {done: event.done, total: event.total, label: event.label}}};
		}

		case 'data': {
			return {...state, data: [...state.data, {kind: event.kind, data: event.data} as DataEntry<M>]};
		}
	}
}

export const initialFlowState = <T, M extends DataMap = NoData>(): FlowState<T, M> => ({status: 'idle', steps: [], logs: [], messages: [], data: [], progress: {}});

/**
 * Runs a flow for a screen: its events become state; cancel() aborts it (its signal fires).
 * `lock` (the command's name) makes each run hold the project's lock, as the headless command
 * does: held by another process, the run does not start and says who holds it.
 */
export function useFlow<I, T, M extends DataMap>(flow: Flow<I, T, M>, options: {autoStart?: I; lock?: string | ((input: I) => string | undefined)} = {}) {
	const {flow: context} = useAppContext();
	const [state, setState] = useState<FlowState<T, M>>(initialFlowState<T, M>);
	const controller = useRef<AbortController | undefined>(undefined);
	const mounted = useRef(true);
	const start = useCallback(
		(input: I) => {
			controller.current?.abort();
			const abort = new AbortController();
			controller.current = abort;
			// A cancelled run still reports how it ended (what it left behind); a superseded or unmounted one does not.
			const current = () => mounted.current && controller.current === abort;
			const lockAs = typeof options.lock === 'function' ? options.lock(input) : options.lock;
			let lock: ProjectLock | undefined;
			if (lockAs) {
				try {
					lock = acquireProjectLock({stateDir: path.dirname(context.progress.file), projectRoot: context.project.root, command: lockAs});
				} catch (error) {
					if (!(error instanceof ProjectLockedError)) throw error;
					setState({...initialFlowState<T, M>(), status: 'done', outcome: {ok: false, exitCode: 1, summary: `Not started: ${error.message}`}});
					return;
				}
			}

			const tookOver = lock && takeOverMessage(lock);
			setState({...initialFlowState<T, M>(), status: 'running', messages: tookOver ? [{level: 'warn', text: tookOver}] : []});
			void (async () => {
				try {
					const outcome = await drain(flow({...context, signal: abort.signal}, input), event => {
						const at = performance.now();
						if (current()) setState(previous => reduceEvent(previous, event, at));
					});
					if (current()) setState(previous => ({...previous, status: 'done', outcome}));
				} catch (error) {
					if (current()) {
						setState(previous => ({...previous, status: 'done', outcome: {ok: false, summary: (error as Error).message}}));
					}
				} finally {
					lock?.release();
				}
			})();
		},
		[flow, context],
	);
	const cancel = useCallback(() => controller.current?.abort(new Error('cancelled')), []);
	useEffect(() => {
		mounted.current = true;
		if (options.autoStart !== undefined) start(options.autoStart);
		return () => {
			mounted.current = false;
			controller.current?.abort();
		};
	}, []);
	return {state, start, cancel};
}
