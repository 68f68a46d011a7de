// UUIDv7 ids (time-ordered, unique across branches) with a branded type per entity.
import { v7 as uuidv7, validate, version } from 'uuid';

declare const idBrand: unique symbol;
/** A UUIDv7 string that belongs to one kind of entity, e.g. `Id<'Sale'>`. */
export type Id<Entity extends string> = string & { readonly [idBrand]: Entity };

export function newId<Entity extends string>(): Id<Entity> {
  return uuidv7() as Id<Entity>;
}

/** True for a well-formed UUIDv7 (ids the terminal generates are checked with this). */
export function isUuidV7(value: string): boolean {
  return validate(value) && version(value) === 7;
}

export function asId<Entity extends string>(value: string): Id<Entity> {
  return value as Id<Entity>;
}
