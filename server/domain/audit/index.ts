// Public face of the audit room.
export { appendAudit, verifyAuditChain, type AuditInput, type AuditChainProblem } from './audit.service.ts';
export { auditLog } from './audit.sql.ts';
