// Incremental graph construction: nodes get unique value names, weights and
// constants are collected once at model level so that both branches of the
// merged decoder's `If` share them as outer-scope values.
import type { Attribute, GraphProto, NodeProto, TensorProto } from './onnx.js';
import { tensor } from './tensors.js';

export const attr = {
	int: (value: number): Attribute => ({ kind: 'int', value }),
	ints: (value: readonly number[]): Attribute => ({ kind: 'ints', value }),
	float: (value: number): Attribute => ({ kind: 'float', value }),
	string: (value: string): Attribute => ({ kind: 'string', value }),
	graph: (value: GraphProto): Attribute => ({ kind: 'graph', value }),
};

type Attrs = Readonly<Record<string, Attribute>>;

export class Initializers {
	private readonly byName = new Map<string, TensorProto>();

	/** Registers a tensor; the first one under a name wins (constants are requested repeatedly). */
	add(t: TensorProto): string {
		if (!this.byName.has(t.name)) this.byName.set(t.name, t);
		return t.name;
	}

	/** Registers the tensors `make` builds unless `name` exists (weights are shared by both `If` branches). */
	once(name: string, make: () => TensorProto[]): void {
		if (!this.byName.has(name)) for (const t of make()) this.add(t);
	}

	list(): TensorProto[] {
		return [...this.byName.values()];
	}
}

export class GraphBuilder {
	readonly nodes: NodeProto[] = [];
	private counter = 0;

	constructor(
		readonly inits: Initializers,
		private readonly scope: string,
	) {}

	/** Adds a node with one output and returns that output's name. */
	op(opType: string, inputs: readonly string[], attributes?: Attrs, domain?: string): string {
		return this.ops(opType, inputs, ['out'], attributes, domain).out;
	}

	/** Adds a node with several outputs, named after `roles`, and returns them by role. */
	ops<const Role extends string>(
		opType: string,
		inputs: readonly string[],
		roles: readonly Role[],
		attributes?: Attrs,
		domain?: string,
	): Record<Role, string> {
		const base = `${this.scope}${opType}_${this.counter++}`;
		const outputs = roles.map((role) => `${base}_${role}`);
		this.nodes.push({ opType, inputs, outputs, attributes, domain });
		return Object.fromEntries(roles.map((role, i) => [role, outputs[i]])) as Record<Role, string>;
	}

	/** Adds a node whose outputs carry the given (graph output) names. */
	named(
		opType: string,
		inputs: readonly string[],
		outputs: readonly string[],
		attributes?: Attrs,
	): void {
		this.nodes.push({ opType, inputs, outputs, attributes });
	}

	int64s(values: readonly number[]): string {
		return this.inits.add(tensor.int64(`const_i64_${values.join('_')}`, [values.length], values));
	}

	int64(value: number): string {
		return this.inits.add(tensor.int64(`const_i64_scalar_${value}`, [], [value]));
	}

	float(value: number): string {
		return this.inits.add(tensor.float(`const_f32_${value}`, [], Float32Array.of(value)));
	}
}
