// Public face of the audit room.
export { appendAudit, verifyAuditChain, listAuditEntries, type AuditInput, type AuditChainProblem, type AuditFilter, type AuditListing } from './audit.service.ts';
export { auditLog } from './audit.sql.ts';
export { auditRoutes } from './audit.routes.ts';
