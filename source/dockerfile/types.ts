export type Severity = 'error' | 'warning' | 'info';

/**
 * Rule codes. DL* are hadolint's rules, checked by alpinist itself on the converted file;
 * ALP* are alpinist's own.
 */
export const Rule = {
	imageUnmapped: 'ALP101',
	imageUnresolved: 'ALP102',
	digestDropped: 'ALP103',
	stageCopyToGlibc: 'ALP104',
	imageNote: 'ALP105',
	glibcByNature: 'ALP106',
	stageCopyFromGlibc: 'ALP107',
	unknownPackage: 'ALP201',
	versionPin: 'ALP202',
	packageDropped: 'ALP203',
	aptUnconvertible: 'ALP204',
	debianOnlyCommand: 'ALP205',
	debianResidue: 'ALP207',
	aptCacheMount: 'ALP206',
	bashRequired: 'ALP301',
	bashScript: 'ALP302',
	userOption: 'ALP401',
	glibcDownload: 'ALP501',
	pipWheels: 'ALP502',
	nodeNative: 'ALP503',
	apkLayers: 'ALP601',
	buildDepsInFinal: 'ALP602',
	curlMissing: 'ALP603',
	pinApk: 'DL3018',
	apkNoCache: 'DL3019',
	healthcheckMissing: 'DL3057',
} as const;
export type RuleCode = (typeof Rule)[keyof typeof Rule];

export type Finding = {
	code: RuleCode;
	severity: Severity;
	/** 1-based line. */
	line: number;
	/** Which text `line` refers to: alpinist's analysis speaks of the original, the lint of the result. */
	in: 'original' | 'converted';
	message: string;
};

export type ChangeKind = 'base-image' | 'arg-default' | 'packages' | 'apt-cleanup' | 'shell' | 'user' | 'merge' | 'removed-command' | 'interpreter' | 'copy-from';

export type Change = {
	kind: ChangeKind;
	/** 1-based line in the original. */
	line: number;
	summary: string;
	/** The rule that made the change (the change's kind, e.g. `packages`, `base-image`). */
	rule: ChangeKind;
	/** What the original said, and what it says now ('' when the text was removed). */
	before: string;
	after: string;
};

export type VersionPin = {
	package: string;
	version: string;
	line: number;
};

export type UnknownPackage = {
	package: string;
	line: number;
};

export type StageInfo = {
	index: number;
	name?: string;
	line: number;
	/** Image as written. */
	from: string;
	/** Image after conversion (as it resolves, for ARG-based images). */
	to: string;
	status: 'converted' | 'alpine' | 'stage' | 'scratch' | 'distroless' | 'unmapped' | 'unresolved';
};

export type HadolintReport =
	| {available: true; exitCode: number; findings: unknown[]}
	| {available: false; reason: string};

export type ConversionResult = {
	file: string;
	original: string;
	converted: string;
	changed: boolean;
	stages: StageInfo[];
	changes: Change[];
	findings: Finding[];
	unknownPackages: UnknownPackage[];
	pins: VersionPin[];
	/** The edits on the original text that give `converted` (document offsets), for a linear diff. */
	edits: Array<{start: number; end: number; text: string}>;
};
