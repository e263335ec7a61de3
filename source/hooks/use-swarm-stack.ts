import {useEffect, useState} from 'react';
import {engineAt, parseNodeEngines, SwarmClient} from '../docker/swarm-client.js';
import type {StackState} from '../flows/rollout/state.js';
import {variantByName} from '../flows/rollout/state.js';
import {StackWatch} from '../flows/rollout/watch.js';
import {useAppContext} from './use-app-context.js';

export type SwarmStackView = {state?: StackState; error?: string; followedBy: string[]};

/** The Swarm stack, live: the engines' events re-read it (flows/rollout/watch); nothing polls. */
export function useSwarmStack(stack: string): SwarmStackView {
	const {flow} = useAppContext();
	const [view, setView] = useState<SwarmStackView>({followedBy: []});
	useEffect(() => {
		let engines: Array<{hostname: string; docker: ReturnType<typeof engineAt>}> = [];
		try {
			engines = [...parseNodeEngines(process.env.ALPINIST_SWARM_NODES ? [process.env.ALPINIST_SWARM_NODES] : [])].map(([hostname, host]) => ({hostname, docker: engineAt(host)}));
		} catch (error) {
			setView({error: `ALPINIST_SWARM_NODES: ${(error as Error).message}`, followedBy: []});
		}

		const client = new SwarmClient(flow.docker);
		const watch = new StackWatch(client, stack, engines, variantByName);
		let stopped = false;
		const off = watch.onChange(state => !stopped && setView({state, followedBy: watch.followedBy()}));
		void client
			.requireManager()
			.then(async () => watch.start())
			.catch((error: Error) => !stopped && setView({error: error.message, followedBy: []}));
		return () => {
			stopped = true;
			off();
			watch.stop();
		};
	}, [stack]);
	return view;
}
