import type {FlowContext} from '../types.js';

/** The engine's Docker Hub mirrors and insecure registries (`docker info`), when an engine answers within a second. */
export async function engineRegistryConfig(context: Pick<FlowContext, 'docker'>): Promise<{mirrors: string[]; insecure: string[]; reachable: boolean}> {
	try {
		const info = (await Promise.race([context.docker.info(), new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), 1000).unref())])) as {
			RegistryConfig?: {Mirrors?: string[]; IndexConfigs?: Record<string, {Secure?: boolean}>};
		};
		const indexes = info.RegistryConfig?.IndexConfigs ?? {};
		return {
			mirrors: info.RegistryConfig?.Mirrors ?? [],
			insecure: Object.entries(indexes).filter(([, index]) => index.Secure === false).map(([name]) => name),
			reachable: true,
		};
	} catch {
		return {mirrors: [], insecure: [], reachable: false};
	}
}
