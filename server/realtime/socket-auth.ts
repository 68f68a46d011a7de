// What intent handlers call first: the socket's signed-in actor, optionally holding a permission, as a Result for the ack.
import type { Socket } from 'socket.io';
import { can, type Actor, type Permission } from '../domain/staff/index.ts';
import { err, ok, type Result } from '../shared/result.ts';
import type { SocketData } from './events.ts';

/**
 * `UNAUTHENTICATED` when nobody is signed in on the socket's counter (or it is locked), `PERMISSION_DENIED` naming
 * the permission when the actor lacks it. Ack the error as `{ ok: false, error }`.
 */
export function socketActor(socket: Pick<Socket, 'data'> & { data: Partial<SocketData> }, permission?: Permission): Result<Actor> {
  const actor = socket.data.actor;
  if (!actor) return err('UNAUTHENTICATED', 'sign in with your PIN first');
  if (permission && !can(actor, permission)) return err('PERMISSION_DENIED', `${actor.name} may not ${permission.replaceAll('_', ' ')}`, { permission });
  return ok(actor);
}
