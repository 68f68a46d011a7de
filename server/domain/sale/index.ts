// Public face of the sale room.
export { completeSale, completeSaleWithKey, getOrder, orderExists, listShiftOrders, reprintReceipt, requestHash, type OrderSummary, type SaleInput, type SaleLineInput, type TenderEntry, type SaleContext, type OrderView, type OrderLineView, type PaymentView } from './sale.service.ts';
export {
  priceOrder, settleTenders, checkQuantity, checkDiscount, lineGross, quickCash, TENDER_METHODS,
  type Discount, type LineInput, type PricedOrder, type PricedLine, type TenderMethod, type Unit, type Settlement,
} from './sale.rules.ts';
export { authorizeDiscount, authorizePriceOverride, discountBps } from './sale.approvals.ts';
export { saleSettings, type SaleSettings } from './sale.settings.ts';
export { NO_SALE_EFFECTS, type SaleEffects, type SaleEvents, type ReceiptPrinter, type ReceiptPrintRequest, type QuotePrintRequest, type SaleCompleted, type StockLevel } from './sale.ports.ts';
export { saleRoutes } from './sale.routes.ts';
