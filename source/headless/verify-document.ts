import type {VerifyReport} from '../flows/verify/verify.js';

/** The verification part of `verify --json` and `migrate --json`: every figure with its unit, expectation and method. */
export function verifyDocument(report: VerifyReport | undefined) {
	if (!report) return null;
	const startup = report.measurements.find(row => row.name === 'startup');
	const memory = report.measurements.find(row => row.name === 'memory');
	return {
		variant: report.variant,
		projectName: report.projectName,
		ok: report.ok,
		containers: report.stack.services,
		endpoints: report.endpoints.map(({service, url, status, ok, ms, error}) => ({service, url, status: status ?? null, ok, ms, error: error ?? null})),
		smoke: report.smoke ?? null,
		measurements: {
			startupMs: startup?.value ?? null,
			startup: startup ?? null,
			memoryBytes: memory?.value ?? null,
			memory: memory ?? null,
			memoryByContainer: report.memory?.containers ?? [],
			images: report.images.map(image => {
				const row = report.measurements.find(candidate => candidate.name === `image ${image.service}`);
				return {service: image.service, image: image.image, id: image.id, bytes: image.bytes, expectedBytes: row?.expected ?? null, status: row?.status ?? 'skip', method: row?.method};
			}),
			footprint: report.footprint?.disk ?? null,
			pullSize: report.footprint?.pull ?? null,
		},
	};
}
