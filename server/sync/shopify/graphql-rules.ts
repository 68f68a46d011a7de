// Extra validation rules for Shopify Admin documents, shared by the operations test and the emulator.
import {
  GraphQLError, Kind, NoDeprecatedCustomRule, specifiedRules, validate, valueFromASTUntyped,
  type ASTVisitor, type DocumentNode, type FieldNode, type GraphQLSchema, type OperationDefinitionNode, type ValidationContext,
  type ValidationRule,
} from 'graphql';

/** Mutations that take `@idempotent(key:)`, required from 2026-04 (reference §1.2). */
export const IDEMPOTENT_MUTATIONS: ReadonlySet<string> = new Set([
  'inventoryAdjustQuantities', 'inventoryMoveQuantities', 'inventorySetQuantities', 'inventorySetOnHandQuantities',
  'inventoryActivate', 'inventoryShipmentCreate', 'inventoryShipmentCreateInTransit', 'inventoryShipmentAddItems',
  'inventoryShipmentReceive', 'inventoryTransferCreate', 'inventoryTransferCreateAsReadyToShip',
  'inventoryTransferDuplicate', 'inventoryTransferSetItems', 'locationActivate', 'locationDeactivate', 'refundCreate',
]);

export const IDEMPOTENT_REQUIRED_MESSAGE = 'The @idempotent directive is required for this mutation but was not provided.';
export const MAX_INPUT_ARRAY = 250;
export const MAX_PAGE_SIZE = 250;

function rootFieldsOf(operation: OperationDefinitionNode): FieldNode[] {
  return operation.selectionSet.selections.filter((s): s is FieldNode => s.kind === Kind.FIELD);
}

/** Every mutation in IDEMPOTENT_MUTATIONS carries `@idempotent(key:)` with a non-blank literal (variables are checked after coercion). */
export const IdempotentRequiredRule: ValidationRule = (context: ValidationContext): ASTVisitor => ({
  OperationDefinition(operation) {
    if (operation.operation !== 'mutation') return;
    for (const field of rootFieldsOf(operation)) {
      if (!IDEMPOTENT_MUTATIONS.has(field.name.value)) continue;
      const directive = field.directives?.find((d) => d.name.value === 'idempotent');
      if (!directive) {
        context.reportError(new GraphQLError(IDEMPOTENT_REQUIRED_MESSAGE, { nodes: field, extensions: { code: 'BAD_REQUEST' } }));
        continue;
      }
      const key = directive.arguments?.find((a) => a.name.value === 'key');
      if (key && key.value.kind === Kind.STRING && key.value.value.trim() === '') {
        context.reportError(new GraphQLError('The @idempotent key must not be empty.', { nodes: key, extensions: { code: 'BAD_REQUEST' } }));
      }
    }
  },
});

/** Spec validation accepts `@idempotent` on any field: refuse it outside the root fields of the mutations that support it. */
export const IdempotentOnlyWhereSupportedRule: ValidationRule = (context: ValidationContext): ASTVisitor => {
  const allowed = new Set<FieldNode>();
  return {
    OperationDefinition(operation) {
      if (operation.operation !== 'mutation') return;
      for (const field of rootFieldsOf(operation)) if (IDEMPOTENT_MUTATIONS.has(field.name.value)) allowed.add(field);
    },
    Field(field) {
      if (!field.directives?.some((d) => d.name.value === 'idempotent')) return;
      if (!allowed.has(field)) {
        context.reportError(new GraphQLError(`The @idempotent directive is not supported on field "${field.name.value}".`, {
          nodes: field, extensions: { code: 'BAD_REQUEST' },
        }));
      }
    },
  };
};

/** Literal input lists hold at most 250 items (variables are checked by checkVariableArrays). */
export const MaxInputArray250Rule: ValidationRule = (context: ValidationContext): ASTVisitor => ({
  ListValue(node) {
    if (node.values.length > MAX_INPUT_ARRAY) {
      context.reportError(new GraphQLError(`The input array size of ${node.values.length} is greater than the maximum allowed of ${MAX_INPUT_ARRAY}.`, {
        nodes: node, extensions: { code: 'MAX_INPUT_SIZE_EXCEEDED' },
      }));
    }
  },
});

export const SHOPIFY_EXTRA_RULES: readonly ValidationRule[] = [
  IdempotentRequiredRule, IdempotentOnlyWhereSupportedRule, NoDeprecatedCustomRule, MaxInputArray250Rule,
];

/** graphql-js `validate` with the specified rules plus the Shopify rules above. */
export function validateShopifyDocument(schema: GraphQLSchema, document: DocumentNode): readonly GraphQLError[] {
  return validate(schema, document, [...specifiedRules, ...SHOPIFY_EXTRA_RULES]);
}

/** Arrays anywhere in coerced variables hold at most 250 items. */
export function checkVariableArrays(value: unknown, path: string[] = []): GraphQLError | null {
  if (Array.isArray(value)) {
    if (value.length > MAX_INPUT_ARRAY) {
      return new GraphQLError(`The input array size of ${value.length} is greater than the maximum allowed of ${MAX_INPUT_ARRAY}.`, {
        path, extensions: { code: 'MAX_INPUT_SIZE_EXCEEDED' },
      });
    }
    for (const [i, item] of value.entries()) {
      const e = checkVariableArrays(item, [...path, String(i)]);
      if (e) return e;
    }
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      const e = checkVariableArrays(v, [...path, k]);
      if (e) return e;
    }
  }
  return null;
}

/** Semantic checks validate() cannot make: blank idempotency keys from variables, missing changeFromQuantity, page sizes. */
export function checkSemantics(operation: OperationDefinitionNode, variables: Record<string, unknown>, options: { bulk?: boolean } = {}): GraphQLError | null {
  const arrays = checkVariableArrays(variables);
  if (arrays) return arrays;
  for (const field of rootFieldsOf(operation)) {
    const directive = field.directives?.find((d) => d.name.value === 'idempotent');
    const keyArg = directive?.arguments?.find((a) => a.name.value === 'key');
    if (keyArg) {
      const key = valueFromASTUntyped(keyArg.value, variables);
      if (typeof key !== 'string' || key.trim() === '') {
        return new GraphQLError('The @idempotent key must not be empty.', { nodes: keyArg, extensions: { code: 'BAD_REQUEST' } });
      }
    }
    if (field.name.value === 'inventoryAdjustQuantities' || field.name.value === 'inventorySetQuantities') {
      const input = field.arguments?.find((a) => a.name.value === 'input');
      const raw = input ? (valueFromASTUntyped(input.value, variables) as Record<string, unknown> | null) : null;
      const list = (raw?.[field.name.value === 'inventorySetQuantities' ? 'quantities' : 'changes'] ?? []) as Array<Record<string, unknown>>;
      const typeName = field.name.value === 'inventorySetQuantities' ? 'InventoryQuantityInput' : 'InventoryChangeInput';
      if (list.some((c) => c && typeof c === 'object' && (!Object.hasOwn(c, 'changeFromQuantity') || c.changeFromQuantity === undefined))) {
        return new GraphQLError(`${typeName} must include the following argument: changeFromQuantity`, {
          nodes: field, extensions: { code: 'INVALID_FIELD_ARGUMENTS' },
        });
      }
    }
  }
  if (!options.bulk) {
    const tooBig = findPageTooBig(operation, variables);
    if (tooBig) return tooBig;
  }
  return null;
}

function findPageTooBig(operation: OperationDefinitionNode, variables: Record<string, unknown>): GraphQLError | null {
  let found: GraphQLError | null = null;
  const visit = (selections: readonly import('graphql').SelectionNode[]) => {
    for (const s of selections) {
      if (found) return;
      if (s.kind === Kind.FIELD) {
        for (const a of s.arguments ?? []) {
          if (a.name.value !== 'first' && a.name.value !== 'last') continue;
          const n = valueFromASTUntyped(a.value, variables);
          if (typeof n === 'number' && n > MAX_PAGE_SIZE) {
            found = new GraphQLError(`The page size of ${n} for "${s.name.value}" is greater than the maximum allowed of ${MAX_PAGE_SIZE}.`, {
              nodes: a, extensions: { code: 'MAX_PAGE_SIZE_EXCEEDED' },
            });
          }
        }
      }
      if ('selectionSet' in s && s.selectionSet) visit(s.selectionSet.selections);
    }
  };
  visit(operation.selectionSet.selections);
  return found;
}
