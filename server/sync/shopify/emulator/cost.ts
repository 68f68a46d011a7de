// Query cost and the leaky bucket of Shopify's GraphQL rate limit, on an injected clock.
import {
  getNamedType, isCompositeType, isLeafType, isListType, getNullableType, Kind, valueFromASTUntyped,
  type FragmentDefinitionNode, type GraphQLCompositeType, type GraphQLSchema, type OperationDefinitionNode, type SelectionSetNode,
} from 'graphql';
import type { Clock } from '../../../shared/clock.ts';

export interface ThrottleStatus { maximumAvailable: number; currentlyAvailable: number; restoreRate: number }
export interface CostExtension { requestedQueryCost: number; actualQueryCost: number | null; throttleStatus: ThrottleStatus }

/** Bucket presets per plan (restore rates from the docs; bucket size unverified, see reference §2). */
export const PLAN_PRESETS = {
  standard: { maximumAvailable: 1000, restoreRate: 100 },
  advanced: { maximumAvailable: 2000, restoreRate: 200 },
  plus: { maximumAvailable: 10000, restoreRate: 1000 },
} as const;
export type Plan = keyof typeof PLAN_PRESETS;
export const MAX_QUERY_COST = 1000;

/** Cost per reference §4: scalar 0, object 1, connection 2 + size × child, list of objects length × child, mutation field 10. */
export function queryCost(schema: GraphQLSchema, operation: OperationDefinitionNode, fragments: Record<string, FragmentDefinitionNode>, variables: Record<string, unknown>): number {
  const root = operation.operation === 'mutation' ? schema.getMutationType()! : schema.getQueryType()!;
  const costOf = (type: GraphQLCompositeType, set: SelectionSetNode, isRoot: boolean): number => {
    let total = 0;
    for (const sel of set.selections) {
      if (sel.kind === Kind.INLINE_FRAGMENT) {
        const t = sel.typeCondition ? (schema.getType(sel.typeCondition.name.value) as GraphQLCompositeType) : type;
        total += costOf(t, sel.selectionSet, isRoot);
        continue;
      }
      if (sel.kind === Kind.FRAGMENT_SPREAD) {
        const f = fragments[sel.name.value];
        if (f) total += costOf(schema.getType(f.typeCondition.name.value) as GraphQLCompositeType, f.selectionSet, isRoot);
        continue;
      }
      if (sel.name.value.startsWith('__') || !('getFields' in type)) continue;
      const field = type.getFields()[sel.name.value];
      if (!field) continue;
      if (isRoot && operation.operation === 'mutation') { total += 10; continue; }
      const named = getNamedType(field.type);
      if (isLeafType(named) || !sel.selectionSet || !isCompositeType(named)) continue;
      const child = named.name.endsWith('Connection') ? 0 : costOf(named, sel.selectionSet, false);
      const arg = (n: string) => { const a = sel.arguments?.find((x) => x.name.value === n); return a ? valueFromASTUntyped(a.value, variables) : undefined; };
      if (named.name.endsWith('Connection')) {
        const size = Number(arg('first') ?? arg('last') ?? 1);
        total += 2 + size * perItem(named, sel.selectionSet);
      } else if (isListType(getNullableType(field.type))) {
        const ids = arg('ids');
        total += (Array.isArray(ids) ? ids.length : 1) * (1 + child);
      } else {
        total += 1 + child;
      }
    }
    return total;
  };
  /** What one item of a connection costs: its node (1 + children); the edges, nodes and pageInfo wrappers are free. */
  const perItem = (connection: GraphQLCompositeType, set: SelectionSetNode): number => {
    let cost = 0;
    const fields = 'getFields' in connection ? connection.getFields() : {};
    for (const sel of set.selections) {
      if (sel.kind !== Kind.FIELD || !sel.selectionSet) continue;
      const f = fields[sel.name.value];
      if (!f) continue;
      const t = getNamedType(f.type) as GraphQLCompositeType;
      if (sel.name.value === 'nodes') cost += 1 + costOf(t, sel.selectionSet, false);
      if (sel.name.value === 'edges') {
        const nodeSel = sel.selectionSet.selections.find((x) => x.kind === Kind.FIELD && x.name.value === 'node');
        const nodeField = 'getFields' in t ? t.getFields().node : undefined;
        if (nodeSel?.kind === Kind.FIELD && nodeSel.selectionSet && nodeField) cost += 1 + costOf(getNamedType(nodeField.type) as GraphQLCompositeType, nodeSel.selectionSet, false);
      }
    }
    return cost;
  };
  return costOf(root, operation.selectionSet, true);
}

/** The leaky bucket: refills at restoreRate points per second up to maximumAvailable. */
export class CostBucket {
  private available: number;
  private at: number;
  constructor(private readonly clock: Clock, readonly preset: { maximumAvailable: number; restoreRate: number }) {
    this.available = preset.maximumAvailable;
    this.at = clock.now();
  }

  private refill(): void {
    const now = this.clock.now();
    this.available = Math.min(this.preset.maximumAvailable, this.available + ((now - this.at) / 1000) * this.preset.restoreRate);
    this.at = now;
  }

  status(): ThrottleStatus {
    this.refill();
    return { maximumAvailable: this.preset.maximumAvailable, currentlyAvailable: Math.floor(this.available), restoreRate: this.preset.restoreRate };
  }

  /** Takes `cost` points if they are there; false means THROTTLED. */
  take(cost: number): boolean {
    this.refill();
    if (cost > this.available) return false;
    this.available -= cost;
    return true;
  }

  /** Returns the unused part of a request's cost (requested − actual). */
  refund(points: number): void {
    this.refill();
    this.available = Math.min(this.preset.maximumAvailable, this.available + points);
  }
}
