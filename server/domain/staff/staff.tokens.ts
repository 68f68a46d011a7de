// API tokens for integrations and scripts: shown once, stored as SHA-256, revocable, audited.
import { desc, eq } from 'drizzle-orm';
import type { Db } from '../../db/connection.ts';
import { transaction } from '../../db/transaction.ts';
import type { Clock } from '../../shared/clock.ts';
import { newId, type Id } from '../../shared/ids.ts';
import { err, ok, type Result } from '../../shared/result.ts';
import { appendAudit } from '../audit/index.ts';
import { findBranch } from '../branch/index.ts';
import { can, type Actor } from './actor.ts';
import { findRole } from './staff.roles.ts';
import { newSecret, sha256 } from './staff.secrets.ts';
import { apiTokens } from './staff.sql.ts';

const USED_RESOLUTION_MS = 60_000;

export interface ApiTokenListing {
  id: Id<'ApiToken'>;
  name: string;
  roleId: string;
  prefix: string;
  createdAt: number;
  lastUsedAt: number | null;
  revokedAt: number | null;
}

/** Who asked: a signed-in owner on a counter, or a technician at the CLI (null). */
const auditBy = (actor: Actor | null) => (actor ? { staffId: actor.staffId, counterId: actor.counterId, deviceId: actor.deviceId } : {});

/**
 * Creates a token; the secret is returned once and only its hash is kept. With a caller-made `id` a retry is
 * idempotent: it returns the same listing with `token: null` (the secret cannot be shown twice).
 */
export function createApiToken(
  db: Db, input: { name: string; roleId: string; id?: Id<'ApiToken'> }, clock: Clock, actor: Actor | null = null,
): Result<{ token: string | null; listing: ApiTokenListing }> {
  if (actor && !can(actor, 'manage_roles')) return err('PERMISSION_DENIED', `${actor.name} may not create API tokens`, { permission: 'manage_roles' });
  const name = input.name.trim();
  if (name.length === 0 || name.length > 80) return err('VALIDATION_FAILED', 'the token name must be 1 to 80 characters', { field: 'name' });
  if (!findRole(db, input.roleId)) return err('ROLE_UNKNOWN', `there is no role "${input.roleId}"`, { roleId: input.roleId });
  const token = newSecret('isk_');
  const now = clock.now();
  return transaction(db, (tx) => {
    const id = input.id ?? newId<'ApiToken'>();
    const existing = listApiTokens(tx.db).find((t) => t.id === id);
    if (existing) {
      return existing.name === name && existing.roleId === input.roleId
        ? ok({ token: null, listing: existing })
        : err('IDEMPOTENCY_KEY_REUSED', 'this token id was used for a different token', { id });
    }
    const listing = { id, name, roleId: input.roleId, prefix: token.slice(0, 10), createdAt: now, lastUsedAt: null, revokedAt: null };
    tx.db.insert(apiTokens).values({ ...listing, tokenHash: sha256(token) }).run();
    appendAudit(tx, {
      action: 'api_token.created', ...auditBy(actor), branchId: findBranch(tx.db)?.id ?? null, entityType: 'api_token', entityId: id,
      details: { name, roleId: input.roleId, prefix: listing.prefix },
    }, now);
    return ok({ token, listing });
  });
}

export function listApiTokens(db: Db): ApiTokenListing[] {
  return db.select({
    id: apiTokens.id, name: apiTokens.name, roleId: apiTokens.roleId, prefix: apiTokens.prefix, createdAt: apiTokens.createdAt,
    lastUsedAt: apiTokens.lastUsedAt, revokedAt: apiTokens.revokedAt,
  }).from(apiTokens).orderBy(desc(apiTokens.createdAt)).all();
}

/** Revokes by id or by the shown prefix; revoking a revoked token changes nothing. */
export function revokeApiToken(db: Db, ref: string, clock: Clock, actor: Actor | null = null): Result<ApiTokenListing> {
  if (actor && !can(actor, 'manage_roles')) return err('PERMISSION_DENIED', `${actor.name} may not revoke API tokens`, { permission: 'manage_roles' });
  const now = clock.now();
  return transaction(db, (tx) => {
    const rows = listApiTokens(tx.db).filter((t) => t.id === ref || t.prefix === ref || t.name === ref);
    if (rows.length === 0) return err('NOT_FOUND', `no token "${ref}"`, { token: ref });
    if (rows.length > 1) return err('VALIDATION_FAILED', `"${ref}" matches ${rows.length} tokens; use the id`, { token: ref });
    const row = rows[0]!;
    if (row.revokedAt !== null) return ok(row);
    tx.db.update(apiTokens).set({ revokedAt: now }).where(eq(apiTokens.id, row.id)).run();
    appendAudit(tx, { action: 'api_token.revoked', ...auditBy(actor), branchId: findBranch(tx.db)?.id ?? null, entityType: 'api_token', entityId: row.id, details: { name: row.name, prefix: row.prefix } }, now);
    return ok({ ...row, revokedAt: now });
  });
}

/** The Actor a bearer token stands for; `UNAUTHENTICATED` when unknown or revoked. */
export function authenticateApiToken(db: Db, token: string, now: number): Result<Actor> {
  const row = db.select().from(apiTokens).where(eq(apiTokens.tokenHash, sha256(token))).get();
  if (!row || row.revokedAt !== null) return err('UNAUTHENTICATED', row ? 'this API token was revoked' : 'unknown API token');
  const branch = findBranch(db);
  if (!branch) return err('UNAUTHENTICATED', 'this box has no branch yet');
  const role = findRole(db, row.roleId);
  if (row.lastUsedAt === null || now - row.lastUsedAt >= USED_RESOLUTION_MS) db.update(apiTokens).set({ lastUsedAt: now }).where(eq(apiTokens.id, row.id)).run();
  return ok({
    kind: 'token', staffId: null, name: row.name, roleId: row.roleId, permissions: role?.permissions ?? new Set(), maxDiscountBps: role?.maxDiscountBps ?? 0,
    branchId: branch.id, counterId: null, deviceId: null,
  });
}
