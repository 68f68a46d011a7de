// Public face of the inventory room.
export { recordMovements, findLedgerProblems, type MovementInput, type LedgerProblem } from './inventory.service.ts';
export type { StockReason } from './inventory.sql.ts';
