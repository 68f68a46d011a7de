// Public face of the customer room.
export { createCustomer, getCustomer, searchCustomers, normalizePhone, type CustomerView, type NewCustomer } from './customer.service.ts';
export { customerRoutes } from './customer.routes.ts';
