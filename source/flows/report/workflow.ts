import {stringify} from 'yaml';
import type {Project} from '../../project/discover.js';

/**
 * A GitHub Actions workflow for the project: the guide's matrix of test suites on the Alpine
 * stack, gated by alpinist's checks and thresholds, with the report in the job summary.
 */
export type WorkflowOptions = {suites: string[]; nodeVersion: string; failOn: 'critical' | 'warning'};

export function workflowFor(project: Project, options: WorkflowOptions): string {
	const alpinist = (args: string) => `npx alpinist ${args}`;
	const workflow = {
		name: 'Tests with Alpine containers',
		on: {push: {}, pull_request: {}},
		jobs: {
			test: {
				'runs-on': 'ubuntu-latest',
				strategy: {'fail-fast': false, matrix: {'test-suite': options.suites}},
				steps: [
					{uses: 'actions/checkout@v4'},
					{name: 'Setup Node', uses: 'actions/setup-node@v4', with: {'node-version': options.nodeVersion}},
					{name: 'Install dependencies (alpinist is a devDependency of the project)', run: 'npm ci'},
					{name: 'Pre-migration checklist', run: alpinist('check')},
					{name: 'Build and start the Alpine stack', run: alpinist('migrate --yes')},
					{name: 'Smoke suite on Alpine (health endpoints, containers healthy, smoke command)', if: "matrix.test-suite == 'smoke'", run: alpinist('verify')},
					{name: 'Other suites on Alpine', if: "matrix.test-suite != 'smoke'", run: 'npm run "test:${{ matrix.test-suite }}"'},
					{
						name: 'Performance report',
						if: 'always()',
						// alpinist appends the Markdown table to $GITHUB_STEP_SUMMARY itself.
						run: alpinist(`report --markdown --fail-on ${options.failOn}`),
					},
					{name: 'Tear down', if: 'always()', run: alpinist('down --alpine --yes')},
				],
			},
		},
	};
	const header = [
		'# Written by `alpinist ci init`: the guide\'s Step 4 (CI/CD pipeline update).',
		`# Thresholds come from ${project.configFile ? 'alpinist.config.json' : 'alpinist\'s defaults (the guide\'s alerting thresholds)'}; a critical value fails the job${options.failOn === 'warning' ? ', and so does a warning' : ''}.`,
		'# CI is detected from CI / GITHUB_ACTIONS, so every step prints plain lines.',
		'',
	].join('\n');
	return header + stringify(workflow, {lineWidth: 0}).replace(/^(\s*)'?test-suite'?: /m, '$1test-suite: ').replace(/ {}$/gm, '');
}
