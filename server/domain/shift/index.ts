// Public face of the shift room.
export { openShift, closeShift, currentShift, getShift, shiftForSale, addSaleToShift, type ShiftView, type OpenShiftInput } from './shift.service.ts';
export type { ShiftStatus } from './shift.sql.ts';
export { shiftRoutes } from './shift.routes.ts';
