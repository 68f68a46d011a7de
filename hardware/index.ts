// Public face of hardware/: the ports the box depends on and their adapters (ESC/POS, transports, queue, virtual printer).

// Receipt document and layout (pure)
export { barcodeOf, RECEIPT_COLUMNS, type FormatMoney, type ReceiptColumns, type ReceiptDocument, type ReceiptItem } from './receipt/receipt.document.ts';
export { layoutReceipt, receiptTranscript, type ReceiptRow } from './receipt/receipt.layout.ts';

// ESC/POS encoding: text mode, raster mode (Urdu/Arabic), drawer kicks, status bytes
export { encodeReceipt, printableDots, rowsNeedRaster, type CutMode, type EncodedReceipt, type EscPosOptions } from './escpos/escpos.encode.ts';
export { encodeRasterImage, encodeRasterReceipt, encodeReceiptForPrinter, previewReceipt, type PrintMode, type RasterReceipt } from './escpos/escpos.raster.ts';
export { DEFAULT_DRAWER_KICK, drawerKickBytes, realtimeDrawerPulseBytes, type DrawerKick, type DrawerPin } from './escpos/escpos.drawer.ts';
export { faultOf, parseStatusReplies, statusRequestBytes, type PaperState, type PrinterFault, type PrinterStatus } from './escpos/escpos.status.ts';
export { renderRows, rasterToPngBuffer, type RasterImage } from './raster/raster.render.ts';

// Transport port and adapters
export type { PrinterAddress, Transport, TransportTimeouts } from './transport/transport.port.ts';
export { DEFAULT_TIMEOUTS } from './transport/transport.port.ts';
export { formatPrinterAddress, parsePrinterAddress } from './transport/transport.address.ts';
export { createTransport } from './transport/transport.factory.ts';
export { TcpTransport } from './transport/tcp.transport.ts';
export { DeviceTransport } from './transport/device.transport.ts';

// Print queue (one owner per printer) and its job-store port
export { PrintQueue, type PendingJob, type PrinterQueueStatus, type PrinterState, type PrintJobStore, type PrintQueueOptions } from './queue/print-queue.ts';
export { MemoryJobStore } from './queue/memory-job-store.ts';

// Virtual printer (tests, demo mode, techs' checks)
export { startVirtualPrinter, READY_STATE, type VirtualPrinter, type VirtualPrinterState } from './virtual-printer/virtual-printer.ts';
export { EscPosParser, type ParsedEvent, type Pulse } from './virtual-printer/escpos.parser.ts';
export type { PrintedJob } from './virtual-printer/virtual-printer.jobs.ts';
export { previewPrintedJob } from './virtual-printer/virtual-printer.preview.ts';

// Labels (bwip-js), box-attached scanners, device discovery
export { encodeLabels, internalEan13, labelBarcodeFor, labelSheetPdf, labelSheetPng, type Label, type LabelBarcode } from './labels/label.ts';
export { decodeHidPosReport, HidPosAssembler, type Scan } from './scanner/hid-pos.ts';
export { FakeScannerSource, HidrawScannerSource, type ScannerSource } from './scanner/scanner-source.ts';
export { discoverDevices, parseIeee1284Id, type DiscoveredDevice } from './devices/device-discovery.ts';
export { testPage, TEST_PAGE_BARCODE, TEST_PAGE_QR } from './escpos/escpos.test-page.ts';
export { pollPrinterStatus } from './queue/status-poll.ts';
export { watchDevices, type DeviceChange } from './devices/device-watch.ts';
export { PoleDisplay, poleDisplayBytes, poleLine, type CustomerDisplay } from './display/pole-display.ts';
export { loadNodeHid, NodeHidScannerSource, scannerSourceFactory, type NodeHidLoad, type NodeHidModule } from './scanner/node-hid-source.ts';
export { usbIdentity, type UsbIdentity } from './devices/device-discovery.ts';
