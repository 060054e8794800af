/**
 * Builds a JSON value that satisfies a (TwelveLabs-flavoured) JSON schema: object/properties/required,
 * array/items/minItems, string/enum/const/format/pattern, number/integer bounds, boolean, null, anyOf,
 * $ref into $defs, and the custom `timestamp` type with its format. Deterministic for a given seed.
 */
import { seedOf } from './ids';

type Schema = Record<string, unknown>;

interface GenContext {
	root: Schema;
	seed: number;
	depth: number;
	counter: number;
	/** Index of the array item being built, for increasing start/end times. */
	item: number;
}

const MAX_DEPTH = 12;

function isSchema(value: unknown): value is Schema {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function formatTimestamp(seconds: number, format: unknown): number | string {
	if (format === 'hh:mm:ss' || format === 'hh:mm:ss.fff') {
		const whole = Math.floor(seconds);
		const hh = String(Math.floor(whole / 3600)).padStart(2, '0');
		const mm = String(Math.floor((whole % 3600) / 60)).padStart(2, '0');
		const ss = String(whole % 60).padStart(2, '0');
		if (format === 'hh:mm:ss') return `${hh}:${mm}:${ss}`;
		const ms = String(Math.round((seconds - whole) * 1000)).padStart(3, '0');
		return `${hh}:${mm}:${ss}.${ms}`;
	}
	return seconds;
}

function resolveRef(root: Schema, ref: string): Schema | undefined {
	if (!ref.startsWith('#')) return undefined;
	let node: unknown = root;
	for (const raw of ref.replace(/^#\/?/, '').split('/').filter(Boolean)) {
		const key = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
		if (!isSchema(node)) return undefined;
		node = node[key];
	}
	return isSchema(node) ? node : undefined;
}

function primaryType(schema: Schema): string | undefined {
	const type = schema.type;
	if (typeof type === 'string') return type;
	if (Array.isArray(type)) return (type.find((t) => t !== 'null') ?? type[0]) as string | undefined;
	if (isSchema(schema.properties)) return 'object';
	if (schema.items !== undefined) return 'array';
	return undefined;
}

function pick<T>(ctx: GenContext, values: T[]): T {
	ctx.counter += 1;
	return values[(ctx.seed + ctx.counter) % values.length];
}

function bounded(schema: Schema, preferred: number, integer: boolean): number {
	const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined);
	const step = integer ? 1 : 0.5;
	const lows = [num(schema.minimum), num(schema.exclusiveMinimum) !== undefined ? (num(schema.exclusiveMinimum) as number) + step : undefined];
	const highs = [num(schema.maximum), num(schema.exclusiveMaximum) !== undefined ? (num(schema.exclusiveMaximum) as number) - step : undefined];
	const lo = Math.max(...lows.filter((v): v is number => v !== undefined), -Infinity);
	const hi = Math.min(...highs.filter((v): v is number => v !== undefined), Infinity);
	let value = Math.min(Math.max(preferred, lo), hi);
	if (integer) {
		value = Math.round(value);
		if (value < lo) value = Math.ceil(lo);
		if (value > hi) value = Math.floor(hi);
	}
	if (Number.isFinite(lo) && Number.isFinite(hi) && lo > hi) value = lo;
	return value;
}

function stringValue(schema: Schema, name: string | undefined, ctx: GenContext): string {
	switch (schema.format) {
		case 'date-time':
			return new Date(Date.UTC(2026, 0, 1, 0, 0, ctx.counter++)).toISOString();
		case 'date':
			return '2026-01-01';
		case 'time':
			return '12:00:00';
		case 'uuid': {
			const hex = (ctx.seed + ctx.counter++).toString(16).padStart(12, '0').slice(-12);
			return `00000000-0000-4000-8000-${hex}`;
		}
		case 'email':
			return 'someone@example.com';
		case 'uri':
		case 'url':
			return 'https://example.com/resource';
		default:
			break;
	}
	if (typeof schema.pattern === 'string') {
		let re: RegExp | undefined;
		try {
			re = new RegExp(schema.pattern, 'u');
		} catch {
			re = undefined;
		}
		const candidates = ['example', 'Example', 'EXAMPLE', 'example-1', 'abc123', 'A1', '123', '1', 'a', '00:00:00', '00:00:00.000', 'ABC-123', 'abc_def'];
		const found = re && candidates.find((c) => re.test(c));
		if (found) return found;
	}
	const label = (name ?? 'value').replace(/[_-]+/g, ' ');
	ctx.counter += 1;
	return `Example ${label} ${ctx.counter}`;
}

function timeValue(schema: Schema, name: string, ctx: GenContext): unknown {
	const seconds = name === 'start_time' ? ctx.item * 10 : ctx.item * 10 + 8;
	const type = primaryType(schema);
	if (type === 'timestamp') return formatTimestamp(seconds, schema.format);
	if (type === 'string') return formatTimestamp(seconds, 'hh:mm:ss.fff');
	if (type === 'integer') return bounded(schema, seconds, true);
	return bounded(schema, seconds, false);
}

function generate(schema: unknown, ctx: GenContext, name?: string): unknown {
	if (!isSchema(schema)) return schema === false ? null : `Example ${name ?? 'value'}`;
	if (ctx.depth > MAX_DEPTH) return null;
	if (typeof schema.$ref === 'string') {
		const target = resolveRef(ctx.root, schema.$ref);
		ctx.depth += 1;
		const value = generate(target, ctx, name);
		ctx.depth -= 1;
		return value;
	}
	if ('const' in schema) return schema.const;
	if (Array.isArray(schema.enum) && schema.enum.length > 0) return pick(ctx, schema.enum as unknown[]);
	for (const key of ['anyOf', 'oneOf']) {
		const branches = schema[key];
		if (Array.isArray(branches) && branches.length > 0) {
			const nonNull = branches.find((b) => !(isSchema(b) && b.type === 'null')) ?? branches[0];
			return generate({ ...schema, [key]: undefined, ...(nonNull as Schema) }, ctx, name);
		}
	}
	if ((name === 'start_time' || name === 'end_time') && primaryType(schema) !== 'object') return timeValue(schema, name, ctx);
	switch (primaryType(schema)) {
		case 'object': {
			const out: Record<string, unknown> = {};
			const properties = isSchema(schema.properties) ? schema.properties : {};
			ctx.depth += 1;
			for (const [key, sub] of Object.entries(properties)) out[key] = generate(sub, ctx, key);
			if (Array.isArray(schema.required)) {
				for (const key of schema.required) if (typeof key === 'string' && !(key in out)) out[key] = `Example ${key}`;
			}
			ctx.depth -= 1;
			return out;
		}
		case 'array': {
			const min = typeof schema.minItems === 'number' ? schema.minItems : 0;
			const max = typeof schema.maxItems === 'number' ? schema.maxItems : Infinity;
			const count = Math.max(min, Math.min(2, max));
			const items: unknown[] = [];
			const outer = ctx.item;
			ctx.depth += 1;
			for (let i = 0; i < count; i++) {
				ctx.item = i;
				items.push(generate(schema.items ?? {}, ctx, name));
			}
			ctx.depth -= 1;
			ctx.item = outer;
			return items;
		}
		case 'string':
			return stringValue(schema, name, ctx);
		case 'integer':
			return bounded(schema, 1 + ((ctx.seed + ctx.counter++) % 5), true);
		case 'number':
			return bounded(schema, 0.5 + ((ctx.seed + ctx.counter++) % 5), false);
		case 'boolean':
			return ((ctx.seed + ctx.counter++) & 1) === 0;
		case 'null':
			return null;
		case 'timestamp':
			return formatTimestamp(12.5 + ctx.item * 10, schema.format);
		default:
			return stringValue(schema, name, ctx);
	}
}

/** A value that validates against `schema`; `seed` picks among enum values and numbers reproducibly. */
export function instanceOf(schema: unknown, seed = ''): unknown {
	const root = isSchema(schema) ? schema : {};
	return generate(schema, { root, seed: seedOf(seed), depth: 0, counter: 0, item: 0 });
}
