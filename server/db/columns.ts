// Column helpers shared by the rooms' tables: branded ids, money, instants.
import { integer, text } from 'drizzle-orm/sqlite-core';
import type { Id } from '../shared/ids.ts';
import type { Money } from '../shared/money.ts';

/** A UUIDv7 text column typed as the entity's branded id. */
export const idColumn = <Entity extends string>() => text().$type<Id<Entity>>();
/** Integer minor units. */
export const moneyColumn = () => integer().$type<Money>();
/** UTC epoch milliseconds. */
export const instantColumn = () => integer();
