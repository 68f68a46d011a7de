// Public face of the printing room.
export {
  calibrateDrawerPolarity, countQueuedJobs, enqueuePrintJob, findPrinter, findPrintJob, printerForCounter, listPrinters, listPrintJobs, markPrintJobAttemptFailed, markPrintJobDropped,
  markPrintJobPrinted, movePrintJob, nextQueuedJob, registerPrinter, reprintPrintJob, setPrinterAddress, setPrinterColumns, updatePrinter,
  type DrawerCalibration, type JobFilter, type NewPrinter, type NewPrintJob, type PrinterSummary, type PrintingEffects, type PrintJobSummary, type QueuedPrintJob,
} from './printing.service.ts';
export type { PrintJobKind, PrintJobStatus } from './printing.sql.ts';
export { printingRoutes } from './printing.routes.ts';
export { getReceiptTemplate, saveReceiptTemplate, TEMPLATE_BLOCKS, validateTemplate, type ReceiptTemplate, type TemplateBlock, type TemplateInput } from './receipt-template.service.ts';
