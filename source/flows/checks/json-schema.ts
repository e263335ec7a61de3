/**
 * A validator for the part of JSON Schema the Compose specification's schema uses: $ref (local),
 * type, enum, oneOf, properties, patternProperties, additionalProperties, required, items,
 * minimum, maximum, pattern. Values are read as written in a compose file, before interpolation,
 * so a string stands for a number or a boolean (Compose converts it) and a string holding `$` is
 * not held to a pattern or an enum.
 */

export type Schema = boolean | {[keyword: string]: any};
export type SchemaIssue = {path: Array<string | number>; message: string; /** The key itself is the problem (unknown). */ key?: boolean};

type Kind = 'null' | 'boolean' | 'integer' | 'number' | 'string' | 'array' | 'object';

function kindOf(value: unknown): Kind {
	if (value === null || value === undefined) return 'null';
	if (Array.isArray(value)) return 'array';
	if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
	return typeof value as Kind;
}

function fits(value: unknown, type: string): boolean {
	const kind = kindOf(value);
	if (type === kind) return true;
	if (type === 'number' && kind === 'integer') return true;
	if (kind === 'string' && (type === 'number' || type === 'integer' || type === 'boolean')) {
		const text = String(value).trim();
		if (text.includes('$')) return true;
		if (type === 'boolean') return /^(true|false|yes|no|on|off|y|n)$/i.test(text);
		return text !== '' && Number.isFinite(Number(text)) && (type === 'number' || Number.isInteger(Number(text)));
	}

	return false;
}

const patterns = new Map<string, RegExp>();
function regex(pattern: string): RegExp {
	let compiled = patterns.get(pattern);
	if (!compiled) {
		try {
			compiled = new RegExp(pattern, 'u');
		} catch {
			compiled = new RegExp(pattern);
		}

		patterns.set(pattern, compiled);
	}

	return compiled;
}

export class SchemaValidator {
	constructor(private readonly root: Schema) {}

	validate(value: unknown): SchemaIssue[] {
		const issues: SchemaIssue[] = [];
		this.check(value, this.root, [], issues);
		return issues;
	}

	private resolve(ref: string): Schema {
		if (!ref.startsWith('#/')) return true;
		let node: any = this.root;
		for (const part of ref.slice(2).split('/')) node = node?.[part.replace(/~1/g, '/').replace(/~0/g, '~')];
		return node ?? true;
	}

	private check(value: unknown, schema: Schema, path: Array<string | number>, issues: SchemaIssue[]): void {
		if (schema === true) return;
		if (schema === false) {
			issues.push({path, message: 'not allowed here'});
			return;
		}

		if (schema.$ref) this.check(value, this.resolve(schema.$ref), path, issues);
		if (schema.oneOf) this.oneOf(value, schema.oneOf as Schema[], path, issues);
		if (schema.type !== undefined) {
			const types: string[] = Array.isArray(schema.type) ? schema.type : [schema.type];
			if (!types.some(type => fits(value, type))) {
				issues.push({path, message: `expected ${types.join(' or ')}, got ${kindOf(value) === 'integer' ? 'number' : kindOf(value)}`});
				return;
			}
		}

		const kind = kindOf(value);
		const symbolic = kind === 'string' && String(value).includes('$');
		if (schema.enum && !symbolic && !(schema.enum as unknown[]).some(option => String(option) === String(value))) {
			issues.push({path, message: `"${String(value)}" is not one of ${(schema.enum as unknown[]).map(option => String(option)).join(', ')}`});
		}

		if (kind === 'string' && schema.pattern && !symbolic && !regex(schema.pattern).test(String(value))) {
			issues.push({path, message: `"${String(value)}" does not match ${schema.pattern}`});
		}

		if ((kind === 'number' || kind === 'integer') && typeof value === 'number') {
			if (schema.minimum !== undefined && value < schema.minimum) issues.push({path, message: `${value} is below the minimum ${schema.minimum}`});
			if (schema.maximum !== undefined && value > schema.maximum) issues.push({path, message: `${value} is above the maximum ${schema.maximum}`});
		}

		if (kind === 'object') this.object(value as Record<string, unknown>, schema, path, issues);
		if (kind === 'array' && schema.items !== undefined) (value as unknown[]).forEach((item, index) => this.check(item, schema.items, [...path, index], issues));
	}

	private object(value: Record<string, unknown>, schema: {[keyword: string]: any}, path: Array<string | number>, issues: SchemaIssue[]): void {
		for (const name of (schema.required as string[] | undefined) ?? []) {
			if (!(name in value)) issues.push({path, message: `missing required key "${name}"`});
		}

		if (!schema.properties && !schema.patternProperties && schema.additionalProperties === undefined) return;
		for (const [key, child] of Object.entries(value)) {
			let known = false;
			if (schema.properties && Object.hasOwn(schema.properties, key)) {
				known = true;
				this.check(child, schema.properties[key], [...path, key], issues);
			}

			for (const [pattern, childSchema] of Object.entries<Schema>(schema.patternProperties ?? {})) {
				if (!regex(pattern).test(key)) continue;
				known = true;
				this.check(child, childSchema, [...path, key], issues);
			}

			if (known) continue;
			if (schema.additionalProperties === false) issues.push({path: [...path, key], message: `unknown key "${key}"`, key: true});
			else if (schema.additionalProperties !== undefined) this.check(child, schema.additionalProperties, [...path, key], issues);
		}
	}

	/** One form of several: the value passes one, or the issues of the form its type fits are reported. */
	private oneOf(value: unknown, branches: Schema[], path: Array<string | number>, issues: SchemaIssue[]): void {
		const results = branches.map(branch => {
			const found: SchemaIssue[] = [];
			this.check(value, branch, path, found);
			return found;
		});
		if (results.some(found => found.length === 0)) return;
		// The forms whose own type the value has (a string form, an object form…): its issues are the useful ones.
		const typed = branches.map((branch, index) => ({branch: this.deref(branch), found: results[index]})).filter(({branch}) => typeof branch === 'object' && branch.type !== undefined && [branch.type].flat().some((type: string) => fits(value, type)));
		if (typed.length === 1) {
			issues.push(...typed[0].found);
			return;
		}

		const fewest = [...results].sort((a, b) => a.length - b.length)[0];
		issues.push(...(fewest.length > 0 && fewest.every(issue => issue.path.length > path.length) ? fewest : [{path, message: 'does not match any form the Compose specification allows here'}]));
	}

	private deref(schema: Schema): Schema {
		let current = schema;
		for (let depth = 0; depth < 10 && typeof current === 'object' && current.$ref && current.type === undefined; depth++) current = this.resolve(current.$ref);
		return current;
	}
}
